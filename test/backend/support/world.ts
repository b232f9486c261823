import { timeTravel } from "../../../scripts/lib/chain.js";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { id, type ContractTransactionResponse, type HDNodeWallet } from "ethers";
import { createClusterFromSpec, type CreatedCluster } from "../../../deploy/cluster.js";
import { deployPlatform } from "../../../deploy/platform.js";
import type { DeploymentRecord } from "../../../core/deployment/record.js";
import type { ClusterSpecJson } from "../../../deploy/spec.js";
import { ROOT } from "../../../scripts/lib/processes.js";
import { ClusterRegistry__factory, IMembership__factory, ServiceCatalog__factory } from "../../../types/typechain/index.js";
import { account, sharedChain, type TestChain } from "./chain.js";
import { execute, governorOf, proposed, Vote, type Proposed } from "./governance.js";
import type { ClusterGovernor } from "../../../types/typechain/index.js";

export async function send(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction not mined");
  return receipt.blockNumber;
}

export async function demoSpec(): Promise<ClusterSpecJson> {
  return JSON.parse(await readFile(join(ROOT, "deploy", "clusters", "demo.json"), "utf8")) as ClusterSpecJson;
}

export const CDC_ROLE = id("CDC_ROLE");

const PARAMS = {
  votingPeriod: 86_400,
  quorumBps: 4000,
  approvalThresholdBps: 5100,
  admissionPolicy: 1,
  documentsMustBeEncrypted: false,
  coreVeto: true,
  clearingCycleLength: 604_800,
  settlementToken: "0x000000000000000000000000000000000000dEaD",
};

export interface PlatformWorld {
  chain: TestChain;
  recordPath: string;
  record: DeploymentRecord;
  cdc: HDNodeWallet;
  demo: CreatedCluster;
  /** The demo cluster's CDO (hardhat account 9). */
  cdo: HDNodeWallet;
  /** A founding member of the demo cluster (account 1) and an outsider (account 17). */
  member: HDNodeWallet;
  outsider: HDNodeWallet;
  second: CreatedCluster;
  lastBlock: number;
}

/**
 * The platform deployed and used the way people use it: the demo cluster, reconfigured, with
 * members added, promoted and re-keyed, links added and removed; a rejected initiative, a
 * pending one, a second cluster handed to a new CDO and dissolved; CDC roles granted and revoked.
 */
async function buildPlatformWorld(): Promise<PlatformWorld> {
  const chain = await sharedChain();
  const { provider } = chain;
  const cdc = account(0, provider);
  const cdo = account(9, provider);
  const recordPath = join(await mkdtemp(join(tmpdir(), "cluster-backend-")), "deployment.json");
  const record = await deployPlatform(cdc, { recordPath });
  const spec = await demoSpec();
  const demo = await createClusterFromSpec(cdc, record, spec);

  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, cdc);
  const demoId = demo.clusterId;

  // An active cluster changes only by its members' decision (issue 9): the CDC proposes the new
  // configuration, a member the admission and the promotion; all eight founders pass them.
  const enabled = await registry.enabledServices(demoId);
  const notEnabled = [...Array(Number(await catalog.serviceCount())).keys()].map((i) => BigInt(i + 1)).filter((sid) => !enabled.includes(sid));
  // An active system service stays on (SystemServiceRequired): the pause is of a basic or applied one.
  const pausable = await (async () => {
    for (const sid of enabled) if ((await catalog.service(sid)).repository !== 0n) return sid;
    throw new Error("The demo enables no basic or applied service");
  })();
  const founders = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => account(i, provider));
  const newcomer = account(10, provider);
  await decideTogether(provider, await governorOf({ record, cdc } as PlatformWorld, demoId, founders[0]!), founders, [
    (g) => g.connect(cdc).proposeParams(PARAMS, "Core votes on admissions, a day's vote, the core veto"),
    (g) => g.connect(cdc).proposeService(pausable, false, "Pause a service"),
    (g) => g.connect(cdc).proposeService(pausable, true, "Resume it"),
    (g) => g.connect(cdc).proposeService(notEnabled[0]!, true, "Enable one more service"),
    (g) =>
      g.proposeAdmission(
        newcomer.address,
        { name: "Gomel Robotics Lab", kind: 1, registrationCid: "bafkreinewcomer", encryptionKey: "0x" },
        1,
        "Admit Gomel Robotics Lab",
      ),
    (g) => g.proposeRole(account(4, provider).address, 2, "Polesie Metal Castings to the core"),
  ]);
  await send(catalog.publishVersion(1n, "1.1.0", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"));
  await send(catalog.deprecate(notEnabled.at(-1)!));

  const membership = IMembership__factory.connect(demo.membership, cdo);
  const berezina = account(5, provider);
  await send(membership.connect(berezina).updateProfile(berezina.address, "Berezina Hydraulics JSC", 0, "bafkreiprofile"));
  await send(membership.addPartner("Baltic Port Services"));
  const nodes = await membership.nodeCount();
  await send(membership.addLink(nodes, 1n, 2, true));
  await send(membership.addLink(9n, 2n, 0, false));
  await send(membership.removeLink(1n));
  const member = account(1, provider);
  await send(membership.connect(member).setEncryptionKey(`0x04${"ab".repeat(64)}`));

  const rejected = (await registry.clusterCount()) + 1n;
  await send(registry.registerInitiative("Mozyr Chemical Initiative", account(11, provider).address, PARAMS, [1n, 2n]));
  await send(registry.openVoting(rejected));
  await send(registry.recordVote(rejected, false));
  await send(registry.registerInitiative("Vitebsk Textile Initiative", account(12, provider).address, PARAMS, []));

  // The second cluster is registered with an hour's wind-down (each cluster keeps its own).
  await send(registry.setWindDownPeriod(3600));
  const second = await createClusterFromSpec(cdc, record, {
    ...spec,
    name: "Gomel Agro Cluster",
    cdo: account(13, provider).address,
    founders: [
      { account: account(14, provider).address, name: "Gomel Seeds", kind: "enterprise", role: "core" },
      { account: account(15, provider).address, name: "Agro University", kind: "university", role: "participant" },
    ],
    partners: ["Export Terminal"],
    links: [
      { from: "Agro University", to: "Gomel Seeds", kind: "intellectual" },
      { from: "Export Terminal", to: "Gomel Seeds", kind: "service", clusterActivity: false },
    ],
  });
  // A new CDO and the dissolution, both by the members' vote (issue 3, issue 9).
  const [seeds, university] = [account(14, provider), account(15, provider)];
  const governor = await governorOf({ record, cdc } as PlatformWorld, second.clusterId, seeds);
  await decideTogether(
    provider,
    governor,
    [seeds, university],
    [
      (g) => g.proposeCdo(account(16, provider).address, "Hand the Gomel Agro Cluster to a new CDO"),
      (g) => g.proposeDissolution("Wind the Gomel Agro Cluster down"),
    ],
  );
  await timeTravel(provider, 3601);
  await send(registry.completeDissolution(second.clusterId));

  await send(registry.grantRole(CDC_ROLE, account(18, provider).address));
  await send(registry.grantRole(CDC_ROLE, account(19, provider).address));
  const lastBlock = await send(registry.revokeRole(CDC_ROLE, account(19, provider).address));

  return { chain, recordPath, record, cdc, demo, cdo, member, outsider: account(17, provider), second, lastBlock };
}

/**
 * Proposals decided together: each `propose` is sent (as the governor's runner unless it connects
 * another), every voter votes For on each, the vote ends, and they are executed in order.
 */
export async function decideTogether(
  provider: TestChain["provider"],
  governor: ClusterGovernor,
  voters: HDNodeWallet[],
  proposals: ((g: ClusterGovernor) => Promise<ContractTransactionResponse>)[],
): Promise<Proposed[]> {
  const made: Proposed[] = [];
  for (const propose of proposals) made.push(await proposed(governor, propose(governor)));
  for (const p of made) for (const v of voters) await send(governor.connect(v).castVote(p.proposalId, Vote.For));
  const deadline = Math.max(...(await Promise.all(made.map(async (p) => Number(await governor.proposalDeadline(p.proposalId))))));
  const now = (await provider.getBlock("latest"))!.timestamp;
  await timeTravel(provider, deadline - now + 1);
  for (const p of made) await execute(governor, p);
  return made;
}

let platform: Promise<PlatformWorld> | undefined;

/** Built once on the shared chain and reused by every suite (suites may add clusters, never change these). */
export function platformWorld(): Promise<PlatformWorld> {
  platform ??= buildPlatformWorld();
  return platform;
}
