import { generateNonce } from "siwe";
import type { DatabaseSync } from "node:sqlite";
import { statement } from "../db/statements.js";

export const NONCE_TTL_SECONDS = 600;

export interface IssuedNonce {
  nonce: string;
  expiresAt: number; // unix seconds
}

/** A fresh single-use sign-in nonce (EIP-4361: at least 8 alphanumeric characters). */
export function issueNonce(db: DatabaseSync, now = Math.floor(Date.now() / 1000)): IssuedNonce {
  // Expired nonces are useless; forgetting them keeps the table small.
  statement(db, "DELETE FROM auth_nonces WHERE expires_at < ?").run(now - NONCE_TTL_SECONDS);
  const nonce = generateNonce();
  const expiresAt = now + NONCE_TTL_SECONDS;
  statement(db, "INSERT INTO auth_nonces (nonce, created_at, expires_at) VALUES (?, ?, ?)").run(nonce, now, expiresAt);
  return { nonce, expiresAt };
}

export type NonceCheck = "ok" | "unknown" | "used" | "expired";

export function checkNonce(db: DatabaseSync, nonce: string, now = Math.floor(Date.now() / 1000)): NonceCheck {
  const row = statement(db, "SELECT expires_at, used_at FROM auth_nonces WHERE nonce = ?").get(nonce) as
    | { expires_at: number; used_at: number | null }
    | undefined;
  if (!row) return "unknown";
  if (row.used_at !== null) return "used";
  if (row.expires_at < now) return "expired";
  return "ok";
}

/** Marks the nonce used; false when someone used it first (two verifies racing). */
export function consumeNonce(db: DatabaseSync, nonce: string, now = Math.floor(Date.now() / 1000)): boolean {
  return (
    statement(db, "UPDATE auth_nonces SET used_at = ? WHERE nonce = ? AND used_at IS NULL AND expires_at >= ?").run(
      now,
      nonce,
      now,
    ).changes === 1
  );
}
