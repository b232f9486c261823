// The index tables of the authentication service.
import { bigint, nullable, table, text, type AnyTable } from "../../db/table.js";

/** Sign-in challenges, each used once (kept across index rebuilds: they are not on chain). */
export const authNonces = table(
  "auth_nonces",
  {
    nonce: text,
    created_at: bigint,
    expires_at: bigint,
    used_at: nullable(bigint),
  },
  { primaryKey: ["nonce"], derived: false },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [authNonces];
