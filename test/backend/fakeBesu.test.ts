import { expect } from "chai";
import { computeAddress } from "ethers";
import { FakeBesuNetwork, type FakeBesuNode, type FakeNetworkOptions } from "./support/fakeBesu.js";

interface RpcAnswer {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

async function post(url: string, body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
}

let nextId = 1;
async function call(node: FakeBesuNode, method: string, params: unknown[] = []): Promise<RpcAnswer> {
  return (await post(node.url, JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }))).json as RpcAnswer;
}

async function result(node: FakeBesuNode, method: string, params: unknown[] = []): Promise<unknown> {
  const answer = await call(node, method, params);
  expect(answer.error, `${method}: ${JSON.stringify(answer.error)}`).to.equal(undefined);
  return answer.result;
}

async function refusal(node: FakeBesuNode, method: string, params: unknown[] = []): Promise<RpcAnswer["error"]> {
  const answer = await call(node, method, params);
  expect(answer, method).to.not.have.property("result");
  return answer.error;
}

const four = (extra: Partial<FakeNetworkOptions> = {}): FakeNetworkOptions => ({
  nodes: [1, 2, 3, 4].map((i) => ({ name: `validator-${i}`, validator: true })).concat({ name: "member-1", validator: false }),
  ...extra,
});

const INVALID_ACCOUNT = { code: -32000, message: "Request contains an invalid account" };
const INVALID_NODE = { code: -32000, message: "Request contains an invalid node" };
const METHOD_NOT_ENABLED = { code: -32604, message: "Method not enabled" };

describe("fake Besu network", function () {
  let net: FakeBesuNetwork;
  let validators: FakeBesuNode[]; // ascending by address, as QBFT orders them
  let member: FakeBesuNode;

  async function startNetwork(opts: FakeNetworkOptions): Promise<void> {
    net = new FakeBesuNetwork(opts);
    await net.start();
    validators = net.nodes.filter((n) => n.validator).sort((a, b) => (a.address < b.address ? -1 : 1));
    member = net.nodes.find((n) => !n.validator)!;
  }

  afterEach(async () => net.stop());

  describe("identity and plain calls", function () {
    beforeEach(() => startNetwork(four()));

    it("gives each node a secp256k1 key whose address is its validator address", async () => {
      net.nodes.forEach((node, i) => {
        expect(node.publicKey).to.match(/^[0-9a-f]{128}$/);
        expect(computeAddress(`0x04${node.publicKey}`).toLowerCase()).to.equal(node.address);
        expect(node.enode).to.equal(`enode://${node.publicKey}@127.0.0.1:${30303 + i}`);
      });
      expect(net.validatorsAt(0)).to.deep.equal(validators.map((v) => v.address));
    });

    it("answers eth, net and web3 calls with hex quantities and a Besu client version", async () => {
      const node = net.nodes[0];
      expect(await result(node, "eth_blockNumber")).to.equal("0x0");
      net.produceBlocks(3);
      expect(await result(node, "eth_blockNumber")).to.equal("0x3");
      expect(await result(node, "eth_chainId")).to.equal("0x539");
      expect(await result(node, "web3_clientVersion")).to.match(/^besu\/v26\.\d+\.\d+\//);
      expect(await result(node, "net_peerCount")).to.equal("0x0");
    });

    it("describes itself in admin_nodeInfo as Besu does", async () => {
      const node = net.nodes[1];
      const info = (await result(node, "admin_nodeInfo")) as Record<string, unknown>;
      expect(info).to.include({ enode: node.enode, id: node.publicKey, ip: "127.0.0.1", listenAddr: "127.0.0.1:30304" });
      expect(info.ports).to.deep.equal({ discovery: 30304, listener: 30304 });
      expect(info.protocols).to.have.nested.property("eth.network", 1337);
    });
  });

  describe("JSON-RPC envelope", function () {
    beforeEach(() => startNetwork(four()));

    it("answers an unparseable body with -32700 and HTTP 400", async () => {
      const answer = await post(net.nodes[0].url, "{not json");
      expect(answer.status).to.equal(400);
      expect(answer.json).to.deep.equal({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    });

    it("answers an empty batch and a request without a method with -32600 and HTTP 400", async () => {
      const empty = await post(net.nodes[0].url, "[]");
      expect(empty.status).to.equal(400);
      expect(empty.json).to.deep.equal({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid Request" } });
      const noMethod = await post(net.nodes[0].url, JSON.stringify({ jsonrpc: "2.0", id: 7, params: [] }));
      expect(noMethod.status).to.equal(400);
      expect(noMethod.json).to.deep.equal({ jsonrpc: "2.0", id: 7, error: { code: -32600, message: "Invalid Request" } });
    });

    it("answers an unknown method with -32601 and echoes the id", async () => {
      const answer = await post(net.nodes[0].url, JSON.stringify({ jsonrpc: "2.0", id: "abc", method: "perm_frobnicate", params: [] }));
      expect(answer.status).to.equal(200);
      expect(answer.json).to.deep.equal({ jsonrpc: "2.0", id: "abc", error: { code: -32601, message: "Method not found" } });
    });

    it("answers a method of a group the node has not enabled with -32604", async () => {
      await net.stop();
      await startNetwork({ nodes: [{ name: "rpc-only", validator: true, apis: ["ETH", "NET", "WEB3"] }] });
      expect(await refusal(net.nodes[0], "perm_getAccountsAllowlist")).to.deep.equal(METHOD_NOT_ENABLED);
      expect(await refusal(net.nodes[0], "qbft_getPendingVotes")).to.deep.equal(METHOD_NOT_ENABLED);
      expect(await result(net.nodes[0], "eth_blockNumber")).to.equal("0x0");
    });

    it("answers a batch in order, leaving out notifications and refusing entries that are not objects", async () => {
      const batch = [
        { jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] },
        { jsonrpc: "2.0", method: "eth_chainId", params: [] },
        5,
        { jsonrpc: "2.0", id: 3, method: "nope_nothing", params: [] },
      ];
      const answer = await post(net.nodes[0].url, JSON.stringify(batch));
      expect(answer.status).to.equal(200);
      expect(answer.json).to.deep.equal([
        { jsonrpc: "2.0", id: 1, result: "0x0" },
        { jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid Request" } },
        { jsonrpc: "2.0", id: 3, error: { code: -32601, message: "Method not found" } },
      ]);
    });

    it("records every call it receives, in order", async () => {
      const node = net.nodes[2];
      await call(node, "eth_blockNumber");
      await call(node, "perm_addAccountsToAllowlist", [[validators[0].address]]);
      expect(node.calls).to.deep.equal([
        { method: "eth_blockNumber", params: [] },
        { method: "perm_addAccountsToAllowlist", params: [[validators[0].address]] },
      ]);
    });
  });

  describe("accounts allowlist", function () {
    const alice = "0x" + "aB".repeat(20);
    const bob = "0x" + "12".repeat(20);
    beforeEach(() => startNetwork(four()));

    it("adds accounts, lists them in lower case and removes them, answering Success", async () => {
      const node = net.nodes[0];
      expect(await result(node, "perm_addAccountsToAllowlist", [[alice, bob]])).to.equal("Success");
      expect(await result(node, "perm_getAccountsAllowlist")).to.deep.equal([alice.toLowerCase(), bob]);
      expect(await result(node, "perm_removeAccountsFromAllowlist", [[alice]])).to.equal("Success");
      expect(node.accountsAllowlist).to.deep.equal([bob]);
    });

    it("refuses an account that is not 0x and 20 bytes", async () => {
      const node = net.nodes[0];
      expect(await refusal(node, "perm_addAccountsToAllowlist", [["0x1234"]])).to.deep.equal(INVALID_ACCOUNT);
      expect(await refusal(node, "perm_addAccountsToAllowlist", [[bob.slice(2)]])).to.deep.equal(INVALID_ACCOUNT);
      expect(await refusal(node, "perm_addAccountsToAllowlist", [[bob + "00"]])).to.deep.equal(INVALID_ACCOUNT);
      expect(node.accountsAllowlist).to.deep.equal([]);
    });

    it("refuses a request that names an account twice, even in another case", async () => {
      const error = await refusal(net.nodes[0], "perm_addAccountsToAllowlist", [[alice, alice.toLowerCase()]]);
      expect(error).to.deep.equal({ code: -32000, message: "Request contains duplicate accounts" });
    });

    it("refuses the whole request when one account is already listed", async () => {
      const node = net.nodes[0];
      await result(node, "perm_addAccountsToAllowlist", [[bob]]);
      const error = await refusal(node, "perm_addAccountsToAllowlist", [[alice, bob]]);
      expect(error).to.deep.equal({ code: -32000, message: "Cannot add an existing account to allowlist" });
      expect(node.accountsAllowlist).to.deep.equal([bob]);
    });

    it("refuses to remove an account that is not listed", async () => {
      const node = net.nodes[0];
      await result(node, "perm_addAccountsToAllowlist", [[bob]]);
      const error = await refusal(node, "perm_removeAccountsFromAllowlist", [[bob, alice]]);
      expect(error).to.deep.equal({ code: -32000, message: "Cannot remove an absent account from allowlist" });
      expect(node.accountsAllowlist).to.deep.equal([bob]);
    });

    it("tells an empty list from a missing one", async () => {
      const node = net.nodes[0];
      expect(await refusal(node, "perm_addAccountsToAllowlist", [[]])).to.deep.equal({ code: -32000, message: "Request contains an empty list of accounts" });
      expect(await refusal(node, "perm_addAccountsToAllowlist", [])).to.deep.equal({ code: -32602, message: "Invalid account params" });
    });
  });

  describe("nodes allowlist", function () {
    beforeEach(() => startNetwork(four()));

    it("stores enodes normalised and takes a differently written one for the same node", async () => {
      const [node, other] = net.nodes;
      const shouted = `enode://${other.publicKey.toUpperCase()}@127.0.0.1:${other.p2pPort}?discport=${other.p2pPort}`;
      expect(await result(node, "perm_addNodesToAllowlist", [[shouted]])).to.equal("Success");
      expect(await result(node, "perm_getNodesAllowlist")).to.deep.equal([other.enode]);
      const error = await refusal(node, "perm_addNodesToAllowlist", [[other.enode]]);
      expect(error).to.deep.equal({ code: -32000, message: "Cannot add an existing node to allowlist" });
    });

    it("keeps a discovery port that differs from the listening port", async () => {
      const node = net.nodes[0];
      const withDisc = `${net.nodes[1].enode}?discport=30999`;
      await result(node, "perm_addNodesToAllowlist", [[withDisc]]);
      expect(node.nodesAllowlist).to.deep.equal([withDisc]);
    });

    it("refuses enodes Besu cannot parse", async () => {
      const node = net.nodes[0];
      const key = net.nodes[1].publicKey;
      for (const bad of [
        `enode://${key}@localhost:30303`,
        `enode://${key}@127.0.0.1`,
        `enode://${key.slice(2)}@127.0.0.1:30303`,
        `enode://0x${key}@127.0.0.1:30303`,
      ]) {
        expect(await refusal(node, "perm_addNodesToAllowlist", [[bad]]), bad).to.deep.equal(INVALID_NODE);
      }
      expect(node.nodesAllowlist).to.deep.equal([]);
    });

    it("refuses a request naming a node twice and the removal of an absent node", async () => {
      const node = net.nodes[0];
      const twice = await refusal(node, "perm_addNodesToAllowlist", [[net.nodes[1].enode, net.nodes[1].enode]]);
      expect(twice).to.deep.equal({ code: -32000, message: "Request contains duplicate nodes" });
      const absent = await refusal(node, "perm_removeNodesFromAllowlist", [[net.nodes[2].enode]]);
      expect(absent).to.deep.equal({ code: -32000, message: "Cannot remove an absent node from allowlist" });
    });

    it("shows hand edits of the allowlist files in perm_get*", async () => {
      const node = net.nodes[0];
      node.editByHand({ addAccounts: [validators[1].address.toUpperCase().replace("0X", "0x")], addNodes: [net.nodes[3].enode] });
      expect(await result(node, "perm_reloadPermissionsFromFile")).to.equal("Success");
      expect(await result(node, "perm_getAccountsAllowlist")).to.deep.equal([validators[1].address]);
      expect(await result(node, "perm_getNodesAllowlist")).to.deep.equal([net.nodes[3].enode]);
      node.editByHand({ removeNodes: [net.nodes[3].enode] });
      expect(await result(node, "perm_getNodesAllowlist")).to.deep.equal([]);
    });
  });

  describe("QBFT voting in header mode", function () {
    beforeEach(() => startNetwork(four()));

    it("answers qbft_getValidatorsByBlockNumber for latest, numbers and blocks it does not have", async () => {
      const node = net.nodes[0];
      const all = validators.map((v) => v.address);
      net.produceBlocks(2);
      expect(await result(node, "qbft_getValidatorsByBlockNumber", ["latest"])).to.deep.equal(all);
      expect(await result(node, "qbft_getValidatorsByBlockNumber", ["0x1"])).to.deep.equal(all);
      expect(await result(node, "qbft_getValidatorsByBlockNumber", ["0x3"])).to.equal(null);
      expect(await refusal(node, "qbft_getValidatorsByBlockNumber", ["finalized"])).to.deep.equal({ code: -39001, message: "Unknown block" });
      expect(await refusal(node, "qbft_getValidatorsByBlockNumber", ["soon"])).to.deep.equal({
        code: -32602,
        message: "Invalid block param (block not found)",
      });
    });

    it("adds a validator only once more than half of the validators have voted for it", async () => {
      for (const voter of validators.slice(0, 2)) expect(await result(voter, "qbft_proposeValidatorVote", [member.address, true])).to.equal(true);
      expect(await result(validators[0], "qbft_getPendingVotes")).to.deep.equal({ [member.address]: true });
      net.produceBlocks(8); // two of four have voted: exactly half is not enough
      expect(net.validatorsAt(net.blockNumber)).to.have.length(4);
      expect(await result(member, "qbft_getValidatorsByBlockNumber", ["latest"])).to.not.include(member.address);

      await result(validators[2], "qbft_proposeValidatorVote", [member.address, true]);
      net.produceBlocks(4);
      const joined = Array.from({ length: net.blockNumber + 1 }, (_, n) => n).find((n) => net.validatorsAt(n).includes(member.address))!;
      expect(net.validatorsAt(joined - 1)).to.have.length(4);
      expect(await result(member, "qbft_getValidatorsByBlockNumber", ["latest"])).to.include(member.address);
      // The deciding vote sits in the block before the header that lists the new validator.
      const metrics = (await result(member, "qbft_getSignerMetrics", [`0x${(joined - 1).toString(16)}`, `0x${joined.toString(16)}`])) as {
        address: string;
        proposedBlockCount: string;
      }[];
      expect(metrics.filter((m) => m.proposedBlockCount === "0x1").map((m) => m.address)).to.deep.equal([validators[2].address]);
      // Besu keeps a proposal after it wins, until it is discarded.
      expect(await result(validators[0], "qbft_getPendingVotes")).to.deep.equal({ [member.address]: true });
    });

    it("removes a validator once more than half of the validators vote to drop it", async () => {
      const target = validators[3].address;
      for (const voter of validators.slice(0, 2)) await result(voter, "qbft_proposeValidatorVote", [target, false]);
      net.produceBlocks(5);
      expect(net.validatorsAt(net.blockNumber)).to.include(target);
      await result(validators[2], "qbft_proposeValidatorVote", [target, false]);
      net.produceBlocks(5);
      expect(net.validatorsAt(net.blockNumber)).to.deep.equal(validators.slice(0, 3).map((v) => v.address));
    });

    it("never casts a proposal that was discarded", async () => {
      for (const voter of validators.slice(0, 3)) {
        await result(voter, "qbft_proposeValidatorVote", [member.address, true]);
        expect(await result(voter, "qbft_discardValidatorVote", [member.address])).to.equal(true);
      }
      expect(await result(validators[0], "qbft_getPendingVotes")).to.deep.equal({});
      net.produceBlocks(8);
      expect(net.validatorsAt(net.blockNumber)).to.not.include(member.address);
    });

    it("refuses a malformed address or a missing vote type", async () => {
      expect(await refusal(validators[0], "qbft_proposeValidatorVote", ["0xzz", true])).to.deep.equal({ code: -32602, message: "Invalid address params" });
      expect(await refusal(validators[0], "qbft_proposeValidatorVote", [member.address])).to.deep.equal({ code: -32602, message: "Invalid vote type params" });
    });

    it("reports signer metrics in Besu's shape, leaving the head block out by default", async () => {
      net.produceBlocks(8); // proposers of blocks 1..8 go round the sorted validators twice
      const metrics = (await result(member, "qbft_getSignerMetrics")) as Record<string, string>[];
      const byAddress = Object.fromEntries(metrics.map((m) => [m.address, m]));
      expect(byAddress[`0x${"0".repeat(40)}`]).to.deep.equal({ address: `0x${"0".repeat(40)}`, proposedBlockCount: "0x1", lastProposedBlockNumber: "0x0" });
      expect(byAddress[validators[0].address]).to.deep.equal({ address: validators[0].address, proposedBlockCount: "0x2", lastProposedBlockNumber: "0x5" });
      expect(byAddress[validators[3].address]).to.deep.equal({ address: validators[3].address, proposedBlockCount: "0x1", lastProposedBlockNumber: "0x4" });
      expect(metrics).to.have.length(5);
    });
  });

  describe("QBFT in contract mode", function () {
    beforeEach(() => startNetwork(four({ mode: "contract" })));

    it("refuses votes with Besu's method-not-enabled error", async () => {
      expect(await refusal(validators[0], "qbft_proposeValidatorVote", [member.address, true])).to.deep.equal(METHOD_NOT_ENABLED);
      expect(await refusal(validators[0], "qbft_discardValidatorVote", [member.address])).to.deep.equal(METHOD_NOT_ENABLED);
      expect(await refusal(validators[0], "qbft_getPendingVotes")).to.deep.equal(METHOD_NOT_ENABLED);
    });

    it("takes the validators from the contract from the next block on", async () => {
      net.produceBlocks(1);
      net.setContractValidators([member.address, validators[0].address]);
      expect(net.validatorsAt(1)).to.have.length(4);
      net.produceBlocks(1);
      const expected = [member.address, validators[0].address].sort();
      expect(net.validatorsAt(2)).to.deep.equal(expected);
      expect(net.validatorsAt(1)).to.have.length(4);
      expect(await result(member, "qbft_getValidatorsByBlockNumber", ["latest"])).to.deep.equal(expected);
    });
  });

  describe("peers", function () {
    beforeEach(() => startNetwork(four()));

    it("connects two nodes only once each has the other in its nodes allowlist", async () => {
      const [a, b] = net.nodes;
      await result(a, "perm_addNodesToAllowlist", [[b.enode]]);
      expect(await result(a, "admin_peers")).to.deep.equal([]);
      expect(await result(b, "admin_peers")).to.deep.equal([]);
      await result(b, "perm_addNodesToAllowlist", [[a.enode]]);
      const peers = (await result(a, "admin_peers")) as Record<string, unknown>[];
      expect(peers).to.have.length(1);
      expect(peers[0]).to.include({ enode: b.enode, id: `0x${b.publicKey}`, port: `0x${b.p2pPort.toString(16)}`, version: "0x5" });
      expect(peers[0]).to.have.all.keys("version", "name", "caps", "network", "port", "id", "protocols", "enode");
      expect(peers[0].network).to.have.all.keys("localAddress", "remoteAddress", "inbound");
      expect(peers[0].protocols).to.have.nested.property("eth.version", 69);
      expect(await result(a, "net_peerCount")).to.equal("0x1");
      expect(((await result(b, "admin_peers")) as { enode: string }[]).map((p) => p.enode)).to.deep.equal([a.enode]);
    });

    it("loses a peer that goes down", async () => {
      const [a, b] = net.nodes;
      a.editByHand({ addNodes: [b.enode] });
      b.editByHand({ addNodes: [a.enode] });
      expect(await result(a, "net_peerCount")).to.equal("0x1");
      b.setDown(true);
      expect(await result(a, "admin_peers")).to.deep.equal([]);
      expect(await result(a, "net_peerCount")).to.equal("0x0");
    });
  });

  describe("a node that is down", function () {
    beforeEach(() => startNetwork(four()));

    it("drops the connection without an answer and answers again once back", async () => {
      const node = net.nodes[0];
      node.setDown(true);
      const failure = await call(node, "eth_blockNumber").then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(TypeError);
      expect(node.calls).to.deep.equal([]);
      node.setDown(false);
      expect(await result(node, "eth_blockNumber")).to.equal("0x0");
    });

    it("stalls block production while fewer than a quorum of validators are up", async () => {
      validators[0].setDown(true);
      validators[1].setDown(true);
      net.produceBlocks(3);
      expect(net.blockNumber).to.equal(0);
      validators[1].setDown(false);
      net.produceBlocks(6);
      expect(net.blockNumber).to.equal(6);
      const metrics = (await result(member, "qbft_getSignerMetrics", ["0x1", "latest"])) as Record<string, string>[];
      expect(metrics.find((m) => m.address === validators[0].address)?.proposedBlockCount).to.equal("0x0");
    });
  });

  describe("automatic block production", function () {
    beforeEach(() => startNetwork(four({ blockPeriodMs: 10 })));

    it("produces blocks at the configured period", async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(net.blockNumber).to.be.greaterThan(3);
    });
  });
});
