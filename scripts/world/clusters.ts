/**
 * The world's clusters: created by the CDC through the factory (one transaction each, founders,
 * partners and links included), then the large one grown the only one-transaction way the
 * contracts allow, its CDO admitting members under CdoDecision and drawing its links.
 */
import type { HDNodeWallet, Provider, Wallet } from "ethers";
import { componentKindId } from "../../core/chain/componentKinds.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { FLOW_KINDS, MEMBER_KINDS, type AdmissionPolicy } from "../../core/chain/enums.js";
import { parseClusterSpec, toFactorySpec, type ClusterSpecJson } from "../../deploy/spec.js";
import {
  ClusterFactory__factory,
  ClusterRegistry__factory,
  Membership__factory,
  ServiceCatalog__factory,
  type IClusterFactory,
} from "../../types/typechain/index.js";
import type { Random } from "./random.js";
import type { Call, Sender } from "./sender.js";
import { LARGE_FOUNDERS, LARGE_SHARE, SMALL_CLUSTER_MEMBERS, type WorldSizes } from "./sizes.js";
import { worldWallet } from "./wallets.js";
import demo from "../../deploy/clusters/demo.json" with { type: "json" };

export interface WorldCluster {
  /** 0 is the large cluster. */
  index: number;
  clusterId: bigint;
  name: string;
  cdo: Wallet;
  members: Wallet[];
  policy: AdmissionPolicy;
  params: IClusterFactory.ClusterSpecStruct["params"];
  membership: string;
  governor: string;
  documents: string;
  agreements: string;
  clearing: string;
}

// The demo cluster's services: every component (documents, agreements, clearing) is cloned at creation.
const SERVICES: string[] = demo.services;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A member's public name: unique in its cluster, as Membership's node names must be. */
export function memberName(cluster: number, i: number): string {
  return `World ${pad(cluster, 2)} member ${pad(i, 4)}`;
}

interface Planned {
  index: number;
  json: ClusterSpecJson;
  cdo: Wallet;
  members: Wallet[];
  policy: AdmissionPolicy;
}

/** Every cluster's description and keys; the large cluster's later members included. */
export function planClusters(seed: number, sizes: WorldSizes, random: Random, settlementToken: string): Planned[] {
  return Array.from({ length: sizes.clusters }, (_, c) => {
    const large = c === 0;
    const count = large ? sizes.largeMembers : SMALL_CLUSTER_MEMBERS;
    const members = Array.from({ length: count }, (_, i) => worldWallet(seed, `cluster ${c} member ${i}`));
    const founders = members.slice(0, large ? Math.min(LARGE_FOUNDERS, count) : count);
    const policy: AdmissionPolicy = large ? "cdoDecision" : "membersVote";
    const names = founders.map((_, i) => memberName(c, i));
    const partner = `World ${pad(c, 2)} supplier`;
    const json: ClusterSpecJson = {
      name: `World cluster ${pad(c, 2)}${large ? " (large)" : ""}`,
      cdo: "",
      params: {
        votingPeriod: 259_200,
        quorumBps: 5000,
        approvalThresholdBps: 6000,
        admissionPolicy: policy,
        documentsMustBeEncrypted: false,
        coreVeto: false,
        clearingCycleLength: 2_592_000,
        settlementToken,
      },
      services: SERVICES,
      founders: founders.map((w, i) => ({ account: w.address, name: names[i]!, kind: random.pick(MEMBER_KINDS), role: i < 3 ? "core" : "participant" })),
      partners: large ? [] : [partner],
      // The small clusters' network comes with them: a ring of their members and one outside supplier.
      links: large
        ? []
        : [
            ...names.map((from, i) => ({ from, to: names[(i + 1) % names.length]!, kind: random.pick(FLOW_KINDS) })),
            { from: partner, to: names[0]!, kind: "material" as const, clusterActivity: false },
          ],
    };
    const cdo = worldWallet(seed, `cluster ${c} cdo`);
    json.cdo = cdo.address;
    return { index: c, json, cdo, members, policy };
  });
}

/** Creates the planned clusters (the CDC signs each factory call) and finds their components. */
export async function createClusters(
  sender: Sender,
  provider: Provider,
  cdc: HDNodeWallet,
  record: DeploymentRecord,
  plans: Planned[],
): Promise<WorldCluster[]> {
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, provider);
  const serviceIds = await Promise.all(SERVICES.map((s) => catalog.serviceIdByName(s)));
  const factory = ClusterFactory__factory.createInterface();
  const specs = plans.map((p) => toFactorySpec(parseClusterSpec(p.json), serviceIds));
  const to = record.contracts.ClusterFactory.address;
  const calls: Call[] = specs.map((spec, i) => ({
    from: cdc,
    to,
    data: factory.encodeFunctionData("createCluster", [spec]),
    shape: i === 0 ? "large cluster" : "cluster",
  }));
  const receipts = await sender.send("clusters", calls);

  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, provider);
  return Promise.all(
    plans.map(async (plan, i) => {
      const deployed = receipts[i]!.logs.map((l) => factory.parseLog(l)).find((e) => e?.name === "ClusterDeployed");
      if (!deployed) throw new Error(`Cluster "${plan.json.name}" was created without a ClusterDeployed event`);
      const clusterId = deployed.args.clusterId as bigint;
      const component = (kind: Parameters<typeof componentKindId>[0]) => registry.componentOf(clusterId, componentKindId(kind));
      const [governor, documents, agreements, clearing] = await Promise.all([
        component("Governor"),
        component("Documents"),
        component("Agreements"),
        component("Clearing"),
      ]);
      return {
        index: plan.index,
        clusterId,
        name: plan.json.name,
        cdo: plan.cdo,
        members: plan.members,
        policy: plan.policy,
        params: specs[i]!.params,
        membership: String(deployed.args.membership),
        governor,
        documents,
        agreements,
        clearing,
      };
    }),
  );
}

/** The large cluster's members beyond its founders, admitted by its CDO (CdoDecision). */
export async function admitMembers(sender: Sender, large: WorldCluster, founders: number, random: Random): Promise<void> {
  const membership = Membership__factory.createInterface();
  const calls: Call[] = large.members.slice(founders).map((w, k) => ({
    from: large.cdo,
    to: large.membership,
    data: membership.encodeFunctionData("addMember", [
      w.address,
      { name: memberName(large.index, founders + k), kind: random.int(MEMBER_KINDS.length), registrationCid: "", encryptionKey: "0x" },
      1, // participant
    ]),
    shape: "addMember",
  }));
  await sender.send("members", calls);
}

/** Links between random members of the large cluster (node ids 1..members: it has no partners). */
export async function drawLinks(sender: Sender, large: WorldCluster, count: number, random: Random): Promise<void> {
  const membership = Membership__factory.createInterface();
  const n = large.members.length;
  const calls: Call[] = Array.from({ length: count }, () => {
    const from = 1 + random.int(n);
    const to = 1 + ((from + random.int(n - 1)) % n); // never `from` itself
    return {
      from: large.cdo,
      to: large.membership,
      data: membership.encodeFunctionData("addLink", [from, to, random.int(FLOW_KINDS.length), random.chance(0.9)]),
      shape: "addLink",
    };
  });
  await sender.send("links", calls);
}

/** The cluster a record goes to: the large one LARGE_SHARE of the time, else any other alike. */
export function pickCluster(clusters: WorldCluster[], random: Random): WorldCluster {
  if (clusters.length === 1 || random.chance(LARGE_SHARE)) return clusters[0]!;
  return clusters[1 + random.int(clusters.length - 1)]!;
}
