// The one way tests dissolve a cluster: its members vote a dissolution through its Governor
// (the CDC may not dissolve directly, issue 3), then anyone closes it after the wind-down.
import type { NetworkConnection } from "hardhat/types/network";
import { ClusterGovernor__factory, Membership__factory, type ClusterGovernor, type ClusterRegistry } from "../../types/typechain/index.js";
import { MEMBERSHIP } from "./encodings.js";
import { executeProposal, GOVERNOR, proposalIdOf, Vote, voteAll } from "./governorCalls.js";

/** What the helpers need of a world: its chain, its time and its registry. */
export type DissolvableWorld = Pick<NetworkConnection, "ethers" | "networkHelpers"> & { registry: ClusterRegistry };
type Account = Awaited<ReturnType<NetworkConnection["ethers"]["getSigners"]>>[number];

/** The cluster's members among the chain's accounts, in account order. */
async function membersOf(world: DissolvableWorld, clusterId: bigint): Promise<Account[]> {
  const membership = Membership__factory.connect(await world.registry.componentOf(clusterId, MEMBERSHIP), world.ethers.provider);
  const members: Account[] = [];
  for (const s of await world.ethers.getSigners()) if (await membership.isMember(s.address)) members.push(s);
  return members;
}

/**
 * A decision of the cluster: the first member (or `proposer`) makes the proposal `propose` sends,
 * every member votes For, the vote ends, it is executed. Returns the proposal id and the execute
 * transaction (for event assertions).
 */
export async function decideByVote(
  world: DissolvableWorld,
  clusterId: bigint,
  propose: (governor: ClusterGovernor) => Promise<{ wait(): Promise<unknown> }>,
  proposer?: Account,
) {
  const members = await membersOf(world, clusterId);
  if (members.length === 0) throw new Error(`Cluster ${clusterId} has no member among the accounts`);
  const governor = ClusterGovernor__factory.connect(await world.registry.componentOf(clusterId, GOVERNOR), proposer ?? members[0]);
  const proposalId = await proposalIdOf(governor, propose(governor));
  await voteAll(governor, proposalId, members, Vote.For);
  await world.networkHelpers.time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
  const executed = await executeProposal(governor, proposalId, members[0]);
  return { proposalId, executed };
}

/**
 * Active -> Dissolving by a real vote: the first member proposes the dissolution, every member
 * votes For, the vote ends, the proposer executes. Returns the proposal id.
 */
export async function dissolveByVote(world: DissolvableWorld, clusterId: bigint): Promise<bigint> {
  const members = await membersOf(world, clusterId);
  if (members.length === 0) throw new Error(`Cluster ${clusterId} has no member among the accounts`);
  const governor = ClusterGovernor__factory.connect(await world.registry.componentOf(clusterId, GOVERNOR), members[0]);
  const proposalId = await proposalIdOf(governor, governor.proposeDissolution(`Dissolve cluster ${clusterId}`));
  await voteAll(governor, proposalId, members, Vote.For);
  await world.networkHelpers.time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
  await executeProposal(governor, proposalId, members[0]);
  return proposalId;
}

/** Dissolving -> Dissolved: waits out the wind-down, then `by` (any account) completes it. */
export async function completeAfterWindDown(world: DissolvableWorld, clusterId: bigint, by?: Account) {
  const endsAt = (await world.registry.dissolvingSince(clusterId)) + (await world.registry.windDownPeriodOf(clusterId));
  const now = BigInt(await world.networkHelpers.time.latest());
  if (now < endsAt) await world.networkHelpers.time.increaseTo(endsAt);
  const registry = by ? world.registry.connect(by) : world.registry;
  return registry.completeDissolution(clusterId);
}
