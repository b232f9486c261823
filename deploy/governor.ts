import { encodeBytes32String, id, type ContractRunner, type ContractTransactionResponse, type TransactionReceipt } from "ethers";
import { ClusterGovernor__factory, ClusterRegistry__factory, type ClusterGovernor } from "../types/typechain/index.js";

/** Component kind of a cluster's governor in the registry. */
export const GOVERNOR_KIND = encodeBytes32String("Governor");
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
    return {
      proposalId: parsed.args.proposalId as bigint,
      blockNumber: receipt.blockNumber,
      targets: [...(parsed.args.targets as string[])],
      // `values` is also Result's own method: read the field by position.
      values: [...(parsed.args[3] as bigint[])],
      calldatas: [...(parsed.args.calldatas as string[])],
      descriptionHash: id(parsed.args.description as string),
    };
  }
  throw new Error("No ProposalCreated in the transaction");
}

/** A proposal found by id in the governor's ProposalCreated events (when its transaction is not at hand). */
export async function proposalById(governor: ClusterGovernor, proposalId: bigint): Promise<Proposed> {
  const created = (await governor.queryFilter(governor.filters.ProposalCreated())).find((e) => e.args.proposalId === proposalId);
  if (!created) throw new Error(`The governor has no proposal ${proposalId}`);
  return {
    proposalId,
    blockNumber: created.blockNumber,
    targets: [...created.args.targets],
    values: [...created.args[3]] as bigint[],
    calldatas: [...created.args.calldatas],
    descriptionHash: id(created.args.description),
  };
}

/** Executes a passed proposal (anyone may); returns the block it was executed in. */
export async function execute(governor: ClusterGovernor, p: Proposed): Promise<number> {
  const receipt = await (await governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).wait();
  if (!receipt) throw new Error(`Executing proposal ${p.proposalId} was not mined`);
  return receipt.blockNumber;
}
