import { id, type ContractRunner, type ContractTransactionResponse, type Signer, type TransactionReceipt } from "ethers";
import { BALLOT_TYPES, ballotDomain } from "./typedData.js";
import { ClusterGovernor__factory, ClusterRegistry__factory, type ClusterGovernor } from "../../types/typechain/index.js";
import type { ProposalCreatedEvent } from "../../types/typechain/governance/ClusterGovernor.js";
import { componentKindId } from "./componentKinds.js";

/** Component kind of a cluster's governor in the registry. */
export const GOVERNOR_KIND = componentKindId("Governor");
/** OpenZeppelin Governor's vote types. */
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

/** The cluster's Governor clone, connected to `runner`. */
export async function governorOf(registryAddress: string, clusterId: bigint, runner: ContractRunner): Promise<ClusterGovernor> {
  const registry = ClusterRegistry__factory.connect(registryAddress, runner);
  return ClusterGovernor__factory.connect(await registry.componentOf(clusterId, GOVERNOR_KIND), runner);
}

/** A proposal with what `execute` needs, as its ProposalCreated event states it. */
export interface Proposed {
  proposalId: bigint;
  blockNumber: number;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  descriptionHash: string;
}

/** The proposal that a typed propose (or apply, or initiative) transaction created. */
export async function proposed(governor: ClusterGovernor, tx: Promise<ContractTransactionResponse>): Promise<Proposed> {
  const receipt = (await (await tx).wait()) as TransactionReceipt;
  const target = (await governor.getAddress()).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== target) continue;
    const parsed = governor.interface.parseLog(log);
    if (parsed?.name !== "ProposalCreated") continue;
    return fromEvent(parsed.args as unknown as ProposalCreatedEvent.Log["args"], receipt.blockNumber);
  }
  throw new Error("No ProposalCreated in the transaction");
}

/**
 * A proposal found by id in the governor's ProposalCreated events (when its transaction is not at
 * hand); `blocks` narrows the search to where the index says it was made.
 */
export async function proposalById(governor: ClusterGovernor, proposalId: bigint, blocks?: { from: number; to: number }): Promise<Proposed> {
  const events = await governor.queryFilter(governor.filters.ProposalCreated(), blocks?.from, blocks?.to);
  const created = events.find((e) => e.args.proposalId === proposalId);
  if (!created)
    throw new Error(blocks ? `Proposal ${proposalId} was not found in blocks ${blocks.from}-${blocks.to}` : `The governor has no proposal ${proposalId}`);
  return fromEvent(created.args, created.blockNumber);
}

function fromEvent(args: ProposalCreatedEvent.Log["args"], blockNumber: number): Proposed {
  return {
    proposalId: args.proposalId,
    blockNumber,
    targets: [...args.targets],
    // `values` is also Result's own method: read the field by position.
    values: [...args[3]],
    calldatas: [...args.calldatas],
    descriptionHash: id(args.description),
  };
}

/** Executes a passed proposal (anyone may); returns the block it was executed in. */
export async function execute(governor: ClusterGovernor, p: Proposed): Promise<number> {
  const receipt = await (await governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).wait();
  if (!receipt) throw new Error(`Executing proposal ${p.proposalId} was not mined`);
  return receipt.blockNumber;
}

/** What a voter signs (OpenZeppelin Governor's EIP-712 Ballot). */
export interface BallotMessage {
  proposalId: bigint | string;
  support: number;
  voter: string;
  nonce: bigint | string;
}

/** The one place a ballot is signed: `voter` signs `message` for the governor at `governor` on `chainId`. */
export function signBallotMessage(voter: Signer, chainId: number | bigint, governor: string, message: BallotMessage): Promise<string> {
  return voter.signTypedData(ballotDomain(chainId, governor), BALLOT_TYPES, message);
}

/** `voter`'s EIP-712 ballot on `proposalId` at its current nonce, for anyone to submit with castVoteBySig. */
export async function signBallot(governor: ClusterGovernor, voter: Signer, proposalId: bigint, support: number): Promise<string> {
  const { chainId } = await governor.runner!.provider!.getNetwork();
  const address = await voter.getAddress();
  const nonce = await governor.nonces(address);
  return signBallotMessage(voter, chainId, await governor.getAddress(), { proposalId, support, voter: address, nonce });
}
