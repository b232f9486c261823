import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { GATEWAY_JWKS_PATH, GATEWAY_TOKEN_ALG, gatewayClaims, type GatewayCaller } from "../../core/services/gateway.js";

/** A request that did not come through the platform's gateway with a valid token (answer 401). */
export class GatewayTokenError extends Error {
  constructor(
    message: string,
    readonly reason: "missing" | "expired" | "invalid",
  ) {
    super(message);
    this.name = "GatewayTokenError";
  }
}

/**
 * The ids of tokens already accepted, each kept until it expires (a minute at most): a token
 * captured on its way (a log, a proxy) cannot be played again while it is still valid.
 */
class SpentTokens {
  private readonly expiries = new Map<string, number>();

  /** False if `jti` was spent already; otherwise records it until `exp`. */
  spend(jti: string, exp: number, now = Math.floor(Date.now() / 1000)): boolean {
    if (this.expiries.has(jti)) return false;
    // Insertion order is nearly expiry order (tokens live a minute, a few less when the session ends sooner).
    for (const [id, expiry] of this.expiries) {
      if (expiry >= now - 5) break;
      this.expiries.delete(id);
    }
    this.expiries.set(jti, exp);
    return true;
  }
}

export interface CallerVerifierOptions {
  /** The platform's origin, e.g. http://127.0.0.1:8080: the tokens' issuer, and where its JWKS is. */
  platformUrl: string;
  /** This service's catalog id: the tokens' audience (a token minted for another service is refused). */
  service: string;
  /** Keys to verify with instead of fetching the platform's JWKS (tests, or keys pinned by configuration). */
  keys?: JWTVerifyGetKey;
}

/**
 * Checks the Authorization header of a request the gateway forwarded: an ES256 token signed by
 * one of the platform's published keys, issued by the platform, for this service, unexpired.
 * Resolves to the caller it names, or rejects with a GatewayTokenError.
 */
export function callerVerifier(options: CallerVerifierOptions): (authorization: string | undefined) => Promise<GatewayCaller> {
  const issuer = new URL(options.platformUrl).origin;
  const keys = options.keys ?? createRemoteJWKSet(new URL(GATEWAY_JWKS_PATH, issuer), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  const spent = new SpentTokens();
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw new GatewayTokenError("No gateway token: call this service through the platform's gateway", "missing");
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience: options.service,
        algorithms: [GATEWAY_TOKEN_ALG],
        requiredClaims: ["sub", "exp", "iat", "jti"],
        clockTolerance: 5,
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new GatewayTokenError("The gateway token has expired", "expired");
      throw new GatewayTokenError(`The gateway token is not valid: ${(err as Error).message}`, "invalid");
    }
    const claims = gatewayClaims.safeParse(payload);
    if (!claims.success) throw new GatewayTokenError(`The gateway token lacks the caller's identity: ${claims.error.issues[0]?.message}`, "invalid");
    const c = claims.data;
    if (!spent.spend(c.jti, c.exp)) throw new GatewayTokenError("The gateway token was already used: each one is for a single request", "invalid");
    return { address: c.sub, clusterId: c.cluster, member: c.member, cdc: c.cdc, cdo: c.cdo, sessionExpiresAt: c.sessionExpiresAt, settings: c.settings };
  };
}
