import type { HDNodeWallet, JsonRpcProvider } from "ethers";
import { Membership__factory } from "../../types/typechain/index.js";

/**
 * Fills the chain with `count` platform events quickly: the demo cluster's CDO adds links and
 * partners, signed locally with explicit nonces, mined `perBlock` at a time with automine off.
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
  const { chainId } = await provider.getNetwork();
  const fee = await provider.getFeeData();
  const sample = iface.encodeFunctionData("addLink", [1, 2, 0, true]);
  const gasLimit = ((await provider.estimateGas({ from: cdo.address, to: membershipAddress, data: sample })) * 13n) / 10n + 20_000n;
  let nonce = await provider.getTransactionCount(cdo.address, "pending");

  const perBlock = 250;
  let blocks = 0;
  await provider.send("evm_setAutomine", [false]);
  try {
    for (let done = 0; done < count;) {
      const batch = Math.min(perBlock, count - done);
      const raws: string[] = [];
      for (let i = 0; i < batch; i++) {
        const k = done + i;
        // Every 20th event names a new partner; the rest link members (and partners) in a ring.
        const data =
          k % 20 === 19
            ? iface.encodeFunctionData("addPartner", [`Bench partner ${k}`])
            : iface.encodeFunctionData("addLink", [1 + (k % nodes), 1 + ((k + 1) % nodes), k % 3, k % 7 !== 0]);
        raws.push(
          await cdo.signTransaction({
            to: membershipAddress,
            data,
            nonce: nonce++,
            gasLimit,
            chainId,
            type: 2,
            maxFeePerGas: fee.maxFeePerGas! * 2n,
            maxPriorityFeePerGas: fee.maxPriorityFeePerGas!,
          }),
        );
      }
      for (let i = 0; i < raws.length; i += 50) await Promise.all(raws.slice(i, i + 50).map((raw) => provider.send("eth_sendRawTransaction", [raw])));
      await provider.send("evm_mine", []);
      blocks++;
      done += batch;
      progress(done);
    }
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  return { blocks };
}
