// Besu's operations methods (PERM, QBFT, ADMIN) as raw JSON-RPC: no JavaScript client knows them,
// and ethers' provider would batch, cache and retry calls whose effect must be seen at once.

/** A node answered with a JSON-RPC error object. */
export class BesuRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (${code})`);
  }
}

/** The node did not answer (connection refused, timeout, not JSON-RPC). */
export class BesuUnreachableError extends Error {}

export interface SignerMetric {
  address: string;
  proposedBlockCount: number;
  lastProposedBlockNumber: number;
}

export interface Peer {
  enode: string;
  name: string;
  remoteAddress: string | null;
}

interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string };
}

const hexNumber = (v: unknown): number => (typeof v === "string" ? Number(BigInt(v)) : Number(v));
const addresses = (v: unknown): string[] => (Array.isArray(v) ? v.map((a) => String(a).toLowerCase()) : []);

/** One Besu node's RPC endpoint. */
export class BesuRpc {
  private id = 0;

  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async call(method: string, params: unknown[] = []): Promise<unknown> {
    let answer: RpcAnswer;
    try {
      const res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answer = (await res.json()) as RpcAnswer;
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new BesuUnreachableError(`${this.url} did not answer ${method}: ${cause ?? (err as Error).message}`);
    }
    if (answer.error) throw new BesuRpcError(method, answer.error.code, answer.error.message);
    return answer.result;
  }

  async nodesAllowlist(): Promise<string[]> {
    return ((await this.call("perm_getNodesAllowlist")) as string[]).map(String);
  }

  async accountsAllowlist(): Promise<string[]> {
    return addresses(await this.call("perm_getAccountsAllowlist"));
  }

  /** add: true adds, false removes; an empty list sends nothing (Besu refuses an empty list). */
  async changeNodes(add: boolean, enodes: string[]): Promise<void> {
    if (enodes.length > 0) await this.call(add ? "perm_addNodesToAllowlist" : "perm_removeNodesFromAllowlist", [enodes]);
  }

  async changeAccounts(add: boolean, accounts: string[]): Promise<void> {
    if (accounts.length > 0) await this.call(add ? "perm_addAccountsToAllowlist" : "perm_removeAccountsFromAllowlist", [accounts]);
  }

  async blockNumber(): Promise<number> {
    return hexNumber(await this.call("eth_blockNumber"));
  }

  async validators(block: number | "latest" = "latest"): Promise<string[]> {
    return addresses(await this.call("qbft_getValidatorsByBlockNumber", [block === "latest" ? block : `0x${block.toString(16)}`]));
  }

  async pendingVotes(): Promise<Map<string, boolean>> {
    const votes = (await this.call("qbft_getPendingVotes")) as Record<string, boolean> | null;
    return new Map(Object.entries(votes ?? {}).map(([a, add]) => [a.toLowerCase(), add]));
  }

  async proposeValidatorVote(address: string, add: boolean): Promise<void> {
    await this.call("qbft_proposeValidatorVote", [address, add]);
  }

  async discardValidatorVote(address: string): Promise<void> {
    await this.call("qbft_discardValidatorVote", [address]);
  }

  async signerMetrics(): Promise<SignerMetric[]> {
    const rows = (await this.call("qbft_getSignerMetrics")) as { address: string; proposedBlockCount: string; lastProposedBlockNumber: string }[];
    return rows.map((r) => ({
      address: r.address.toLowerCase(),
      proposedBlockCount: hexNumber(r.proposedBlockCount),
      lastProposedBlockNumber: hexNumber(r.lastProposedBlockNumber),
    }));
  }

  async peers(): Promise<Peer[]> {
    const rows = (await this.call("admin_peers")) as { enode: string; name?: string; network?: { remoteAddress?: string } }[];
    return rows.map((p) => ({ enode: p.enode, name: p.name ?? "", remoteAddress: p.network?.remoteAddress ?? null }));
  }

  async enode(): Promise<string> {
    return ((await this.call("admin_nodeInfo")) as { enode: string }).enode;
  }
}
