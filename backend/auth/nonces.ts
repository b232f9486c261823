import { generateNonce } from "siwe";
import type { Db } from "../db/db.js";
import { statement } from "../db/statements.js";
import { inTransaction } from "../db/transaction.js";

export const NONCE_TTL_SECONDS = 600;

export interface IssuedNonce {
  nonce: string;
  expiresAt: number; // unix seconds
}

/** Raised when the table already holds the most outstanding nonces it may: nothing is added. */
export class NonceLimitError extends Error {
  constructor(readonly outstanding: number) {
    super(`${outstanding} sign-ins are already in progress`);
  }
}

/** Nonces issued and neither used nor expired: what a flood of nonce requests piles up. */
export async function outstandingNonces(db: Db, now = Math.floor(Date.now() / 1000)): Promise<number> {
  return ((await statement(db, "SELECT COUNT(*) AS n FROM auth_nonces WHERE used_at IS NULL AND expires_at >= ?").get(now)) as { n: number }).n;
}

/**
 * A fresh single-use sign-in nonce (EIP-4361: at least 8 alphanumeric characters). With `max`,
 * refused (NonceLimitError) once `max` nonces are outstanding, so a flood cannot grow the table
 * without bound; the count and the insert are one serialized transaction, so no other
 * request, of this process or of a replica, slips in between them.
 */
export async function issueNonce(db: Db, now = Math.floor(Date.now() / 1000), max = Infinity): Promise<IssuedNonce> {
  // Expired nonces are kept one more TTL (to answer "expired" rather than "unknown"), then forgotten.
  await statement(db, "DELETE FROM auth_nonces WHERE expires_at < ?").run(now - NONCE_TTL_SECONDS);
  const nonce = generateNonce();
  const expiresAt = now + NONCE_TTL_SECONDS;
  const insert = async (tx: Db) =>
    void (await statement(tx, "INSERT INTO auth_nonces (nonce, created_at, expires_at) VALUES (?, ?, ?)").run(nonce, now, expiresAt));
  if (!Number.isFinite(max)) await insert(db);
  else {
    await inTransaction(
      db,
      async (tx) => {
        const outstanding = await outstandingNonces(tx, now);
        if (outstanding >= max) throw new NonceLimitError(outstanding);
        await insert(tx);
      },
      "auth nonces",
    );
  }
  return { nonce, expiresAt };
}

export type NonceCheck = "ok" | "unknown" | "used" | "expired";

export async function checkNonce(db: Db, nonce: string, now = Math.floor(Date.now() / 1000)): Promise<NonceCheck> {
  const row = (await statement(db, "SELECT expires_at, used_at FROM auth_nonces WHERE nonce = ?").get(nonce)) as
    { expires_at: number; used_at: number | null } | undefined;
  if (!row) return "unknown";
  if (row.used_at !== null) return "used";
  if (row.expires_at < now) return "expired";
  return "ok";
}

/** Marks the nonce used; false when someone used it first (two verifies racing). */
export async function consumeNonce(db: Db, nonce: string, now = Math.floor(Date.now() / 1000)): Promise<boolean> {
  return (await statement(db, "UPDATE auth_nonces SET used_at = ? WHERE nonce = ? AND used_at IS NULL AND expires_at >= ?").run(now, nonce, now)).changes === 1;
}
