import type { Router } from "express";
import { sessionOf, requireSession } from "../../auth/middleware.js";
import { issueNonce } from "../../auth/nonces.js";
import { rolesOf } from "../../auth/roles.js";
import { issueSessionToken } from "../../auth/session.js";
import { verifySignIn } from "../../auth/siwe.js";
import type { ApiDeps } from "../deps.js";
import { badRequest } from "../errors.js";
import { isoFromUnix } from "../read/time.js";
import { defineRoute, mount } from "../route.js";
import { me, nonceResponse, session, verifyBody } from "../schemas/auth.js";

export const nonceRoute = defineRoute({
  method: "get",
  path: "/api/auth/nonce",
  tag: "auth",
  summary: "A single-use nonce for a Sign-In with Ethereum message (valid 10 minutes)",
  response: nonceResponse,
  errors: [],
});

export const verifyRoute = defineRoute({
  method: "post",
  path: "/api/auth/verify",
  tag: "auth",
  summary: "Exchanges a signed EIP-4361 message for a session token",
  body: verifyBody,
  response: session,
  errors: ["bad_request", "unauthorized"],
});

export const meRoute = defineRoute({
  method: "get",
  path: "/api/me",
  tag: "auth",
  summary: "The signed-in address and its roles, read from the index now",
  response: me,
  auth: true,
  errors: ["unauthorized"],
});

export function mountAuth(router: Router, { db, config, indexer }: ApiDeps): void {
  const registry = () => indexer.state.record?.contracts.ClusterRegistry.address ?? null;

  mount(router, nonceRoute, ({ res }) => {
    res.set("Cache-Control", "no-store");
    const issued = issueNonce(db);
    return { nonce: issued.nonce, expiresAt: isoFromUnix(issued.expiresAt) };
  });

  mount(router, verifyRoute, async ({ body, req }) => {
    const host = req.get("host");
    if (!host) throw badRequest("The request has no Host header: the sign-in domain cannot be checked");
    const address = await verifySignIn(db, {
      message: body.message,
      signature: body.signature,
      host,
      chainId: indexer.state.record?.chainId ?? null,
    });
    const { token, expiresAt } = await issueSessionToken(config.session.secret, address, config.session.ttlSeconds);
    return { token, address, expiresAt: isoFromUnix(expiresAt), roles: rolesOf(db, address, registry()) };
  });

  mount(
    router,
    meRoute,
    ({ res }) => {
      const { address } = sessionOf(res);
      return { address, roles: rolesOf(db, address, registry()) };
    },
    requireSession(config.session.secret),
  );
}
