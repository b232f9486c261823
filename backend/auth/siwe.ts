import { SiweMessage } from "siwe";
import type { DatabaseSync } from "node:sqlite";
import { badRequest, unauthorized } from "../api/errors.js";
import { checkNonce, consumeNonce } from "./nonces.js";

export interface SignInRequest {
  message: string;
  signature: string;
  /** The Host the request came to: the message must name it as its domain. */
  host: string;
  /** The chain the platform runs on, when known; the message must name it. */
  chainId: number | null;
  now?: number;
}

function parseMessage(text: string): SiweMessage {
  try {
    return new SiweMessage(text);
  } catch (err) {
    throw badRequest(`The message is not an EIP-4361 sign-in message: ${(err as Error).message ?? String(err)}`);
  }
}

/**
 * Checks an EIP-4361 sign-in: domain, chain, nonce (known, unused, unexpired), the message's
 * own validity window and the signature; then spends the nonce. Returns the signer's
 * lowercase address or throws the ApiError to answer.
 */
export async function verifySignIn(db: DatabaseSync, req: SignInRequest): Promise<string> {
  const now = req.now ?? Math.floor(Date.now() / 1000);
  const message = parseMessage(req.message);
  if (message.domain !== req.host) {
    throw unauthorized(`The message signs in to ${message.domain}, but this server is ${req.host}`);
  }
  if (req.chainId !== null && message.chainId !== req.chainId) {
    throw unauthorized(`The message is for chain ${message.chainId}, but the platform runs on chain ${req.chainId}`);
  }
  const nonce = checkNonce(db, message.nonce, now);
  if (nonce === "unknown") throw unauthorized("Unknown sign-in nonce: request one from /api/auth/nonce");
  if (nonce === "used") throw unauthorized("This sign-in nonce was already used: request a new one");
  if (nonce === "expired") throw unauthorized("This sign-in nonce has expired: request a new one");

  const result = await message
    .verify(
      { signature: req.signature, domain: req.host, nonce: message.nonce, time: new Date(now * 1000).toISOString() },
      { suppressExceptions: true },
    )
    .catch((err: unknown) => ({ success: false as const, error: { type: String((err as Error)?.message ?? err) } }));
  if (!result.success) {
    const why = result.error?.type ?? "verification failed";
    throw unauthorized(`The sign-in was refused for ${message.address}: ${why}`);
  }
  if (!consumeNonce(db, message.nonce, now)) throw unauthorized("This sign-in nonce was already used: request a new one");
  return message.address.toLowerCase();
}

