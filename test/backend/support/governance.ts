import { encodeBytes32String, id, type ContractTransactionResponse, type Signer, type TransactionReceipt } from "ethers";
import { ClusterGovernor__factory, ClusterRegistry__factory, type ClusterGovernor } from "../../../types/typechain/index.js";
import type { PlatformWorld } from "./world.js";

export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

/** The cluster's Governor clone, connected as `signer`. */
export async function governorOf(world: PlatformWorld, clusterId: bigint, signer: Signer): Promise<ClusterGovernor> {
  const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.cdc);
  const address = await registry.componentOf(clusterId, encodeBytes32String("Governor"));
  return ClusterGovernor__factory.connect(address, signer);
}

export interface Proposed {
  proposalId: bigint;
  blockNumber: number;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  descriptionHash: string;
}

/** The proposal a typed propose call made, with what `execute` needs (from its ProposalCreated). */
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

export async function execute(governor: ClusterGovernor, p: Proposed): Promise<number> {
  const receipt = await (await governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).wait();
  return receipt!.blockNumber;
}
