/**
 * A Besu-shaped JSON-RPC network held in memory, for tests and benchmarks of code that drives
 * Besu's local permissioning and QBFT voting; real Besu cannot run on the build machines.
 *
 * Shapes, errors and rules come from hyperledger/besu at tag 26.2.0 (api/ = ethereum/api/src/main/
 * java/org/hyperledger/besu/ethereum/api/jsonrpc/; the rest abbreviated the same way):
 * - api/../handlers/{JsonRpcParserHandler,JsonRpcObjectExecutor,JsonRpcArrayExecutor},
 *   api/execution/JsonRpcExecutor: parse errors, invalid requests, batches, notifications, HTTP 400
 *   only for a single parse error / invalid request, -32604 for a known method of a group that is
 *   not enabled, -32601 for an unknown one.
 * - api/internal/response/{RpcErrorType,JsonRpcError,JsonRpcSuccessResponse}: codes and messages,
 *   no `data` when null, "Success" when a method has no result.
 * - api/internal/methods/permissioning/Perm*, ethereum/permissioning/{Account,Node}LocalConfig-
 *   PermissioningController, ethereum/p2p/peers/EnodeURLImpl: validation order, normalisation,
 *   existing/absent entries, peer permission by node id + ip + listening port.
 * - consensus/qbft/jsonrpc/methods/Qbft*, consensus/common/jsonrpc/{AbstractGetSignerMetricsMethod,
 *   AbstractVoteProposerMethod}, consensus/common/validator/blockbased/{VoteTally,VoteProposer,
 *   BlockValidatorProvider}, consensus/qbft/validator/TransactionValidatorProvider,
 *   consensus/common/bft/{blockcreation/BftProposerSelector,BftHelpers}.
 * - api/internal/methods/{AdminPeers,AdminNodeInfo,NetPeerCount}, api/internal/results/{PeerResult,
 *   NetworkResult,ProtocolsResult,SignerMetricResult}.
 * Rechecked on main at 3fd224e (March 2026), which differs in two places: an epoch block also clears
 * remove votes (#9870, modelled here), and peer permission compares only ip + port (not modelled).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIPv4, isIPv6, type AddressInfo } from "node:net";
import { SigningKey, computeAddress, hexlify, id as keccakOfText, randomBytes } from "ethers";

export interface FakeNodeSpec {
  name: string;
  validator: boolean;
  host?: string;
  p2pPort?: number;
  apis?: string[];
}
export interface FakeNetworkOptions {
  nodes: FakeNodeSpec[];
  mode?: "header" | "contract";
  blockPeriodMs?: number;
  chainId?: number;
}

const CLIENT_VERSION = "besu/v26.2.0/linux-x86_64/openjdk-java-21";
const DEFAULT_APIS = ["ETH", "NET", "WEB3", "QBFT", "ADMIN", "PERM", "TXPOOL"];
const ZERO_ADDRESS = `0x${"0".repeat(40)}`; // the coinbase of a QBFT genesis, so "proposer" of block 0
const EPOCH_LENGTH = 30000; // genesis default: votes are discarded at each epoch block
const SIGNER_METRICS_DEFAULT_RANGE = 100;
const CAPS = ["eth/68", "eth/69", "istanbul/100"];

interface RpcError {
  code: number;
  message: string;
}
const rpcError = (code: number, message: string): RpcError => ({ code, message });
/** Besu's RpcErrorType entries the fake answers with, code and message verbatim. */
export const BESU_ERRORS = {
  PARSE_ERROR: rpcError(-32700, "Parse error"),
  INVALID_REQUEST: rpcError(-32600, "Invalid Request"),
  METHOD_NOT_FOUND: rpcError(-32601, "Method not found"),
  INTERNAL_ERROR: rpcError(-32603, "Internal error"),
  METHOD_NOT_ENABLED: rpcError(-32604, "Method not enabled"),
  UNKNOWN_BLOCK: rpcError(-39001, "Unknown block"),
  INVALID_ACCOUNT_PARAMS: rpcError(-32602, "Invalid account params"),
  INVALID_ENODE_PARAMS: rpcError(-32602, "Invalid enode params"),
  INVALID_ADDRESS_PARAMS: rpcError(-32602, "Invalid address params"),
  INVALID_VOTE_TYPE_PARAMS: rpcError(-32602, "Invalid vote type params"),
  INVALID_BLOCK_PARAMS: rpcError(-32602, "Invalid block param (block not found)"),
  INVALID_BLOCK_NUMBER_PARAMS: rpcError(-32602, "Invalid block number params"),
  ACCOUNT_ALLOWLIST_EMPTY_ENTRY: rpcError(-32000, "Request contains an empty list of accounts"),
  ACCOUNT_ALLOWLIST_INVALID_ENTRY: rpcError(-32000, "Request contains an invalid account"),
  ACCOUNT_ALLOWLIST_DUPLICATED_ENTRY: rpcError(-32000, "Request contains duplicate accounts"),
  ACCOUNT_ALLOWLIST_EXISTING_ENTRY: rpcError(-32000, "Cannot add an existing account to allowlist"),
  ACCOUNT_ALLOWLIST_ABSENT_ENTRY: rpcError(-32000, "Cannot remove an absent account from allowlist"),
  NODE_ALLOWLIST_EMPTY_ENTRY: rpcError(-32000, "Request contains an empty list of nodes"),
  NODE_ALLOWLIST_INVALID_ENTRY: rpcError(-32000, "Request contains an invalid node"),
  NODE_ALLOWLIST_DUPLICATED_ENTRY: rpcError(-32000, "Request contains duplicate nodes"),
  NODE_ALLOWLIST_EXISTING_ENTRY: rpcError(-32000, "Cannot add an existing node to allowlist"),
  NODE_ALLOWLIST_MISSING_ENTRY: rpcError(-32000, "Cannot remove an absent node from allowlist"),
} as const;
const E = BESU_ERRORS;

class RpcFailure extends Error {
  constructor(readonly rpcError: RpcError) {
    super(rpcError.message);
  }
}
const fail = (error: RpcError): never => {
  throw new RpcFailure(error);
};
const quantity = (n: number): string => `0x${n.toString(16)}`;
const ascending = (list: Iterable<string>): string[] => [...list].sort();

// --- parameter parsing, as Besu's Jackson mapping and validators accept them -------------------

type BlockTag = number | "latest" | "pending" | "finalized" | "safe";

/** BlockParameter: a tag, or whatever java.lang.Long.decode takes (decimal, 0x/# hex, 0-octal). */
function parseBlockParam(raw: unknown): BlockTag | undefined {
  if (typeof raw !== "string") return undefined;
  const tag = raw.toLowerCase();
  if (tag === "earliest") return 0;
  if (tag === "latest" || tag === "pending" || tag === "finalized" || tag === "safe") return tag;
  const m = /^([-+]?)(0x|#|0(?=.))?(.+)$/i.exec(raw);
  if (!m) return undefined;
  const radix = m[2] === undefined ? 10 : m[2] === "0" ? 8 : 16;
  const digits = { 8: /^[0-7]+$/, 10: /^\d+$/, 16: /^[0-9a-f]+$/i }[radix];
  if (!digits.test(m[3])) return undefined;
  const n = parseInt(m[3], radix);
  return m[1] === "-" ? -n : n;
}

/** Address.fromHexString is lenient: optional 0x, short values left-padded, at most 20 bytes. */
function lenientAddress(raw: unknown): string | undefined {
  const m = typeof raw === "string" ? /^(?:0x)?([0-9a-f]{0,40})$/i.exec(raw) : null;
  return m ? `0x${m[1].toLowerCase().padStart(40, "0")}` : undefined;
}

function voteType(raw: unknown): boolean | undefined {
  if (typeof raw === "boolean") return raw;
  return typeof raw === "string" && /^(true|false)$/i.test(raw) ? raw.toLowerCase() === "true" : undefined;
}

/** EnodeURLImpl.fromString + toString with DNS disabled: ids lower-cased, IPv6 compressed, discport kept only when it differs. */
function canonicalEnode(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const m = /^enode:\/\/([0-9a-f]{128})@(\[[0-9a-f:.]+\]|[0-9.]+):(\d+)(?:\?(.*))?$/i.exec(raw);
  if (!m) return undefined;
  const [, nodeId, host, portText, query] = m;
  const ip = host.startsWith("[") ? (isIPv6(host.slice(1, -1)) ? new URL(`http://${host}/`).hostname : undefined) : isIPv4(host) ? host : undefined;
  const port = Number(portText);
  const disc = query === undefined ? port : Number(/^discport=(\d{1,5})$/.exec(query)?.[1] ?? NaN);
  if (ip === undefined || port > 65535 || !(disc <= 65535)) return undefined;
  return `enode://${nodeId.toLowerCase()}@${ip}:${port}${disc === port ? "" : `?discport=${disc}`}`;
}
/** Besu (26.2.0) permits a connection when an entry has the same node id, ip and listening port. */
const endpointOf = (enode: string): string => enode.split("?")[0];

function accountsParam(params: unknown[]): string[] {
  const list = params[0];
  if (!Array.isArray(list)) return fail(E.INVALID_ACCOUNT_PARAMS);
  // Besu maps String::toLowerCase over an untyped list, so a non-string entry is an internal error.
  return list.map((a: unknown) => (typeof a === "string" ? a.toLowerCase() : fail(E.INTERNAL_ERROR)));
}
function checkAccounts(accounts: string[]): void {
  if (accounts.length === 0) fail(E.ACCOUNT_ALLOWLIST_EMPTY_ENTRY);
  if (!accounts.every((a) => /^0x[0-9a-f]{40}$/.test(a))) fail(E.ACCOUNT_ALLOWLIST_INVALID_ENTRY);
  if (new Set(accounts).size !== accounts.length) fail(E.ACCOUNT_ALLOWLIST_DUPLICATED_ENTRY);
}

/** StringListParameter, then NodeLocalConfigPermissioningController.validInput: duplicates are judged on the raw strings, before parsing. */
function enodesParam(params: unknown[]): string[] {
  const list = params[0];
  if (!Array.isArray(list)) return fail(E.INVALID_ENODE_PARAMS);
  const raw = list.map((e: unknown) => (e !== null && typeof e === "object" ? fail(E.INVALID_ENODE_PARAMS) : e));
  if (raw.length === 0) fail(E.NODE_ALLOWLIST_EMPTY_ENTRY);
  if (new Set(raw.map(String)).size !== raw.length) fail(E.NODE_ALLOWLIST_DUPLICATED_ENTRY);
  return raw.map((e) => canonicalEnode(e) ?? fail(E.NODE_ALLOWLIST_INVALID_ENTRY));
}

// --- QBFT header voting ---------------------------------------------------------------------

interface Vote {
  proposer: string;
  subject: string;
  add: boolean;
}

/** VoteTally: a vote wins with floor(n/2)+1 of the current validators; a winning subject's votes are cleared. */
class VoteTally {
  private readonly validators: Set<string>;
  private readonly addVotes = new Map<string, Set<string>>();
  private readonly removeVotes = new Map<string, Set<string>>();

  constructor(initial: string[]) {
    this.validators = new Set(initial);
  }

  current(): string[] {
    return ascending(this.validators);
  }

  /** VoteProposer.voteNotYetCast: whether `voter` still has to cast this proposal. */
  needsVote(voter: string, subject: string, add: boolean): boolean {
    const votedAdd = this.addVotes.get(subject)?.has(voter) ?? false;
    const votedDrop = this.removeVotes.get(subject)?.has(voter) ?? false;
    const isValidator = this.validators.has(subject);
    return add ? (!isValidator && !votedAdd) || votedDrop : (isValidator && !votedDrop) || votedAdd;
  }

  add(vote: Vote): void {
    const adds = this.votesFor(this.addVotes, vote.subject);
    const removes = this.votesFor(this.removeVotes, vote.subject);
    (vote.add ? adds : removes).add(vote.proposer);
    (vote.add ? removes : adds).delete(vote.proposer);
    const limit = Math.floor(this.validators.size / 2) + 1;
    if (adds.size >= limit) {
      this.validators.add(vote.subject);
      this.forget(vote.subject);
    }
    if (removes.size >= limit) {
      this.validators.delete(vote.subject);
      this.forget(vote.subject);
      // A removed validator's own outstanding votes no longer count.
      for (const votes of [...this.addVotes.values(), ...this.removeVotes.values()]) votes.delete(vote.subject);
    }
  }

  discardAll(): void {
    this.addVotes.clear();
    this.removeVotes.clear();
  }

  private votesFor(map: Map<string, Set<string>>, subject: string): Set<string> {
    if (!map.has(subject)) map.set(subject, new Set());
    return map.get(subject)!;
  }

  private forget(subject: string): void {
    this.addVotes.delete(subject);
    this.removeVotes.delete(subject);
  }
}

interface Block {
  number: number;
  proposer: string;
  /** The set that validates the next block: header mode, after this block's vote; contract mode, the contract's state at this block. */
  validatorsAfter: string[];
}

// --- the network ----------------------------------------------------------------------------

export class FakeBesuNetwork {
  readonly nodes: FakeBesuNode[];
  readonly mode: "header" | "contract";
  readonly chainId: number;
  private readonly blocks: Block[];
  private readonly tally: VoteTally;
  private pendingContractValidators: string[] | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: FakeNetworkOptions) {
    this.mode = opts.mode ?? "header";
    this.chainId = opts.chainId ?? 1337;
    this.nodes = opts.nodes.map((spec, index) => new FakeBesuNode(this, spec, index));
    const initial = ascending(this.nodes.filter((n) => n.validator).map((n) => n.address));
    this.tally = new VoteTally(initial);
    this.blocks = [{ number: 0, proposer: ZERO_ADDRESS, validatorsAfter: initial }];
  }

  async start(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.listen()));
    if (this.opts.blockPeriodMs) {
      this.timer = setInterval(() => this.produceBlocks(1), this.opts.blockPeriodMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.nodes.map((n) => n.close()));
  }

  get blockNumber(): number {
    return this.blocks.length - 1;
  }

  get headHash(): string {
    return this.blockHash(this.blockNumber);
  }

  blockHash(block: number): string {
    return keccakOfText(`fake-besu:${this.chainId}:${block}`);
  }

  /** Blocks stall, as QBFT does, while fewer than a quorum of validators run a node that is up. */
  produceBlocks(n: number): void {
    for (let i = 0; i < n; i++) this.produceBlock();
  }

  /** What qbft_getValidatorsByBlockNumber answers for block `block`. */
  validatorsAt(block: number): string[] {
    if (!Number.isInteger(block) || block < 0 || block > this.blockNumber) {
      throw new RangeError(`Block ${block} does not exist: the head is ${this.blockNumber}`);
    }
    // Header mode: a header lists the validators after its parent's vote. Contract mode
    // (TransactionValidatorProvider.getValidatorsForBlock): the contract's state at that block.
    if (this.mode === "contract") return [...this.blocks[block].validatorsAfter];
    return [...this.blocks[Math.max(0, block - 1)].validatorsAfter];
  }

  validatorsAfterHead(): string[] {
    return [...this.blocks[this.blockNumber].validatorsAfter];
  }

  /** Stands for a transaction to the validator contract, mined in the next block. */
  setContractValidators(addresses: string[]): void {
    if (this.mode !== "contract") throw new Error("setContractValidators needs a network in contract mode");
    this.pendingContractValidators = ascending(new Set(addresses.map((a) => a.toLowerCase())));
  }

  peersOf(node: FakeBesuNode): FakeBesuNode[] {
    if (node.isDown) return [];
    return this.nodes.filter((o) => o !== node && !o.isDown && node.permits(o) && o.permits(node));
  }

  /** AbstractGetSignerMetricsMethod: blocks [from, to), `to` capped at the head, which is therefore left out by default. */
  signerMetrics(params: unknown[]): { address: string; proposedBlockCount: string; lastProposedBlockNumber: string }[] {
    const head = this.blockNumber;
    const from = this.metricsBound(params[0]) ?? Math.max(0, head - SIGNER_METRICS_DEFAULT_RANGE);
    const requestedTo = this.metricsBound(params[1]);
    const to = requestedTo !== undefined && requestedTo <= head ? requestedTo : head;
    if (from >= to) return fail(E.INVALID_BLOCK_NUMBER_PARAMS);
    const metrics = new Map<string, { count: number; last: number }>();
    for (let n = Math.max(0, from); n < to; n++) {
      const entry = metrics.get(this.blocks[n].proposer) ?? { count: 0, last: 0 };
      metrics.set(this.blocks[n].proposer, { count: entry.count + 1, last: n });
    }
    // Validators of the range's last block are listed even if they proposed nothing.
    for (const v of this.blocks[to - 1].validatorsAfter) if (!metrics.has(v)) metrics.set(v, { count: 0, last: 0 });
    return ascending(metrics.keys()).map((address) => ({
      address,
      proposedBlockCount: quantity(metrics.get(address)!.count),
      lastProposedBlockNumber: quantity(metrics.get(address)!.last),
    }));
  }

  private metricsBound(raw: unknown): number | undefined {
    if (raw === undefined || raw === null) return undefined;
    const tag = parseBlockParam(raw) ?? fail(E.INVALID_BLOCK_NUMBER_PARAMS);
    if (typeof tag === "number") return tag;
    // resolveBlockNumber knows no finalized/safe block on a QBFT chain and throws.
    return tag === "latest" || tag === "pending" ? this.blockNumber : fail(E.INTERNAL_ERROR);
  }

  private produceBlock(): void {
    const parent = this.blocks[this.blockNumber];
    const proposer = this.nextProposer(parent);
    if (proposer === undefined) return;
    const number = parent.number + 1;
    let validatorsAfter = parent.validatorsAfter;
    if (this.mode === "contract") {
      validatorsAfter = this.pendingContractValidators ?? validatorsAfter;
      this.pendingContractValidators = undefined;
    } else if (number % EPOCH_LENGTH === 0) {
      this.tally.discardAll();
    } else {
      const vote = this.nodeOf(proposer)?.chooseVote(this.tally);
      if (vote) this.tally.add(vote);
      validatorsAfter = this.tally.current();
    }
    this.blocks.push({ number, proposer, validatorsAfter });
  }

  /** BftProposerSelector (round 0 moves on from the previous proposer), plus round changes past validators that are down. */
  private nextProposer(parent: Block): string | undefined {
    const validators = parent.validatorsAfter;
    const up = validators.filter((v) => this.nodeOf(v)?.isDown === false);
    if (up.length === 0 || up.length < Math.ceil((2 * validators.length) / 3)) return undefined;
    const at = validators.indexOf(parent.proposer);
    const above = validators.findIndex((v) => v > parent.proposer);
    const first = at >= 0 ? at + 1 : Math.max(0, above);
    for (let round = 0; ; round++) {
      const candidate = validators[(first + round) % validators.length];
      if (up.includes(candidate)) return candidate;
    }
  }

  private nodeOf(address: string): FakeBesuNode | undefined {
    return this.nodes.find((n) => n.address === address);
  }
}

// --- one node -------------------------------------------------------------------------------

type Handler = (params: unknown[]) => unknown;

export class FakeBesuNode {
  readonly name: string;
  readonly validator: boolean;
  readonly publicKey: string;
  readonly address: string;
  readonly enode: string;
  readonly host: string;
  readonly p2pPort: number;
  url = "";
  readonly calls: { method: string; params: unknown[] }[] = [];
  private readonly index: number;
  private readonly apis: Set<string>;
  private readonly accounts: string[] = [];
  private readonly nodes: string[] = [];
  /** VoteProposer.proposals: kept after the vote wins, until discarded. */
  private readonly proposals = new Map<string, boolean>();
  private votePosition = 0;
  private down = false;
  private server: Server | undefined;
  private readonly methods: Map<string, { group: string; run: Handler }>;

  constructor(
    private readonly network: FakeBesuNetwork,
    spec: FakeNodeSpec,
    index: number,
  ) {
    const key = new SigningKey(hexlify(randomBytes(32)));
    this.name = spec.name;
    this.validator = spec.validator;
    this.index = index;
    this.publicKey = key.publicKey.slice(4);
    this.address = computeAddress(key.publicKey).toLowerCase();
    this.host = spec.host ?? "127.0.0.1";
    this.p2pPort = spec.p2pPort ?? 30303 + index;
    this.enode = `enode://${this.publicKey}@${this.host}:${this.p2pPort}`;
    this.apis = new Set((spec.apis ?? DEFAULT_APIS).map((a) => a.toUpperCase()));
    this.methods = this.methodTable();
  }

  get accountsAllowlist(): string[] {
    return [...this.accounts];
  }

  get nodesAllowlist(): string[] {
    return [...this.nodes];
  }

  get isDown(): boolean {
    return this.down;
  }

  setDown(down: boolean): void {
    this.down = down;
  }

  /** Normalises as Besu does when it reads the file back; entries already there (or absent) are left alone. */
  editByHand(change: { addAccounts?: string[]; removeAccounts?: string[]; addNodes?: string[]; removeNodes?: string[] }): void {
    const enode = (e: string): string => {
      const canonical = canonicalEnode(e);
      if (canonical === undefined) throw new Error(`editByHand: Besu would not load ${e} from an allowlist file`);
      return canonical;
    };
    edit(
      this.accounts,
      (change.addAccounts ?? []).map((a) => a.toLowerCase()),
      (change.removeAccounts ?? []).map((a) => a.toLowerCase()),
    );
    edit(this.nodes, (change.addNodes ?? []).map(enode), (change.removeNodes ?? []).map(enode));
  }

  permits(other: FakeBesuNode): boolean {
    return this.nodes.some((e) => endpointOf(e) === endpointOf(canonicalEnode(other.enode) ?? other.enode));
  }

  /** VoteProposer.getVote, in address order rather than Besu's hash-map order, rotating between blocks. */
  chooseVote(tally: VoteTally): Vote | undefined {
    const open = ascending([...this.proposals.keys()].filter((s) => tally.needsVote(this.address, s, this.proposals.get(s)!)));
    if (open.length === 0) return undefined;
    const subject = open[this.votePosition++ % open.length];
    return { proposer: this.address, subject, add: this.proposals.get(subject)! };
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.down) return void req.socket.destroy();
    if (req.method !== "POST") return void res.writeHead(405).end();
    const { status, body } = this.answer(Buffer.concat(chunks).toString("utf8"));
    if (body === undefined) return void res.writeHead(status).end();
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  /** JsonRpcParserHandler + the object/array executors. */
  private answer(text: string): { status: number; body?: unknown } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { status: 400, body: errorResponse(null, E.PARSE_ERROR) };
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return { status: 400, body: errorResponse(null, E.INVALID_REQUEST) };
      const answers = parsed.map((r: unknown) => (isObject(r) ? this.execute(r) : errorResponse(null, E.INVALID_REQUEST)));
      return { status: 200, body: answers.filter((a) => a !== undefined) };
    }
    if (!isObject(parsed)) return { status: 400, body: errorResponse(null, E.PARSE_ERROR) };
    const answer = this.execute(parsed);
    const badRequest = answer !== undefined && "error" in answer && [-32600, -32700].includes(answer.error.code);
    return { status: badRequest ? 400 : 200, body: answer };
  }

  /** JsonRpcExecutor.execute: request shape, then notifications, then method availability. */
  private execute(request: Record<string, unknown>): RpcResponse | undefined {
    const { id, params = [] } = request;
    const method = typeof request.method === "number" ? String(request.method) : request.method;
    const idOk = id === undefined || id === null || typeof id === "string" || typeof id === "number";
    if (!idOk || typeof method !== "string" || !(Array.isArray(params) || params === null)) {
      return errorResponse(typeof id === "number" ? id : null, E.INVALID_REQUEST);
    }
    const args: unknown[] = params ?? [];
    this.calls.push({ method, params: args });
    if (!("id" in request)) return undefined;
    const entry = this.methods.get(method);
    if (!entry) return errorResponse(id, E.METHOD_NOT_FOUND);
    if (!this.apis.has(entry.group)) return errorResponse(id, E.METHOD_NOT_ENABLED);
    try {
      return { jsonrpc: "2.0", id, result: entry.run(args) ?? null };
    } catch (error) {
      return errorResponse(id, error instanceof RpcFailure ? error.rpcError : E.INTERNAL_ERROR);
    }
  }

  private methodTable(): Map<string, { group: string; run: Handler }> {
    const net = this.network;
    const table: [string, string, Handler][] = [
      ["perm_addAccountsToAllowlist", "PERM", (p) => this.addAccounts(accountsParam(p))],
      ["perm_removeAccountsFromAllowlist", "PERM", (p) => this.removeAccounts(accountsParam(p))],
      ["perm_getAccountsAllowlist", "PERM", () => this.accountsAllowlist],
      ["perm_addNodesToAllowlist", "PERM", (p) => this.addNodes(enodesParam(p))],
      ["perm_removeNodesFromAllowlist", "PERM", (p) => this.removeNodes(enodesParam(p))],
      ["perm_getNodesAllowlist", "PERM", () => this.nodesAllowlist],
      ["perm_reloadPermissionsFromFile", "PERM", () => "Success"],
      ["qbft_getValidatorsByBlockNumber", "QBFT", (p) => this.validatorsByBlockNumber(p[0])],
      ["qbft_proposeValidatorVote", "QBFT", (p) => this.propose(p)],
      ["qbft_discardValidatorVote", "QBFT", (p) => this.discard(p)],
      ["qbft_getPendingVotes", "QBFT", () => this.pendingVotes()],
      ["qbft_getSignerMetrics", "QBFT", (p) => net.signerMetrics(p)],
      ["admin_peers", "ADMIN", () => net.peersOf(this).map((peer) => this.peerResult(peer))],
      ["admin_nodeInfo", "ADMIN", () => this.nodeInfo()],
      ["net_peerCount", "NET", () => quantity(net.peersOf(this).length)],
      ["eth_blockNumber", "ETH", () => quantity(net.blockNumber)],
      ["eth_chainId", "ETH", () => quantity(net.chainId)],
      ["web3_clientVersion", "WEB3", () => CLIENT_VERSION],
    ];
    return new Map(table.map(([name, group, run]) => [name, { group, run }]));
  }

  /** Besu refuses the whole request if any account is already listed; it has answered so since the Pantheon code became Besu (2019). */
  private addAccounts(accounts: string[]): string {
    checkAccounts(accounts);
    if (accounts.some((a) => this.accounts.includes(a))) fail(E.ACCOUNT_ALLOWLIST_EXISTING_ENTRY);
    this.accounts.push(...accounts);
    return "Success";
  }

  private removeAccounts(accounts: string[]): string {
    checkAccounts(accounts);
    if (!accounts.every((a) => this.accounts.includes(a))) fail(E.ACCOUNT_ALLOWLIST_ABSENT_ENTRY);
    edit(this.accounts, [], accounts);
    return "Success";
  }

  private addNodes(enodes: string[]): string {
    if (enodes.some((e) => this.nodes.includes(e))) fail(E.NODE_ALLOWLIST_EXISTING_ENTRY);
    this.nodes.push(...enodes);
    return "Success";
  }

  private removeNodes(enodes: string[]): string {
    if (!enodes.every((e) => this.nodes.includes(e))) fail(E.NODE_ALLOWLIST_MISSING_ENTRY);
    for (const e of enodes) this.nodes.splice(this.nodes.indexOf(e), 1);
    return "Success";
  }

  private validatorsByBlockNumber(raw: unknown): string[] | null {
    const tag = parseBlockParam(raw) ?? fail(E.INVALID_BLOCK_PARAMS);
    if (tag === "finalized" || tag === "safe") return fail(E.UNKNOWN_BLOCK);
    if (tag === "pending") return this.network.validatorsAfterHead();
    const block = tag === "latest" ? this.network.blockNumber : tag;
    return block >= 0 && block <= this.network.blockNumber ? this.network.validatorsAt(block) : null;
  }

  /** In contract mode Besu has no vote provider at head and answers METHOD_NOT_ENABLED. */
  private votingEnabled(): void {
    if (this.network.mode === "contract") fail(E.METHOD_NOT_ENABLED);
  }

  private propose(params: unknown[]): boolean {
    this.votingEnabled();
    const subject = lenientAddress(params[0]) ?? fail(E.INVALID_ADDRESS_PARAMS);
    this.proposals.set(subject, voteType(params[1]) ?? fail(E.INVALID_VOTE_TYPE_PARAMS));
    return true;
  }

  private discard(params: unknown[]): boolean {
    this.votingEnabled();
    this.proposals.delete(lenientAddress(params[0]) ?? fail(E.INVALID_ADDRESS_PARAMS));
    return true;
  }

  private pendingVotes(): Record<string, boolean> {
    this.votingEnabled();
    return Object.fromEntries(ascending(this.proposals.keys()).map((a) => [a, this.proposals.get(a)!]));
  }

  /** PeerResult; the node with the lower index is taken to have dialled. */
  private peerResult(peer: FakeBesuNode): Record<string, unknown> {
    const inbound = peer.index < this.index;
    const dialler = inbound ? peer : this;
    const ephemeral = `${dialler.host}:${40000 + dialler.index}`;
    const local = inbound ? `${this.host}:${this.p2pPort}` : ephemeral;
    const remote = inbound ? ephemeral : `${peer.host}:${peer.p2pPort}`;
    return {
      version: "0x5",
      name: CLIENT_VERSION,
      caps: CAPS,
      network: { localAddress: local, remoteAddress: remote, inbound },
      port: quantity(peer.p2pPort),
      id: `0x${peer.publicKey}`,
      protocols: { eth: { difficulty: quantity(this.network.blockNumber + 1), head: this.network.headHash, version: 69 } },
      enode: peer.enode,
    };
  }

  private nodeInfo(): Record<string, unknown> {
    const net = this.network;
    const config = { chainId: net.chainId, londonBlock: 0, shanghaiTime: 0, zeroBaseFee: true, qbft: { epochlength: EPOCH_LENGTH } };
    return {
      enode: this.enode,
      ip: this.host,
      listenAddr: `${this.host}:${this.p2pPort}`,
      id: this.publicKey,
      name: CLIENT_VERSION,
      ports: { discovery: this.p2pPort, listener: this.p2pPort },
      protocols: { eth: { config, difficulty: net.blockNumber + 1, genesis: net.blockHash(0), head: net.headHash, network: net.chainId } },
      activeFork: "Shanghai",
    };
  }
}

type RpcResponse = { jsonrpc: "2.0"; id: unknown; result: unknown } | { jsonrpc: "2.0"; id: unknown; error: RpcError };

function errorResponse(id: unknown, error: RpcError): RpcResponse {
  return { jsonrpc: "2.0", id: id ?? null, error: { code: error.code, message: error.message } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Adds what is missing and removes every occurrence of what goes, as List.removeAll does. */
function edit(list: string[], add: string[], remove: string[]): void {
  for (const a of add) if (!list.includes(a)) list.push(a);
  const kept = list.filter((e) => !remove.includes(e));
  list.splice(0, list.length, ...kept);
}
