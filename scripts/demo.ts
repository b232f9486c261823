/**
 * The governance part of the local platform's demo data: a cluster dissolved by its members'
 * vote, an initiative group's vote in progress, an application, sponsored by a member,
 * waiting for the demo cluster's vote, and a member's node waiting for the CDC's approval. Local chains only: it moves the clock forward through the
 * strict proxy's test channel.
 */
import { id, SigningKey, type JsonRpcProvider, type Signer } from "ethers";
import { createClusterFromSpec } from "../deploy/cluster.js";
import { Vote, execute, governorOf, proposed } from "../core/chain/governor.js";
import type { DeploymentRecord } from "../core/deployment/record.js";
import { ADMISSION_POLICIES, MEMBER_KINDS } from "../core/chain/enums.js";
import type { ClusterSpec } from "../deploy/spec.js";
import { ClusterFactory__factory, ClusterRegistry__factory, INodeRegistry__factory, ServiceCatalog__factory } from "../types/typechain/index.js";
import { localAccount } from "./lib/accounts.js";
import { timeTravel as travel } from "./lib/chain.js";

const HOUR = 3600;

/** The dev accounts the demo gives a part, beyond the CDC, the demo cluster's CDO and its founders. */
const ACCOUNTS = { dissolvedCdo: 13, mill: 14, college: 15, initiativeCdo: 16, applicant: 17 } as const;
const INITIATIVE_GROUP = [
  { index: 10, name: "Mozyr Oil Refinery", kind: "enterprise" as const },
  { index: 11, name: "Polesie Polymer Institute", kind: "rndCentre" as const },
  { index: 12, name: "Mozyr Logistics Terminal", kind: "serviceProvider" as const },
];

/** Who each seeded account is and what a person signing in with it can try, for `start` to print. */
export const DEMO_ACTORS: readonly { index: number; who: string; tryThis: string }[] = [
  ...INITIATIVE_GROUP.map((g) => ({
    index: g.index,
    who: `${g.name}, initiative group`,
    tryThis: "vote on forming the Mozyr Petrochemical Cluster (Initiatives)",
  })),
  { index: ACCOUNTS.dissolvedCdo, who: "CDO of the dissolved Pinsk Woodworking Cluster", tryThis: "read a dissolved cluster's history" },
  { index: ACCOUNTS.mill, who: "Pinsk Furniture Mill, dissolved cluster", tryThis: "see the dissolution vote you took part in" },
  { index: ACCOUNTS.college, who: "Pinsk Forestry College, dissolved cluster", tryThis: "see the dissolution vote you took part in" },
  { index: ACCOUNTS.initiativeCdo, who: "CDO-designate of the Mozyr initiative", tryThis: "follow the formation vote; run the cluster once formed" },
  { index: ACCOUNTS.applicant, who: "Gomel Composite Materials, applicant", tryThis: "follow your application's vote in the demo cluster" },
];

async function sent(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

/** A small cluster that votes to dissolve and, after the wind-down, is dissolved. */
async function dissolvedCluster(cdc: Signer, provider: JsonRpcProvider, record: DeploymentRecord, base: ClusterSpec): Promise<void> {
  const [mill, college] = [localAccount(ACCOUNTS.mill, provider), localAccount(ACCOUNTS.college, provider)];
  const created = await createClusterFromSpec(cdc, record, {
    ...base,
    name: "Pinsk Woodworking Cluster",
    cdo: localAccount(ACCOUNTS.dissolvedCdo).address,
    params: { ...base.params, votingPeriod: HOUR },
    founders: [
      { account: mill.address, name: "Pinsk Furniture Mill", kind: "enterprise", role: "core" },
      { account: college.address, name: "Pinsk Forestry College", kind: "university", role: "participant" },
    ],
    partners: [],
    links: [{ from: "Pinsk Forestry College", to: "Pinsk Furniture Mill", kind: "intellectual" }],
  });
  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  const governor = await governorOf(record.contracts.ClusterRegistry.address, created.clusterId, mill);
  const dissolution = await proposed(governor, governor.proposeDissolution("The joint furniture programme is complete: wind the cluster down"));
  await travel(provider, 1);
  await sent(governor.castVote(dissolution.proposalId, Vote.For));
  await sent(governor.connect(college).castVote(dissolution.proposalId, Vote.For));
  await travel(provider, HOUR + 1);
  await execute(governor, dissolution);
  await travel(provider, Number(await registry.windDownPeriodOf(created.clusterId)) + 1);
  await sent(registry.completeDissolution(created.clusterId));
}

/** An initiative group of three whose formation vote is open. */
async function initiativeInVoting(cdc: Signer, record: DeploymentRecord, base: ClusterSpec): Promise<void> {
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, cdc);
  const serviceIds = await Promise.all(base.services.map((name) => catalog.serviceIdByName(name)));
  const group = INITIATIVE_GROUP;
  const factory = ClusterFactory__factory.connect(record.contracts.ClusterFactory.address, cdc);
  await sent(
    factory.registerInitiative(
      {
        name: "Mozyr Petrochemical Cluster",
        cdo: localAccount(ACCOUNTS.initiativeCdo).address,
        params: {
          ...base.params,
          admissionPolicy: ADMISSION_POLICIES.indexOf(base.params.admissionPolicy),
          settlementToken: base.params.settlementToken ?? "0x0000000000000000000000000000000000000000",
        },
        serviceIds,
        group: group.map((g) => ({
          account: localAccount(g.index).address,
          profile: { name: g.name, kind: MEMBER_KINDS.indexOf(g.kind), registrationCid: "", encryptionKey: "0x" },
          role: 2,
        })),
      },
      "Form a petrochemical cluster around the Mozyr refinery: polymers, logistics and research",
    ),
  );
}

/**
 * A company applies to the demo cluster and a founding member (account 1, Nemiga Tractor Works)
 * sponsors the application, which opens its admission vote (issue 9): the vote stays open.
 */
async function openApplication(provider: JsonRpcProvider, record: DeploymentRecord, clusterId: bigint): Promise<void> {
  const applicant = localAccount(ACCOUNTS.applicant, provider);
  const governor = await governorOf(record.contracts.ClusterRegistry.address, clusterId, applicant);
  await sent(governor.applyForMembership({ name: "Gomel Composite Materials", kind: 0, registrationCid: "", encryptionKey: "0x" }, 1));
  await sent(governor.connect(localAccount(1, provider)).sponsorApplication(await governor.applicationCount()));
}

/**
 * Nemiga Tractor Works (account 1) registers its own Besu node with the node registry, for the
 * CDC to approve on the Network page; the CDC's own RPC node is there already, approved.
 */
async function pendingNode(cdc: Signer, provider: JsonRpcProvider, record: DeploymentRecord, clusterId: bigint): Promise<void> {
  const address = record.contracts.NodeRegistry?.address;
  if (!address) return;
  const registry = INodeRegistry__factory.connect(address, cdc);
  const key = (seed: string) => `0x${new SigningKey(id(seed)).publicKey.slice(4)}`;
  await sent(registry.addInfrastructureNode(key("demo: the CDC's RPC node"), "10.10.0.10", 30303));
  await sent(registry.connect(localAccount(1, provider)).registerNode(clusterId, key("demo: Nemiga Tractor Works' node"), "10.10.0.21", 30303));
}

export async function seedGovernanceDemo(
  cdc: Signer,
  provider: JsonRpcProvider,
  record: DeploymentRecord,
  demo: ClusterSpec,
  demoClusterId: bigint,
): Promise<void> {
  // The dissolution moves the clock by the wind-down period, so it comes before the open votes.
  await dissolvedCluster(cdc, provider, record, demo);
  await initiativeInVoting(cdc, record, demo);
  await openApplication(provider, record, demoClusterId);
  await pendingNode(cdc, provider, record, demoClusterId);
}
