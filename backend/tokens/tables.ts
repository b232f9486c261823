// What the platform read of each settlement token's ERC-20 metadata. Derived: a rebuilt index
// (a new chain or deployment) may find other contracts at the same addresses.
import { bigint, integer, nullable, table, text, type AnyTable } from "../db/table.js";

export const tokens = table(
  "tokens",
  {
    address: text,
    // NULL until read, or while the token does not answer (`problem` says why).
    decimals: nullable(integer),
    symbol: nullable(text),
    problem: nullable(text),
    // Unix seconds of the last attempt, to space out retries of a token that does not answer.
    read_at: bigint,
  },
  { primaryKey: ["address"] },
);

export const TOKEN_TABLES: readonly AnyTable[] = [tokens];
