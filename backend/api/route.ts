import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import type { ServiceManifest } from "../../core/services/manifest.js";
import { z } from "zod";
import { sessionOf } from "../auth/middleware.js";
import { accessGuard, type Access } from "./access.js";
import type { ApiDeps } from "./deps.js";
import type { ErrorCode } from "../../core/api/errors.js";
import { badRequest } from "./errors.js";
import { serviceGate } from "./serviceGate.js";

/** One API operation: its inputs and output as zod schemas, the source of the OpenAPI document. */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Express syntax, e.g. /api/clusters/:id */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  /** Request headers the operation reads (documented as header parameters; not validated by mount). */
  headers?: z.ZodType;
  body?: B;
  /** A body that is not JSON: the media types it may come as (each described as binary). */
  rawBody?: { mediaType: string | readonly string[]; description: string };
  /** Answers single byte-range requests with 206 Partial Content (and Content-Range). */
  byteRanges?: boolean;
  /** A paged list that also says how many rows match its search, in an X-Total-Count header. */
  counted?: boolean;
  response: R;
  /** The success response's media type when not JSON (the feed's text/event-stream; `response` describes one event). */
  produces?: string;
  /** Who may call it (see access.ts), enforced by `mount`: the read model, one declaration per route. */
  access: A;
  /**
   * Which rows each caller sees, when the handler narrows them (documented as the operation's
   * description and its `x-audience`); the handler gets the caller's address to apply it.
   */
  audience?: string;
  /** Error codes this operation answers with, besides its success. */
  errors: ErrorCode[];
}

export interface RouteInput<P, Q, B, C = string | undefined> {
  /** The signed-in caller's address (lowercase); always set unless the route is public. */
  caller: C;
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export type RouteHandler<D extends RouteDef> =
  D extends RouteDef<infer P, infer Q, infer B, infer R, infer A>
    ? (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>, A extends "public" ? undefined : string>) => z.input<R> | Promise<z.input<R>>
    : never;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, A extends Access>(
  def: RouteDef<P, Q, B, R, A>,
): RouteDef<P, Q, B, R, A> {
  return def;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") + ": " : ""}${issue.message}`).join("; ");
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw badRequest(`Invalid ${where}: ${describeIssues(result.error)}`);
  return result.data;
}

/** What mount needs: the index, the configuration, and the service whose route it mounts. */
export type MountDeps = Pick<ApiDeps, "db" | "indexer" | "config"> & {
  /** The service the route belongs to: its cluster routes answer only where the cluster enabled it. */
  service?: ServiceManifest;
};

/** JSON bodies of at most 64 KiB, parsed only for the routes that declare one. */
const jsonBody = express.json({ limit: "64kb" });

/**
 * Registers `def` on the router: validates params, query and body with its schemas (400 with
 * what is wrong), refuses a cluster route of a service the cluster has not enabled (403),
 * enforces its `access` (401/403/404), then runs the handler with the caller's address and
 * answers its result.
 */
export function mount<D extends RouteDef<z.ZodType, z.ZodType, z.ZodType, z.ZodType, Access>>(
  router: Router,
  deps: MountDeps,
  def: D,
  handler: RouteHandler<D>,
): void {
  const validate: RequestHandler = (req, res, next) => {
    res.locals.input = {
      params: parse(def.params, req.params, "path parameters"),
      query: parse(def.query, req.query, "query"),
      body: parse(def.body, req.body, "body"),
    };
    next();
  };
  const run: RequestHandler = async (req, res) => {
    const input = res.locals.input as Omit<Parameters<RouteHandler<D>>[0], "req" | "res">;
    const caller = def.access === "public" ? undefined : sessionOf(res).address;
    const result = await handler({ ...input, caller, req, res } as Parameters<RouteHandler<D>>[0]);
    res.json(result);
  };
  const body = def.body ? [jsonBody] : [];
  const guard = accessGuard(deps, def.access);
  const gate = serviceGate(deps, def.path);
  // Who the caller is comes first where the cluster does not matter: a refused caller learns nothing of the input's shape.
  const chain = def.access === "signedIn" || def.access === "cdc" ? [...guard, validate, ...gate] : [validate, ...gate, ...guard];
  router[def.method](def.path, ...body, ...chain, run);
}
