import { expect } from "chai";
import { route, startStrictRpc, type StrictRpc } from "../../deploy/besu/strictRpc.js";
import { sharedChain, type TestChain } from "./support/chain.js";

/** One JSON-RPC exchange with `url`: the parsed answer. */
async function rpc(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return res.json();
}

const call = (id: number, method: string, params: unknown[] = []) => ({ jsonrpc: "2.0", id, method, params });

describe("strict mode: the JSON-RPC proxy that lets through only what Besu serves", function () {
  let chain: TestChain;
  let tests: StrictRpc;
  let production: StrictRpc;

  before(async function () {
    chain = await sharedChain();
    // Proxies of this suite's own, so its deliberate refusals stay out of the shared chain's record.
    tests = await startStrictRpc(chain.rawUrl, { testChannel: true });
    production = await startStrictRpc(chain.rawUrl);
  });
  after(async () => {
    await tests?.close();
    await production?.close();
  });

  it("forwards Besu's methods and refuses Hardhat's, keys held by the node, and personal_*", async function () {
    const answer = (await rpc(production.url, call(1, "eth_chainId"))) as { result: string };
    expect(answer.result).to.equal("0x7a69");
    for (const method of ["hardhat_setBalance", "evm_increaseTime", "evm_mine", "eth_sendTransaction", "eth_sign", "eth_signTypedData_v4", "personal_sign"]) {
      const refused = (await rpc(production.url, call(2, method, []))) as { id: number; error: { code: number; message: string } };
      expect(refused.id).to.equal(2);
      expect(refused.error.code, method).to.equal(-32601);
      expect(refused.error.message).to.match(/is not served by Besu \(strict mode\)/);
    }
    expect(production.refused).to.include.members(["hardhat_setBalance", "eth_sendTransaction"]);
    for (const method of ["qbft_getValidatorsByBlockNumber", "perm_getNodesAllowlist", "admin_peers", "txpool_besuStatistics", "eth_sendRawTransaction"]) {
      expect(route(method, false), method).to.deep.equal({ forward: method });
    }
  });

  it("answers a batch call by call: Besu's methods forwarded, the others refused, in order", async function () {
    const answers = (await rpc(production.url, [call(1, "eth_blockNumber"), call(2, "hardhat_mine"), call(3, "net_version")])) as {
      id: number;
      result?: string;
      error?: { message: string };
    }[];
    expect(answers.map((a) => a.id)).to.deep.equal([1, 2, 3]);
    expect(answers[0]!.result).to.match(/^0x/);
    expect(answers[1]!.error!.message).to.contain("hardhat_mine is not served by Besu");
    expect(answers[2]!.result).to.equal("31337");
  });

  it("moves the clock only through the tests' channel, and only where it is open", async function () {
    const closed = (await rpc(production.url, call(1, "testchain_increaseTime", [60]))) as { error: { message: string } };
    expect(closed.error.message).to.contain("closed on this proxy");
    const block = async () => (await chain.provider.getBlock("latest"))!.timestamp;
    const before = await block();
    expect(await rpc(tests.url, call(1, "testchain_increaseTime", [3600]))).to.have.property("result");
    expect(await rpc(tests.url, call(2, "testchain_mine"))).to.have.property("result");
    expect((await block()) - before).to.be.at.least(3600);
    expect(((await rpc(tests.url, call(3, "testchain_setBalance", []))) as { error: { message: string } }).error.message).to.contain("not served");
  });
});
