import type { RequestHandler, Response } from "express";
import type { DatabaseSync } from "node:sqlite";
import { forbidden, notFound, unauthorized } from "../api/errors.js";
import { clusterExists } from "../api/read/clusters.js";
import { memberRole } from "../api/read/members.js";
import { verifySessionToken, type Session } from "./session.js";

/** The session of a request that passed requireSession. */
export function sessionOf(res: Response): Session {
  const session = res.locals.session as Session | undefined;
  if (!session) throw unauthorized("Sign in first: this route needs a bearer token");
  return session;
}

/** 401 unless the request carries a valid, unexpired bearer token. */
export function requireSession(secret: string): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized("Sign in first: this route needs an Authorization: Bearer <token> header");
    const check = await verifySessionToken(secret, match[1]);
    if (!check.ok) {
      throw unauthorized(
        check.reason === "expired" ? "The session has expired: sign in again" : "The session token is not valid: sign in again",
      );
    }
    res.locals.session = check.session;
    next();
  };
}

/**
 * 404 for an unknown cluster, 403 unless the signed-in address is a current member of it.
 * Runs after requireSession and after the route's params were validated (res.locals.input).
 */
export function requireMember(db: DatabaseSync): RequestHandler {
  return (_req, res, next) => {
    const { address } = sessionOf(res);
    const clusterId = (res.locals.input as { params: { id: number } }).params.id;
    if (!clusterExists(db, clusterId)) throw notFound(`Cluster ${clusterId} does not exist`);
    if (memberRole(db, clusterId, address) === null) {
      throw forbidden(`${address} is not a member of cluster ${clusterId}: only its members may read this`);
    }
    next();
  };
}
