import { encodeBytes32String, type ContractTransactionResponse, type Signer } from "ethers";
import {
  AgreementRegistry__factory,
  ClearingHouse__factory,
  ClusterFactory__factory,
  ClusterGovernor__factory,
  ClusterRegistry__factory,
  DocumentRegistry__factory,
  Membership__factory,
  NodeRegistry__factory,
  ServiceCatalog__factory,
} from "../types/typechain/index.js";
import { BUILT_IN_MANIFESTS } from "../core/services/catalog/index.js";
import { REPOSITORIES } from "../core/chain/enums.js";
import { manifestCid } from "../core/services/manifestCid.js";
import { readDeployment, writeDeployment } from "../core/node/deploymentFile.js";
import type { ContractName, DeployedContract, DeploymentRecord } from "../core/deployment/record.js";
import { componentKindId } from "../core/chain/componentKinds.js";

export interface DeployOptions {
  /** Where the record is read from (to reuse what is deployed) and written to. */
  recordPath?: string;
  log?: (line: string) => void;
}

export const MEMBERSHIP_KIND = componentKindId("Membership");

interface Deployable {
  getAddress(): Promise<string>;
  deploymentTransaction(): ContractTransactionResponse | null;
}

type DeployTemplate = (s: Signer, registry: string) => Promise<Deployable>;

/**
 * The components every new cluster gets besides its Membership, in deployment order. Each
 * implementation is bound to the registry (and reads its service id from the catalog) when it
 * is deployed, so the catalog is seeded first.
 */
const COMPONENTS: readonly { kind: string; deploy: DeployTemplate }[] = [
  { kind: "Governor", deploy: (s, registry) => new ClusterGovernor__factory(s).deploy(registry) },
  { kind: "Documents", deploy: (s, registry) => new DocumentRegistry__factory(s).deploy(registry) },
  { kind: "Agreements", deploy: (s, registry) => new AgreementRegistry__factory(s).deploy(registry) },
  { kind: "Clearing", deploy: (s, registry) => new ClearingHouse__factory(s).deploy(registry) },
];

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
  const components: Record<string, DeployedContract> = {};

  /** Reuses `known` when its code is on chain, else deploys; returns what to record. */
  async function ensureDeployed(
    name: string,
    known: DeployedContract | undefined,
    deploy: () => Promise<{ address: string; tx: ContractTransactionResponse | null }>,
  ): Promise<DeployedContract> {
    if (known && (await provider!.getCode(known.address)) !== "0x") {
      log(`${name}: already at ${known.address}`);
      return known;
    }
    const { address, tx } = await deploy();
    const receipt = await tx?.wait();
    if (!receipt) throw new Error(`${name}: deployment transaction was not mined`);
    log(`${name}: deployed at ${address} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
    return { address: address.toLowerCase(), block: receipt.blockNumber, txHash: receipt.hash };
  }

  async function ensure(name: ContractName, deploy: () => Promise<{ address: string; tx: ContractTransactionResponse | null }>) {
    contracts[name] = await ensureDeployed(name, reusable?.contracts[name], deploy);
    return contracts[name].address;
  }

  const deployed = async (c: Promise<Deployable>) => {
    const contract = await c;
    return { address: await contract.getAddress(), tx: contract.deploymentTransaction() };
  };

  const catalogAddress = await ensure("ServiceCatalog", () => deployed(new ServiceCatalog__factory(signer).deploy(admin)));
  const registryAddress = await ensure("ClusterRegistry", () => deployed(new ClusterRegistry__factory(signer).deploy(admin, catalogAddress)));
  const factoryAddress = await ensure("ClusterFactory", () => deployed(new ClusterFactory__factory(signer).deploy(registryAddress)));
  const membershipImpl = await ensure("MembershipImpl", () => deployed(new Membership__factory(signer).deploy(registryAddress)));
  await ensure("NodeRegistry", () => deployed(new NodeRegistry__factory(signer).deploy(admin, registryAddress)));

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

  if ((await registry.componentFactory()).toLowerCase() !== factoryAddress.toLowerCase()) {
    await send("factory clones components on demand", registry.setComponentFactory(factoryAddress));
  }

  const catalog = ServiceCatalog__factory.connect(catalogAddress, signer);
  for (const manifest of BUILT_IN_MANIFESTS) {
    const cid = await manifestCid(manifest);
    const serviceId = await catalog.serviceIdByName(manifest.id);
    if (serviceId === 0n) {
      const repository = REPOSITORIES.indexOf(manifest.repository);
      await send(`registered service ${manifest.id}`, catalog.registerService(manifest.id, repository, manifest.version, cid));
    } else if (isNewer(manifest.version, (await catalog.service(serviceId)).version)) {
      // A platform upgraded in place: the catalog gets the new manifest as a new version (never an older one).
      await send(`published ${manifest.id} ${manifest.version}`, catalog.publishVersion(serviceId, manifest.version, cid));
    }
  }

  for (const component of COMPONENTS) {
    const deployedImpl = await ensureDeployed(`${component.kind} implementation`, reusable?.components[component.kind], () =>
      deployed(component.deploy(signer, registryAddress)),
    );
    components[component.kind] = deployedImpl;
    const kind = encodeBytes32String(component.kind);
    if ((await factory.implementation(kind)).toLowerCase() !== deployedImpl.address) {
      await send(`set ${component.kind} implementation`, factory.setImplementation(kind, deployedImpl.address));
    }
  }

  const record: DeploymentRecord = {
    chainId,
    genesisHash: genesis.hash,
    deployedAt: reusable?.deployedAt ?? new Date().toISOString(),
    contracts: contracts as Record<ContractName, DeployedContract>,
    components,
  };
  if (opts.recordPath) await writeDeployment(opts.recordPath, record);
  return record;
}

/** Whether release `a` comes after `b` (major.minor.patch; built-in manifests carry no pre-release tags). */
function isNewer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/, 3).map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return (x![i] ?? 0) > (y![i] ?? 0);
  return false;
}
