import { expect } from "chai";
import { join } from "node:path";
import { Wallet } from "ethers";
import { createProvider } from "../../core/chain/provider.js";
import { startStrictLocalChain, type LocalChain } from "../../scripts/lib/chain.js";
import { LOG_DIR } from "./support/chain.js";
import { localAccount } from "../../scripts/lib/accounts.js";

/** One raw JSON-RPC call to the node behind the proxy (Hardhat's own methods, for the set-up). */
async function raw(url: string, method: string, params: unknown[]): Promise<void> {
  await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
}

describe("free gas: writes state zero fees on a network whose base fee is zero", function () {
  let chain: LocalChain & { rawUrl: string };
  before(async () => (chain = await startStrictLocalChain(undefined, join(LOG_DIR, "chain-free-gas.log"))));
  after(async () => chain?.stop());

  it("lets an account that holds no ether send a transaction once the base fee is zero, as on Besu with zeroBaseFee", async function () {
    const provider = createProvider(chain.url, { chainId: 31337, pollMs: 50 });
    try {
      const penniless = Wallet.createRandom().connect(provider);
      expect(await provider.getBalance(penniless.address)).to.equal(0n);
      // A chain with a base fee: ethers' fees stand, and a penniless sender is refused.
      expect((await provider.getFeeData()).maxFeePerGas).to.be.greaterThan(0n);
      const refused = await penniless.sendTransaction({ to: penniless.address, value: 0n }).then(
        () => "sent",
        (e: Error) => e.message,
      );
      expect(refused).to.match(/insufficient funds|sender doesn.t have enough funds/i);

      // Besu's free-gas genesis, imitated: the next blocks' base fee is zero.
      await raw(chain.rawUrl, "hardhat_setNextBlockBaseFeePerGas", ["0x0"]);
      await (await localAccount(0, provider).sendTransaction({ to: penniless.address, value: 0n })).wait();
      expect((await provider.getBlock("latest"))!.baseFeePerGas).to.equal(0n);
      const fees = await provider.getFeeData();
      expect([fees.gasPrice, fees.maxFeePerGas, fees.maxPriorityFeePerGas]).to.deep.equal([0n, 0n, 0n]);
      const receipt = await (await penniless.sendTransaction({ to: penniless.address, value: 0n })).wait();
      expect(receipt!.status).to.equal(1);
      expect(receipt!.gasPrice).to.equal(0n);
    } finally {
      provider.destroy();
    }
  });
});
