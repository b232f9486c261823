import type { RequestHandler, Router } from "express";
import { rateLimit } from "express-rate-limit";
import { issueNonce, NonceLimitError } from "../../auth/nonces.js";
import { rolesOf } from "../../auth/roles.js";
import { issueSessionToken } from "../../auth/session.js";
import { verifySignIn } from "../../auth/siwe.js";
import type { ApiDeps } from "../../api/deps.js";
import { serviceUnavailable, tooManyRequests } from "../../api/errors.js";
import { isoFromUnix } from "../../query/time.js";
import { defineRoute, mount } from "../../api/route.js";
import { me, nonceResponse, session, verifyBody } from "../../../core/api/schemas/auth.js";

export const nonceRoute = defineRoute({
  method: "get",
  path: "/api/auth/nonce",
  tag: "auth",
  summary: "A single-use nonce for a Sign-In with Ethereum message (valid 10 minutes)",
  response: nonceResponse,
  access: "public",
  errors: ["too_many_requests", "service_unavailable"],
});

export const verifyRoute = defineRoute({
  method: "post",
  path: "/api/auth/verify",
  tag: "auth",
  summary: "Exchanges a signed EIP-4361 message for a session token",
  body: verifyBody,
  response: session,
  access: "public",
  errors: ["bad_request", "unauthorized", "too_many_requests", "service_unavailable"],
});

export const meRoute = defineRoute({
  method: "get",
  path: "/api/me",
  tag: "auth",
  summary: "The signed-in address and its roles, read from the index now",
  response: me,
  access: "signedIn",
  errors: ["unauthorized"],
});

/**
 * Per-client (IP address) limit of sign-in requests: answers 429 with the error body and the
 * RateLimit headers (IETF draft 8) once `perMinute` requests came within a minute.
 */
function signInLimiter(policy: string, name: string, perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    identifier: policy,
    // Clients are the sockets' peers unless CLUSTER_TRUST_PROXY names proxies; a forged
    // X-Forwarded-For is then simply ignored, not worth a warning per limiter.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next, options) => {
      next(tooManyRequests(`Too many ${name} requests from this address: at most ${options.limit} a minute; try again in a minute`));
    },
  });
}

export function mountAuth(router: Router, deps: ApiDeps): void {
  const { db, config, indexer } = deps;
  const registry = () => indexer.state.record?.contracts.ClusterRegistry.address ?? null;

  // Before validation, so that malformed requests count too.
  router.get(nonceRoute.path, signInLimiter("nonce", "sign-in nonce", config.auth.ratePerMinute));
  router.post(verifyRoute.path, signInLimiter("verify", "sign-in", config.auth.ratePerMinute));

  mount(router, deps, nonceRoute, async ({ res }) => {
    res.set("Cache-Control", "no-store");
    try {
      const issued = await issueNonce(db, undefined, config.auth.maxNonces);
      return { nonce: issued.nonce, expiresAt: isoFromUnix(issued.expiresAt) };
    } catch (err) {
      if (!(err instanceof NonceLimitError)) throw err;
      res.set("Retry-After", "60");
      throw serviceUnavailable(`Too many sign-ins are in progress (${err.outstanding} unused nonces, at most ${config.auth.maxNonces}): try again in a minute`);
    }
  });

  mount(router, deps, verifyRoute, async ({ body }) => {
    const chainId = indexer.state.record?.chainId;
    if (chainId === undefined) {
      throw serviceUnavailable("Sign-in is not possible yet: the platform has not found its deployment on the chain");
    }
    const address = await verifySignIn(db, {
      message: body.message,
      signature: body.signature,
      expected: config.publicUrl,
      chainId,
    });
    const { token, expiresAt } = await issueSessionToken(config.session.secret, address, config.session.ttlSeconds);
    return { token, address, expiresAt: isoFromUnix(expiresAt), roles: await rolesOf(db, address, registry()) };
  });

  mount(router, deps, meRoute, async ({ caller }) => ({ address: caller, roles: await rolesOf(db, caller, registry()) }));
}
