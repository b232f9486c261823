// Worlds for the cluster governor: the platform with a Governor implementation registered, a
// governed cluster (one per admission policy / veto setting) and an initiative group in its vote.
import type { NetworkConnection } from "hardhat/types/network";
import { ethers as ethersLib } from "ethers";
import { ClusterGovernor__factory, Membership__factory, type IClusterFactory, type IClusterRegistry, type IMembership } from "../../types/typechain/index.js";
import { AdmissionPolicy, DAY, MEMBERSHIP, MemberKind, Role } from "./encodings.js";
import { defaultParams, demoSpec, platformDeployed } from "./fixtures.js";
import { GOVERNOR } from "./governorCalls.js";

// Re-exported so the governance tests keep one import for their worlds and calls.
export { GOVERNOR, Vote, executeProposal, proposalCall, proposalIdOf, voteAll } from "./governorCalls.js";

export const ProposalState = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;
export const ProposalKind = {
  None: 0n,
  Admission: 1n,
  Expulsion: 2n,
  Params: 3n,
  Service: 4n,
  Dissolution: 5n,
  Formation: 6n,
  Role: 7n,
  Cdo: 8n,
} as const;
export const ApplicationStatus = { None: 0n, Pending: 1n, Voting: 2n, Accepted: 3n, Refused: 4n, AwaitingSponsor: 5n } as const;

/** OpenZeppelin's allowed-states bitmap, as GovernorUnexpectedProposalState reports it. */
export function stateBitmap(...states: bigint[]): string {
  return ethersLib.toBeHex(
    states.reduce((acc, s) => acc | (1n << s), 0n),
    32,
  );
}
export const ACTIVE_ONLY = stateBitmap(ProposalState.Active);
export const EXECUTABLE = stateBitmap(ProposalState.Succeeded, ProposalState.Queued);

/** The platform's default parameters in these worlds: a two-day vote, half the seats, a simple majority. */
export const initiativeParams: IClusterRegistry.SecurityParamsStruct = {
  ...defaultParams,
  votingPeriod: 2 * DAY,
  quorumBps: 5_000,
  approvalThresholdBps: 5_001,
};

export function profile(name: string, kind: bigint = MemberKind.Enterprise): IMembership.ProfileStruct {
  return { name, kind, registrationCid: `bafy-reg-${name.toLowerCase().replaceAll(" ", "-")}`, encryptionKey: "0x" };
}

/** World: the platform with the Governor implementation registered and default params set. */
export async function governancePlatform(connection: NetworkConnection) {
  // platformDeployed already registers the Governor implementation.
  const p = await platformDeployed(connection);
  await p.registry.setDefaultParams(initiativeParams);
  return p;
}
export type GovernancePlatform = Awaited<ReturnType<typeof governancePlatform>>;

/** Creates the demo cluster (5 founders: alice, bob, carol core; dave, erin participants) with `params`. */
async function governedWith(connection: NetworkConnection, params: IClusterRegistry.SecurityParamsStruct) {
  const p = await governancePlatform(connection);
  const spec: IClusterFactory.ClusterSpecStruct = { ...demoSpec(p), params };
  await p.factory.createCluster(spec);
  const clusterId = await p.registry.clusterCount();
  const membership = Membership__factory.connect(await p.registry.componentOf(clusterId, MEMBERSHIP), p.signers.cdo);
  const governor = ClusterGovernor__factory.connect(await p.registry.componentOf(clusterId, GOVERNOR), p.signers.alice);
  return { ...p, spec, clusterId, membership, governor };
}
export type GovernedCluster = Awaited<ReturnType<typeof governedWith>>;

/** World: an active demo cluster under the fixtures' defaultParams (7 days, quorum 50 %, threshold 66.67 %, no veto). */
export function governedCluster(connection: NetworkConnection) {
  return governedWith(connection, defaultParams);
}

/** World: the same cluster with the core veto on. */
export function vetoCluster(connection: NetworkConnection) {
  return governedWith(connection, { ...defaultParams, coreVeto: true });
}

/** World: the same cluster admitting by the core's vote. */
export function coreVoteCluster(connection: NetworkConnection) {
  return governedWith(connection, { ...defaultParams, admissionPolicy: AdmissionPolicy.CoreVote });
}

/** World: the same cluster admitting by the CDO's decision. */
export function cdoDecisionCluster(connection: NetworkConnection) {
  return governedWith(connection, { ...defaultParams, admissionPolicy: AdmissionPolicy.CdoDecision });
}

/** World: an initiative group of four (alice, bob core; carol, dave) voting on forming a cluster. */
export async function initiativeVoting(connection: NetworkConnection) {
  const p = await governancePlatform(connection);
  const { cdo, alice, bob, carol, dave } = p.signers;
  const spec: IClusterFactory.InitiativeSpecStruct = {
    name: "Volga Composites Cluster",
    cdo: cdo.address,
    params: defaultParams,
    serviceIds: [p.services.authentication, p.services.documents],
    group: [
      { account: alice.address, profile: profile("Ural Works"), role: Role.Core },
      { account: bob.address, profile: profile("Polytech University", MemberKind.University), role: Role.Core },
      { account: carol.address, profile: profile("Materials Centre", MemberKind.RnDCentre), role: Role.Participant },
      { account: dave.address, profile: profile("Cargo Services", MemberKind.ServiceProvider), role: Role.Participant },
    ],
  };
  const tx = p.factory.registerInitiative(spec, "Form the Volga Composites Cluster");
  const receipt = await (await tx).wait();
  const clusterId = await p.registry.clusterCount();
  const membership = Membership__factory.connect(await p.registry.componentOf(clusterId, MEMBERSHIP), p.signers.cdo);
  const governor = ClusterGovernor__factory.connect(await p.registry.componentOf(clusterId, GOVERNOR), alice);
  const proposalId = await governor.formationProposalId();
  return { ...p, spec, clusterId, membership, governor, proposalId, blockNumber: receipt!.blockNumber };
}

export { signBallot } from "../../core/chain/governor.js";
