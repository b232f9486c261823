import type { Signer } from "ethers";

/** EIP-1167 creation code of a minimal proxy to `implementation`: what OpenZeppelin's Clones.clone deploys. */
export function cloneCreationCode(implementation: string): string {
  return `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3`;
}

/**
 * Deploys a bare, uninitialised clone from an ordinary account: how tests reach a clone the
 * factory has not initialised and how the benchmark prices a clone apart from its initialisation.
 */
export async function deployBareClone(signer: Signer, implementation: string): Promise<{ address: string; gasUsed: bigint }> {
  const receipt = await (await signer.sendTransaction({ data: cloneCreationCode(implementation) })).wait();
  if (!receipt?.contractAddress) throw new Error("Clone deployment produced no contract address");
  return { address: receipt.contractAddress, gasUsed: receipt.gasUsed };
}
