import { generateNonce } from "siwe";
import type { DatabaseSync } from "node:sqlite";
import { statement } from "../db/statements.js";

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
export function outstandingNonces(db: DatabaseSync, now = Math.floor(Date.now() / 1000)): number {
  return (statement(db, "SELECT COUNT(*) AS n FROM auth_nonces WHERE used_at IS NULL AND expires_at >= ?").get(now) as { n: number }).n;
}

/**
 * A fresh single-use sign-in nonce (EIP-4361: at least 8 alphanumeric characters). With `max`,
 * refused (NonceLimitError) once `max` nonces are outstanding, so a flood cannot grow the table
 * without bound; the count and the insert are synchronous, so no
 * other request of this process runs between them.
 */
export function issueNonce(db: DatabaseSync, now = Math.floor(Date.now() / 1000), max = Infinity): IssuedNonce {
  // Expired nonces are kept one more TTL (to answer "expired" rather than "unknown"), then forgotten.
  statement(db, "DELETE FROM auth_nonces WHERE expires_at < ?").run(now - NONCE_TTL_SECONDS);
  if (Number.isFinite(max)) {
    const outstanding = outstandingNonces(db, now);
    if (outstanding >= max) throw new NonceLimitError(outstanding);
  }
  const nonce = generateNonce();
  const expiresAt = now + NONCE_TTL_SECONDS;
  statement(db, "INSERT INTO auth_nonces (nonce, created_at, expires_at) VALUES (?, ?, ?)").run(nonce, now, expiresAt);
  return { nonce, expiresAt };
}

export type NonceCheck = "ok" | "unknown" | "used" | "expired";

export function checkNonce(db: DatabaseSync, nonce: string, now = Math.floor(Date.now() / 1000)): NonceCheck {
  const row = statement(db, "SELECT expires_at, used_at FROM auth_nonces WHERE nonce = ?").get(nonce) as
    { expires_at: number; used_at: number | null } | undefined;
  if (!row) return "unknown";
  if (row.used_at !== null) return "used";
  if (row.expires_at < now) return "expired";
  return "ok";
}

/** Marks the nonce used; false when someone used it first (two verifies racing). */
export function consumeNonce(db: DatabaseSync, nonce: string, now = Math.floor(Date.now() / 1000)): boolean {
  return statement(db, "UPDATE auth_nonces SET used_at = ? WHERE nonce = ? AND used_at IS NULL AND expires_at >= ?").run(now, nonce, now).changes === 1;
}
