// Deploys a bare EIP-1167 clone from an ordinary account, so tests can reach a clone the factory
// has not initialised yet (the factory always clones and initialises in one transaction).
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

export async function deployBareClone(signer: HardhatEthersSigner, implementation: string): Promise<string> {
  const initCode =
    "0x3d602d80600a3d3981f3363d3d373d3d3d363d73" +
    implementation.slice(2).toLowerCase() +
    "5af43d82803e903d91602b57fd5bf3";
  const tx = await signer.sendTransaction({ data: initCode });
  const receipt = await tx.wait();
  if (!receipt?.contractAddress) throw new Error("Clone deployment produced no contract address");
  return receipt.contractAddress;
}
