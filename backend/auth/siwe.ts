import { SiweMessage } from "siwe";
import type { Db } from "../db/db.js";
import { Refusal } from "../query/refusal.js";
import type { PublicUrl } from "../config.js";
import { checkNonce, consumeNonce } from "./nonces.js";

/** How far a message's issuedAt may lie ahead of the server's clock (wallet and server clocks differ a little). */
export const MAX_CLOCK_SKEW_SECONDS = 5;

export interface SignInRequest {
  message: string;
  signature: string;
  /**
   * Where the platform is served (CLUSTER_PUBLIC_URL), never the request's Host header: a
   * phishing site could relay its victim's message with any Host it likes.
   */
  expected: PublicUrl;
  /** The chain of the deployment the platform runs on. */
  chainId: number;
  now?: number;
}

function parseMessage(text: string): SiweMessage {
  try {
    return new SiweMessage(text);
  } catch (err) {
    throw Refusal.invalid(`The message is not an EIP-4361 sign-in message: ${(err as Error).message ?? String(err)}`);
  }
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

/**
 * Checks an EIP-4361 sign-in: domain, scheme and URI against the configured public URL, chain,
 * issue time, nonce (known, unused, unexpired), the message's own validity window and the
 * signature; then spends the nonce. Returns the signer's lowercase address or throws the
 * ApiError to answer.
 */
export async function verifySignIn(db: Db, req: SignInRequest): Promise<string> {
  const now = req.now ?? Math.floor(Date.now() / 1000);
  const { expected } = req;
  const message = parseMessage(req.message);
  if (message.domain !== expected.domain) {
    throw Refusal.unauthenticated(`The message signs in to ${message.domain}, but this platform is ${expected.domain}`);
  }
  if (message.scheme !== undefined && message.scheme !== expected.scheme) {
    throw Refusal.unauthenticated(`The message signs in over ${message.scheme}, but this platform is served over ${expected.scheme}`);
  }
  const origin = originOf(message.uri);
  if (origin !== expected.origin) {
    throw Refusal.unauthenticated(`The message's URI ${message.uri} is not on this platform's origin ${expected.origin}`);
  }
  if (message.chainId !== req.chainId) {
    throw Refusal.unauthenticated(`The message is for chain ${message.chainId}, but the platform runs on chain ${req.chainId}`);
  }
  const issuedAt = Date.parse(message.issuedAt ?? "");
  if (!Number.isFinite(issuedAt)) throw Refusal.invalid("The message has no valid Issued At time");
  if (issuedAt > (now + MAX_CLOCK_SKEW_SECONDS) * 1000) {
    throw Refusal.unauthenticated(`The message was issued at ${message.issuedAt}, in the future (the server's time is ${new Date(now * 1000).toISOString()})`);
  }
  const nonce = await checkNonce(db, message.nonce, now);
  if (nonce === "unknown") throw Refusal.unauthenticated("Unknown sign-in nonce: request one from /api/auth/nonce");
  if (nonce === "used") throw Refusal.unauthenticated("This sign-in nonce was already used: request a new one");
  if (nonce === "expired") throw Refusal.unauthenticated("This sign-in nonce has expired: request a new one");

  const result = await message
    .verify(
      {
        signature: req.signature,
        domain: expected.domain,
        nonce: message.nonce,
        time: new Date(now * 1000).toISOString(),
      },
      { suppressExceptions: true },
    )
    .catch((err: unknown) => ({ success: false as const, error: { type: String((err as Error)?.message ?? err) } }));
  if (!result.success) {
    const why = result.error?.type ?? "verification failed";
    throw Refusal.unauthenticated(`The sign-in was refused for ${message.address}: ${why}`);
  }
  if (!(await consumeNonce(db, message.nonce, now))) throw Refusal.unauthenticated("This sign-in nonce was already used: request a new one");
  return message.address.toLowerCase();
}
