import type { Request, RequestHandler, Response } from "express";
import { Refusal } from "../query/refusal.js";
import { verifySessionToken, type Session } from "./session.js";

/** The session of a request that passed requireSession. */
export function sessionOf(res: Response): Session {
  const session = res.locals.session as Session | undefined;
  if (!session) throw Refusal.unauthenticated("Sign in first: this route needs a bearer token");
  return session;
}

async function checkToken(secret: string, token: string): Promise<Session> {
  const check = await verifySessionToken(secret, token);
  if (!check.ok) {
    throw Refusal.unauthenticated(check.reason === "expired" ? "The session has expired: sign in again" : "The session token is not valid: sign in again");
  }
  return check.session;
}

function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1];
}

/** 401 unless the request carries a valid, unexpired bearer token (only ever in the Authorization header). */
export function requireSession(secret: string): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) throw Refusal.unauthenticated("Sign in first: this route needs an Authorization: Bearer <token> header");
    res.locals.session = await checkToken(secret, token);
    next();
  };
}

/** The session a request's bearer token names, if it sends one; 401 for a bad token. */
export async function bearerSession(req: Request, secret: string): Promise<Session | undefined> {
  const token = bearerToken(req);
  return token ? checkToken(secret, token) : undefined;
}
