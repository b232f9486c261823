import { encodeBytes32String, type ContractTransactionResponse, type Signer } from "ethers";
import {
  ClusterFactory__factory,
  ClusterRegistry__factory,
  Membership__factory,
  ServiceCatalog__factory,
} from "../types/typechain/index.js";
import { kuboCid, manifestBytes } from "./manifest.js";
import { readDeployment, writeDeployment, type ContractName, type DeployedContract, type DeploymentRecord } from "./record.js";
import { SEED_SERVICES, repositoryIndex } from "./services.js";

export { readDeployment } from "./record.js";

export interface DeployOptions {
  /** Where the record is read from (to reuse what is deployed) and written to. */
  recordPath?: string;
  log?: (line: string) => void;
}

export const MEMBERSHIP_KIND = encodeBytes32String("Membership");

/**
 * Deploys the platform (catalog, registry, factory, per-cluster implementations), wires the
 * roles and seeds the catalog. Idempotent: what the record and the chain already hold is
 * reused, so a second run sends no transaction.
 */
export async function deployPlatform(signer: Signer, opts: DeployOptions = {}): Promise<DeploymentRecord> {
  const log = opts.log ?? (() => {});
  const provider = signer.provider;
  if (!provider) throw new Error("The deployer signer must be connected to a provider");
  const admin = await signer.getAddress();
  const chainId = Number((await provider.getNetwork()).chainId);
  const genesis = await provider.getBlock(0);
  if (!genesis?.hash) throw new Error("The node did not return its genesis block");

  const previous = opts.recordPath ? await readDeployment(opts.recordPath).catch(() => undefined) : undefined;
  const reusable = previous && previous.chainId === chainId && previous.genesisHash === genesis.hash ? previous : undefined;
  const contracts: Partial<Record<ContractName, DeployedContract>> = {};

  async function ensure(name: ContractName, deploy: () => Promise<{ address: string; tx: ContractTransactionResponse | null }>) {
    const known = reusable?.contracts[name];
    if (known && (await provider!.getCode(known.address)) !== "0x") {
      log(`${name}: already at ${known.address}`);
      contracts[name] = known;
      return known.address;
    }
    const { address, tx } = await deploy();
    const receipt = await tx?.wait();
    if (!receipt) throw new Error(`${name}: deployment transaction was not mined`);
    contracts[name] = { address: address.toLowerCase(), block: receipt.blockNumber, txHash: receipt.hash };
    log(`${name}: deployed at ${address} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
    return address;
  }

  const deployed = async <C extends { getAddress(): Promise<string>; deploymentTransaction(): ContractTransactionResponse | null }>(c: Promise<C>) => {
    const contract = await c;
    return { address: await contract.getAddress(), tx: contract.deploymentTransaction() };
  };

  const catalogAddress = await ensure("ServiceCatalog", () => deployed(new ServiceCatalog__factory(signer).deploy(admin)));
  const registryAddress = await ensure("ClusterRegistry", () =>
    deployed(new ClusterRegistry__factory(signer).deploy(admin, catalogAddress)),
  );
  const factoryAddress = await ensure("ClusterFactory", () =>
    deployed(new ClusterFactory__factory(signer).deploy(registryAddress)),
  );
  const membershipImpl = await ensure("MembershipImpl", () => deployed(new Membership__factory(signer).deploy()));

  const send = async (what: string, tx: Promise<ContractTransactionResponse>) => {
    const receipt = await (await tx).wait();
    log(`${what} (gas ${receipt?.gasUsed})`);
  };

  const registry = ClusterRegistry__factory.connect(registryAddress, signer);
  for (const role of [await registry.CDC_ROLE(), await registry.FACTORY_ROLE()]) {
    if (!(await registry.hasRole(role, factoryAddress))) await send(`granted factory role ${role.slice(0, 10)}`, registry.grantRole(role, factoryAddress));
  }
  const factory = ClusterFactory__factory.connect(factoryAddress, signer);
  if ((await factory.implementation(MEMBERSHIP_KIND)).toLowerCase() !== membershipImpl.toLowerCase()) {
    await send("set Membership implementation", factory.setImplementation(MEMBERSHIP_KIND, membershipImpl));
  }

  const catalog = ServiceCatalog__factory.connect(catalogAddress, signer);
  for (const seed of SEED_SERVICES) {
    if ((await catalog.serviceIdByName(seed.name)) !== 0n) continue;
    const cid = await kuboCid(manifestBytes({ ...seed, manifestVersion: 1 }));
    await send(`registered service ${seed.name}`, catalog.registerService(seed.name, repositoryIndex(seed.repository), seed.version, cid));
  }

  const record: DeploymentRecord = {
    chainId,
    genesisHash: genesis.hash,
    deployedAt: reusable?.deployedAt ?? new Date().toISOString(),
    contracts: contracts as Record<ContractName, DeployedContract>,
  };
  if (opts.recordPath) await writeDeployment(opts.recordPath, record);
  return record;
}
