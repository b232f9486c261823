import type { HDNodeWallet, JsonRpcProvider } from "ethers";
import { Membership__factory } from "../../types/typechain/index.js";

/**
 * Sends `count` calls to `to`, signed locally by `signer` with explicit nonces (no round trip per
 * transaction), mined `perBlock` at a time with automine off; `dataOf(k)` is the k-th call's data.
 * Returns the number of blocks mined.
 */
export async function mineInBlocks(
  provider: JsonRpcProvider,
  signer: HDNodeWallet,
  to: string,
  count: number,
  perBlock: number,
  dataOf: (k: number) => string,
  progress: (done: number) => void = () => {},
): Promise<number> {
  const { chainId } = await provider.getNetwork();
  const fee = await provider.getFeeData();
  const gasLimit = ((await provider.estimateGas({ from: signer.address, to, data: dataOf(0) })) * 13n) / 10n + 20_000n;
  let nonce = await provider.getTransactionCount(signer.address, "pending");
  let blocks = 0;
  await provider.send("evm_setAutomine", [false]);
  try {
    for (let done = 0; done < count; done += perBlock) {
      const raws: string[] = [];
      for (let k = done; k < Math.min(done + perBlock, count); k++) {
        const tx = {
          to,
          data: dataOf(k),
          nonce: nonce++,
          gasLimit,
          chainId,
          type: 2,
          maxFeePerGas: fee.maxFeePerGas! * 2n,
          maxPriorityFeePerGas: fee.maxPriorityFeePerGas!,
        };
        raws.push(await signer.signTransaction(tx));
      }
      for (let i = 0; i < raws.length; i += 50) await Promise.all(raws.slice(i, i + 50).map((raw) => provider.send("eth_sendRawTransaction", [raw])));
      await provider.send("evm_mine", []);
      blocks++;
      progress(Math.min(done + perBlock, count));
    }
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  return blocks;
}

/**
 * Fills the chain with `count` platform events quickly: the demo cluster's CDO adds links and
 * partners, 250 a block.
 */
export async function generateEvents(
  provider: JsonRpcProvider,
  cdo: HDNodeWallet,
  membershipAddress: string,
  count: number,
  progress: (done: number) => void,
): Promise<{ blocks: number }> {
  const membership = Membership__factory.connect(membershipAddress, cdo);
  const iface = membership.interface;
  const nodes = Number(await membership.nodeCount());
  // Every 20th event names a new partner; the rest link members (and partners) in a ring.
  const dataOf = (k: number) =>
    k % 20 === 19
      ? iface.encodeFunctionData("addPartner", [`Bench partner ${k}`])
      : iface.encodeFunctionData("addLink", [1 + (k % nodes), 1 + ((k + 1) % nodes), k % 3, k % 7 !== 0]);
  return { blocks: await mineInBlocks(provider, cdo, membershipAddress, count, 250, dataOf, progress) };
}
