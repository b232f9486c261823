import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayCaller, PlatformEvent } from "../../core/services/gateway.js";
import { parseManifest, type ServiceManifest } from "../../core/services/manifest.js";
import { callerVerifier, GatewayTokenError } from "./caller.js";
import { webhookVerifier, WebhookError } from "./webhooks.js";

/** A request to the service, from a caller the gateway vouched for. */
export interface ServiceRequest {
  caller: GatewayCaller;
  method: string;
  path: string;
  /** The values of the route's :name segments. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body, if any. */
  body: unknown;
}

/** Throw one from a handler to answer with that status and message (the platform's error shape). */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = status === 400 ? "bad_request" : status === 403 ? "forbidden" : status === 404 ? "not_found" : "error",
  ) {
    super(message);
  }
}

/** A route's handler: what it returns is answered as JSON with 200. */
export type Handler = (req: ServiceRequest) => unknown;

export interface ServiceOptions {
  manifest: ServiceManifest;
  /** The platform's origin: the gateway tokens' issuer and where their keys are published. */
  platformUrl: string;
  /** The service's webhook secret ("whsec_…"), as the CDC hands it over. */
  webhookSecret: string;
  /** Handlers by "METHOD /path", where a path segment may be :name, e.g. "POST /notices/:id/pin". */
  routes: Record<string, Handler>;
  /** Called once per verified webhook; throw to have the platform retry it later. */
  onEvent?: (event: PlatformEvent) => unknown;
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes?: number;
  /** Overrides how callers are verified (defaults to the platform's published keys). */
  verifyCaller?: (authorization: string | undefined) => Promise<GatewayCaller>;
}

export interface RunningService {
  server: Server;
  /** Starts listening (127.0.0.1 unless told); resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

function compile(routes: Record<string, Handler>): Route[] {
  return Object.entries(routes).map(([key, handler]) => {
    const [method, path] = key.split(" ");
    if (!method || !path?.startsWith("/")) throw new Error(`A route is "METHOD /path", not "${key}"`);
    return { method: method.toUpperCase(), segments: path.split("/").slice(1), handler };
  });
}

function match(route: Route, method: string, segments: string[]): Record<string, string> | undefined {
  if (route.method !== method || route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = route.segments[i]!;
    if (want.startsWith(":")) params[want.slice(1)] = decodeSegment(segments[i]!);
    else if (want !== segments[i]) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ServiceError(400, `The path segment ${segment} is not valid percent-encoding`);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ServiceError(413, `The body exceeds ${limit} bytes`, "payload_too_large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
}

const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

/**
 * An external service as an HTTP server: its routes answer callers the platform's gateway
 * vouched for (anything else gets 401), its webhook path applies verified platform events, and
 * it answers its health check and OpenAPI document as its manifest declares.
 */
export function createService(options: ServiceOptions): RunningService {
  const manifest = parseManifest(options.manifest);
  const external = manifest.external;
  if (!external) throw new Error(`The manifest of ${manifest.id} has no "external" part: an external service needs its baseUrl, openapi and webhookPath`);
  const routes = compile(options.routes);
  const verifyCaller = options.verifyCaller ?? callerVerifier({ platformUrl: options.platformUrl, service: manifest.id });
  const verifyWebhook = webhookVerifier(options.webhookSecret);
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const healthPath = manifest.health.kind === "http" ? manifest.health.path : undefined;

  // The OpenAPI document lists each route path once, with its methods, behind the gateway's token.
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/${route.segments.map((seg) => (seg.startsWith(":") ? `{${seg.slice(1)}}` : seg)).join("/")}`;
    (paths[path] ??= {})[route.method.toLowerCase()] = { security: [{ gateway: [] }], responses: { "200": { description: "OK" } } };
  }
  const openapi = {
    openapi: "3.1.0",
    info: { title: manifest.title, version: manifest.version, description: manifest.description },
    paths,
    components: { securitySchemes: { gateway: { type: "http", scheme: "bearer", bearerFormat: "JWT (the platform gateway's ES256 token)" } } },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://service.local");
    const method = req.method ?? "GET";
    if (method === "GET" && url.pathname === healthPath) return send(res, 200, { status: "ok", service: manifest.id, version: manifest.version });
    if (method === "GET" && url.pathname === external.openapi) return send(res, 200, openapi);
    if (method === "POST" && url.pathname === external.webhookPath) {
      const event = verifyWebhook(await readBody(req, limit), req.headers);
      await options.onEvent?.(event);
      return send(res, 204);
    }
    const segments = url.pathname.split("/").slice(1);
    for (const route of routes) {
      const params = match(route, method, segments);
      if (!params) continue;
      const caller = await verifyCaller(req.headers.authorization);
      const text = method === "GET" || method === "DELETE" ? "" : await readBody(req, limit);
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new ServiceError(400, "The body is not valid JSON");
      }
      const result = await route.handler({ caller, method, path: url.pathname, params, query: url.searchParams, body });
      return send(res, 200, result ?? null);
    }
    fail(res, 404, "not_found", `${manifest.id} has no route ${method} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof GatewayTokenError || err instanceof WebhookError) return fail(res, 401, "unauthorized", err.message);
      if (err instanceof ServiceError) return fail(res, err.status, err.code, err.message);
      fail(res, 500, "internal", `${manifest.id} failed: ${(err as Error).message}`);
    });
  });

  return {
    server,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
