import type { Leadership } from "../db/leader.js";
import { Contract, type JsonRpcProvider } from "ethers";
import type { Db } from "../db/db.js";
import type { Indexer } from "../indexer/indexer.js";
import { PassLoop } from "../operators/passLoop.js";
import { statement } from "../db/statements.js";
import type { Row } from "../db/table.js";
import type { tokens } from "./tables.js";

/** A token that did not answer is asked again after this long, not at every batch. */
export const TOKEN_RETRY_SECONDS = 60;

/** Longer or unprintable symbols are refused: the token's contract is anyone's code. */
export const MAX_SYMBOL = 16;
const USABLE_SYMBOL = new RegExp(`^[\\p{L}\\p{N}\\p{S}\\p{P}]{1,${MAX_SYMBOL}}$`, "u");

const ERC20_METADATA = ["function decimals() view returns (uint8)", "function symbol() view returns (string)"];

export type TokenUnitRow = Pick<Row<typeof tokens>, "decimals" | "symbol">;

/**
 * Reads the decimals and symbol of every settlement token the index names, once each, in the
 * background: the API answers from the table and never calls the chain on a request, and a
 * visitor without a wallet still sees amounts in the token's units.
 */
export class TokenReader {
  private readonly loop: PassLoop;

  constructor(
    private readonly opts: {
      db: Db;
      provider: JsonRpcProvider;
      indexer: Pick<Indexer, "on" | "off">;
      log: (line: string) => void;
      /** Replicas: tokens are read only in the process holding this role. */
      leadership?: Leadership;
    },
  ) {
    this.loop = new PassLoop(
      opts.indexer,
      TOKEN_RETRY_SECONDS * 1000,
      () => this.pass(),
      (err) => opts.log(`token read failed: ${err.message}`),
      opts.leadership,
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Resolves once no read is running (tests). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** One pass: every token not yet read, and every failed one whose retry time has come. */
  async pass(): Promise<void> {
    const { db, provider, log } = this.opts;
    const now = Math.floor(Date.now() / 1000);
    const due = (await statement(
      db,
      `SELECT DISTINCT c.settlement_token AS address FROM clusters c LEFT JOIN tokens t ON t.address = c.settlement_token
       WHERE c.settlement_token IS NOT NULL AND c.settlement_token <> '0x0000000000000000000000000000000000000000'
         AND (t.address IS NULL OR (t.decimals IS NULL AND t.read_at <= ?))`,
    ).all(now - TOKEN_RETRY_SECONDS)) as { address: string }[];
    for (const { address } of due) {
      const token = new Contract(address, ERC20_METADATA, provider);
      let row: { decimals: number | null; symbol: string | null; problem: string | null };
      try {
        const [decimals, symbol] = (await Promise.all([token.getFunction("decimals")(), token.getFunction("symbol")()])) as [bigint, string];
        // The symbol is shown beside every amount of the cluster: whatever the contract says, only a short printable one.
        if (!USABLE_SYMBOL.test(symbol)) throw new Error(`its symbol is not 1 to ${MAX_SYMBOL} printable characters`);
        row = { decimals: Number(decimals), symbol, problem: null };
      } catch (err) {
        row = { decimals: null, symbol: null, problem: (err as Error).message.slice(0, 200) };
        log(`settlement token ${address} did not give its decimals and symbol: ${row.problem}`);
      }
      await statement(
        db,
        `INSERT INTO tokens (address, decimals, symbol, problem, read_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (address) DO UPDATE SET decimals = excluded.decimals, symbol = excluded.symbol, problem = excluded.problem, read_at = excluded.read_at`,
      ).run(address, row.decimals, row.symbol, row.problem, Math.floor(Date.now() / 1000));
    }
  }
}

/** The token's decimals and symbol as read, or null until they are. */
export async function tokenUnit(db: Db, address: string | null): Promise<{ decimals: number; symbol: string } | null> {
  if (!address) return null;
  const row = (await statement(db, "SELECT decimals, symbol FROM tokens WHERE address = ?").get(address.toLowerCase())) as TokenUnitRow | undefined;
  return row && row.decimals !== null && row.symbol !== null ? { decimals: row.decimals, symbol: row.symbol } : null;
}
