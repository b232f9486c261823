import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import { badRequest, type ErrorCode } from "./errors.js";

/** One API operation: its inputs and output as zod schemas, the source of the OpenAPI document. */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: "get" | "post";
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
  response: R;
  /** The success response's media type when not JSON (the feed's text/event-stream; `response` describes one event). */
  produces?: string;
  /** Bearer token needed (401 without it). */
  auth?: boolean;
  /** Error codes this operation answers with, besides its success. */
  errors: ErrorCode[];
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export type RouteHandler<D extends RouteDef> =
  D extends RouteDef<infer P, infer Q, infer B, infer R>
    ? (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => z.input<R> | Promise<z.input<R>>
    : never;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  def: RouteDef<P, Q, B, R>,
): RouteDef<P, Q, B, R> {
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

/**
 * Registers `def` on the router: validates params, query and body with its schemas (400 with
 * what is wrong), runs `middleware` (sessions), then the handler, and answers its result.
 */
export function mount<D extends RouteDef>(
  router: Router,
  def: D,
  handler: RouteHandler<D>,
  ...middleware: RequestHandler[]
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
    const result = await handler({ ...input, req, res } as Parameters<RouteHandler<D>>[0]);
    res.json(result);
  };
  router[def.method](def.path, validate, ...middleware, run);
}
