// The worlds the contract tests start from, each a named function for loadFixture.
import type { NetworkConnection } from "hardhat/types/network";
import {
  ClusterFactory__factory,
  ClusterGovernor__factory,
  ClusterRegistry__factory,
  Membership__factory,
  ServiceCatalog__factory,
  type IClusterFactory,
  type IClusterRegistry,
} from "../../types/typechain/index.js";
import { AdmissionPolicy, CDC_ROLE, DAY, FACTORY_ROLE, FlowKind, MEMBERSHIP, MemberKind, Repository, Role } from "./encodings.js";
import { completeAfterWindDown, dissolveByVote } from "./dissolution.js";
import { GOVERNOR } from "./governorCalls.js";

export const defaultParams: IClusterRegistry.SecurityParamsStruct = {
  votingPeriod: 7 * DAY,
  quorumBps: 5_000,
  approvalThresholdBps: 6_667,
  admissionPolicy: AdmissionPolicy.MembersVote,
  documentsMustBeEncrypted: true,
  coreVeto: false,
  clearingCycleLength: 30 * DAY,
  settlementToken: "0x0000000000000000000000000000000000000000",
};

/** The params struct as the ABI returns it: a positional tuple, for event and view comparisons. */
export function paramsTuple(p: IClusterRegistry.SecurityParamsStruct): unknown[] {
  return [
    BigInt(p.votingPeriod),
    BigInt(p.quorumBps),
    BigInt(p.approvalThresholdBps),
    BigInt(p.admissionPolicy),
    p.documentsMustBeEncrypted,
    p.coreVeto,
    BigInt(p.clearingCycleLength),
    p.settlementToken,
  ];
}

/**
 * World 1: the platform deployed and wired as a deploy script must wire it, catalog seeded. The
 * Governor implementation is registered, so every cluster has a governor (only its passed
 * dissolution can dissolve the cluster).
 */
export async function platformDeployed({ ethers, networkHelpers }: NetworkConnection) {
  const [cdc, cdo, stranger, alice, bob, carol, dave, erin, frank] = await ethers.getSigners();

  const catalog = await new ServiceCatalog__factory(cdc).deploy(cdc.address);
  const registry = await new ClusterRegistry__factory(cdc).deploy(cdc.address, await catalog.getAddress());
  const factory = await new ClusterFactory__factory(cdc).deploy(await registry.getAddress());
  const membershipImpl = await new Membership__factory(cdc).deploy(await registry.getAddress());
  const governorImpl = await new ClusterGovernor__factory(cdc).deploy(await registry.getAddress());

  // The grants a deploy script must replicate: the factory walks the life cycle and attaches clones.
  await registry.grantRole(CDC_ROLE, await factory.getAddress());
  await registry.grantRole(FACTORY_ROLE, await factory.getAddress());
  await registry.setComponentFactory(await factory.getAddress());
  await factory.setImplementation(MEMBERSHIP, await membershipImpl.getAddress());
  await factory.setImplementation(GOVERNOR, await governorImpl.getAddress());

  await catalog.registerService("authentication", Repository.System, "1.0.0", "bafy-auth-1");
  await catalog.registerService("document-management", Repository.Basic, "1.0.0", "bafy-docs-1");
  await catalog.registerService("corporate-clearing", Repository.Applied, "1.0.0", "bafy-clearing-1");
  await catalog.registerService("crm", Repository.Applied, "0.9.0", "bafy-crm-1");
  const services = { authentication: 1n, documents: 2n, clearing: 3n, crm: 4n };

  return {
    ethers,
    networkHelpers,
    catalog,
    registry,
    factory,
    membershipImpl,
    governorImpl,
    services,
    signers: { cdc, cdo, stranger, alice, bob, carol, dave, erin, frank },
  };
}

export type Platform = Awaited<ReturnType<typeof platformDeployed>>;

/** World 1b: the platform as it was before the Governor template was registered; its clusters have no governor. */
export async function platformWithoutGovernor(connection: NetworkConnection) {
  const p = await platformDeployed(connection);
  await p.factory.removeComponentKind(GOVERNOR);
  return p;
}

/** A figure-1-like cluster: five founders (three core), two outside partners, links of every kind. */
export function demoSpec(p: Platform): IClusterFactory.ClusterSpecStruct {
  const { cdo, alice, bob, carol, dave, erin } = p.signers;
  const profile = (name: string, kind: bigint, key = "0x") => ({
    name,
    kind,
    registrationCid: `bafy-reg-${name.toLowerCase().replaceAll(" ", "-")}`,
    encryptionKey: key,
  });
  return {
    name: "Ural Machine-Building Cluster",
    cdo: cdo.address,
    params: defaultParams,
    serviceIds: [p.services.authentication, p.services.documents, p.services.clearing],
    founders: [
      { account: alice.address, profile: profile("Ural Works", MemberKind.Enterprise, "0xa11ce0"), role: Role.Core },
      { account: bob.address, profile: profile("Polytech University", MemberKind.University), role: Role.Core },
      { account: carol.address, profile: profile("Materials Centre", MemberKind.RnDCentre), role: Role.Core },
      { account: dave.address, profile: profile("Cargo Services", MemberKind.ServiceProvider), role: Role.Participant },
      { account: erin.address, profile: profile("Precision Parts", MemberKind.Enterprise), role: Role.Participant },
    ],
    partners: ["Export Buyer GmbH", "Regional Bank"],
    links: [
      { from: 1, to: 5, kind: FlowKind.Material, clusterActivity: true },
      { from: 3, to: 1, kind: FlowKind.Intellectual, clusterActivity: true },
      { from: 4, to: 5, kind: FlowKind.Service, clusterActivity: true },
      { from: 1, to: 6, kind: FlowKind.Material, clusterActivity: false },
      { from: 7, to: 2, kind: FlowKind.Service, clusterActivity: false },
    ],
  };
}

/** World 2: the platform plus one active demo-like cluster created by the CDC in one transaction. */
export async function demoClusterCreated(connection: NetworkConnection) {
  const p = await platformDeployed(connection);
  const spec = demoSpec(p);
  await p.factory.createCluster(spec);
  const clusterId = await p.registry.clusterCount();
  const address = await p.registry.componentOf(clusterId, MEMBERSHIP);
  const membership = Membership__factory.connect(address, p.signers.cdo);
  return { ...p, spec, clusterId, membership };
}

/** World 2b: the same cluster admitting by the CDO's decision, the one policy under which the CDO adds members. */
export async function cdoAdmitsCluster(connection: NetworkConnection) {
  const p = await platformDeployed(connection);
  const spec = { ...demoSpec(p), params: { ...defaultParams, admissionPolicy: AdmissionPolicy.CdoDecision } };
  await p.factory.createCluster(spec);
  const clusterId = await p.registry.clusterCount();
  const membership = Membership__factory.connect(await p.registry.componentOf(clusterId, MEMBERSHIP), p.signers.cdo);
  return { ...p, spec, clusterId, membership };
}

/** World 3: the platform plus one cluster in each status of the life cycle (Active ones built by the factory). */
export async function clusterInEveryStatus(connection: NetworkConnection) {
  const p = await platformDeployed(connection);
  const { registry, factory, signers } = p;
  const register = async () => {
    await registry.registerInitiative("Initiative", signers.cdo.address, defaultParams, [p.services.documents]);
    return registry.clusterCount();
  };
  const create = async () => {
    await factory.createCluster({ ...demoSpec(p), name: "Created" });
    return registry.clusterCount();
  };

  const initiative = await register();
  const voting = await register();
  await registry.openVoting(voting);
  const forming = await register();
  await registry.openVoting(forming);
  await registry.recordVote(forming, true);
  const rejected = await register();
  await registry.openVoting(rejected);
  await registry.recordVote(rejected, false);
  const active = await create();
  const dissolving = await create();
  const dissolved = await create();
  // Dissolved first, so the Dissolving cluster's wind-down has only just begun.
  await dissolveByVote(p, dissolved);
  await completeAfterWindDown(p, dissolved);
  await dissolveByVote(p, dissolving);

  const ids = {
    Initiative: initiative,
    Voting: voting,
    Forming: forming,
    Active: active,
    Dissolving: dissolving,
    Dissolved: dissolved,
    Rejected: rejected,
  };
  return { ...p, ids };
}
