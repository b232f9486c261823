import type { RequestHandler, Response } from "express";
import { requireSession, sessionOf } from "../auth/middleware.js";
import { CDC_ROLE } from "../auth/roles.js";
import { statement } from "../db/statements.js";
import type { ApiDeps } from "./deps.js";
import { forbidden } from "./errors.js";
import { existingCluster } from "../services/cluster-registration/clusters.js";
import { memberRole } from "../services/cluster-registration/members.js";

/**
 * Who may call a route, declared once beside its definition and enforced by `mount`:
 * - public: anyone, no session;
 * - signedIn: any valid session (401 without one or with a bad one);
 * - member: a current member of the cluster named by `:id` (404 for an unknown cluster, 403 otherwise);
 * - memberOrCdc: such a member, or a holder of the registry's CDC_ROLE;
 * - cdc: holders of the registry's CDC_ROLE only (403 for anyone else).
 * Which rows a caller then sees is the route's `audience` (row rules), applied by its handler.
 */
export const ACCESS = ["public", "signedIn", "member", "memberOrCdc", "cdc"] as const;
export type Access = (typeof ACCESS)[number];

/** Who the access means, in words (the OpenAPI description and the 403 messages say the same). */
export const ACCESS_TEXT: Record<Access, string> = {
  public: "Public: no session needed.",
  signedIn: "Any signed-in account (bearer session token).",
  member: "Current members of the cluster named by :id (bearer session token).",
  memberOrCdc: "Current members of the cluster named by :id, and the CDC (bearer session token).",
  cdc: "The CDC only (bearer session token of an account holding CDC_ROLE).",
};

/** Whether `address` holds the CDC role on the platform's registry, read from the index now. */
export async function isCdc(deps: Pick<ApiDeps, "db" | "indexer">, address: string): Promise<boolean> {
  const registry = deps.indexer.state.record?.contracts.ClusterRegistry.address;
  if (!registry) return false;
  return (
    (await statement(deps.db, "SELECT 1 AS found FROM role_grants WHERE contract = ? AND role = ? AND account = ?").get(
      registry.toLowerCase(),
      CDC_ROLE,
      address.toLowerCase(),
    )) !== undefined
  );
}

/** Whether `address` is a current member of cluster `clusterId`. */
export async function isMemberOf(deps: Pick<ApiDeps, "db">, clusterId: number, address: string): Promise<boolean> {
  return (await memberRole(deps.db, clusterId, address.toLowerCase())) !== null;
}

/** The cluster named by the validated params (res.locals.input), 404 if it does not exist. */
async function clusterOf(deps: Pick<ApiDeps, "db">, res: Response): Promise<number> {
  const params = (res.locals.input as { params?: { id?: unknown } } | undefined)?.params;
  if (typeof params?.id !== "number") throw new Error("A member-only route needs an :id path parameter");
  return existingCluster(deps.db, params.id);
}

/** The middleware that enforces `access` (after the params were validated). */
export function accessGuard(deps: Pick<ApiDeps, "db" | "indexer" | "config">, access: Access): RequestHandler[] {
  if (access === "public") return [];
  const session = requireSession(deps.config.session.secret);
  if (access === "signedIn") return [session];
  if (access === "cdc") {
    const cdcOnly: RequestHandler = async (_req, res, next) => {
      const { address } = sessionOf(res);
      if (!(await isCdc(deps, address))) throw forbidden(`${address} does not hold the CDC role: only the CDC may do this`);
      next();
    };
    return [session, cdcOnly];
  }
  const membership: RequestHandler = async (_req, res, next) => {
    const { address } = sessionOf(res);
    const clusterId = await clusterOf(deps, res);
    if (await isMemberOf(deps, clusterId, address)) return next();
    if (access === "memberOrCdc") {
      if (await isCdc(deps, address)) return next();
      throw forbidden(`${address} is neither a member of cluster ${clusterId} nor the CDC: only they may read this`);
    }
    throw forbidden(`${address} is not a member of cluster ${clusterId}: only its members may read this`);
  };
  return [session, membership];
}
