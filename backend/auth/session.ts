import { SignJWT, errors, jwtVerify } from "jose";

export interface Session {
  address: string; // lowercase
  expiresAt: number; // unix seconds
}

const ALG = "HS256";

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A short-lived HS256 token naming the signed-in address; roles are read per request, never baked in. */
export async function issueSessionToken(
  secret: string,
  address: string,
  ttlSeconds: number,
  now = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: number }> {
  const expiresAt = now + ttlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: ALG, typ: "JWT" })
    .setSubject(address.toLowerCase())
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(key(secret));
  return { token, expiresAt };
}

export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: "expired" | "invalid" };

export async function verifySessionToken(secret: string, token: string): Promise<SessionCheck> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: [ALG], requiredClaims: ["sub", "exp"] });
    if (!payload.sub || !/^0x[0-9a-f]{40}$/.test(payload.sub)) return { ok: false, reason: "invalid" };
    return { ok: true, session: { address: payload.sub, expiresAt: payload.exp ?? 0 } };
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}
