import { randomBytes } from "node:crypto";
import type { Db } from "../db/db.js";
import { SignJWT } from "jose";
import { GATEWAY_TOKEN_ALG, GATEWAY_TOKEN_TTL_SECONDS, type GatewayClaims } from "../../core/services/gateway.js";
import { isCdc } from "../api/access.js";
import type { ApiDeps } from "../api/deps.js";
import { statement } from "../db/statements.js";
import type { Session } from "../auth/session.js";
import type { GatewayKeys } from "./keys.js";

/** Who the caller is in the cluster, read from the index now (a role changed on chain counts at once). */
export async function callerClaims(
  deps: Pick<ApiDeps, "db" | "indexer">,
  session: Session,
  clusterId: number,
): Promise<Pick<GatewayClaims, "sub" | "cluster" | "member" | "cdc" | "cdo" | "sessionExpiresAt">> {
  const db: Db = deps.db;
  const member = (await statement(db, "SELECT name, role FROM members WHERE cluster_id = ? AND address = ? AND role <> 'none'").get(
    clusterId,
    session.address,
  )) as { name: string; role: "participant" | "core" } | undefined;
  const cdo = (await statement(db, "SELECT 1 AS found FROM clusters WHERE id = ? AND cdo = ?").get(clusterId, session.address)) !== undefined;
  return {
    sub: session.address,
    cluster: clusterId,
    member: member ? { name: member.name, role: member.role } : null,
    cdc: await isCdc(deps, session.address),
    cdo,
    sessionExpiresAt: session.expiresAt,
  };
}

/**
 * A gateway token for one proxied request: the caller's identity for `service`, signed with the
 * platform's key, valid for GATEWAY_TOKEN_TTL_SECONDS (and never past the caller's session).
 */
export function issueGatewayToken(
  keys: GatewayKeys,
  issuer: string,
  service: string,
  claims: Awaited<ReturnType<typeof callerClaims>> & Pick<GatewayClaims, "settings">,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: GATEWAY_TOKEN_ALG, kid: keys.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(service)
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(Math.min(now + GATEWAY_TOKEN_TTL_SECONDS, claims.sessionExpiresAt))
    .setJti(randomBytes(12).toString("base64url"))
    .sign(keys.privateKey);
}
