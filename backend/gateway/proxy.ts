import type { Request, Response } from "express";
import { ApiError, badRequest } from "../api/errors.js";
import type { ExternalService } from "./external.js";
import { EgressRefused, egressRequest, type EgressPolicy, type EgressResponse } from "./egress.js";

/** Request headers a service may see; the caller's Authorization and cookies never pass. */
const FORWARDED_REQUEST = ["content-type", "accept", "accept-language", "if-none-match"];
/**
 * Response headers a client may see from a service. Not Location: the gateway follows no
 * redirect and passes none on, or a service could send the platform's users anywhere from the
 * platform's own origin.
 */
const FORWARDED_RESPONSE = ["content-type", "cache-control", "etag", "content-language"];

/**
 * A service's answer is served from the platform's origin, where members' sessions live: it
 * must never run there. A sandboxed document has an opaque origin and may load nothing, so an
 * HTML page a service answers can neither run script nor read the platform's storage.
 */
const SERVICE_ANSWER_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'";

/** Reads a stream into memory, refusing more than `limit` bytes with `tooLarge()`. */
async function readLimited(stream: AsyncIterable<Uint8Array>, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The upstream URL of a gateway request: the service's base URL, then the rest of the path segment by segment. */
export function upstreamUrl(service: ExternalService, rest: readonly string[], search: string): URL {
  for (const segment of rest) {
    if (segment === "." || segment === "..") throw badRequest("A gateway path may not contain . or .. segments");
  }
  const base = new URL(service.manifest.external.baseUrl);
  const path = `${base.pathname.replace(/\/$/, "")}/${rest.map(encodeURIComponent).join("/")}`;
  return new URL(`${path}${search}`, base.origin);
}

export interface ForwardOptions {
  token: string;
  timeoutMs: number;
  maxBodyBytes: number;
  egress: EgressPolicy;
}

/**
 * Forwards one request to an external service with the platform's token for the caller, and
 * answers what it answered. An upstream that cannot be reached, fails (5xx), answers too much
 * or too late becomes a 502 or 504 naming the service; its own 2xx-4xx answers pass through.
 */
export async function forward(service: ExternalService, target: URL, req: Request, res: Response, options: ForwardOptions): Promise<void> {
  const name = service.name;
  const hasBody = req.method !== "GET" && req.method !== "DELETE";
  const body = hasBody
    ? await readLimited(
        req,
        options.maxBodyBytes,
        () => new ApiError("payload_too_large", `A request to ${name} may carry at most ${options.maxBodyBytes} bytes`),
      )
    : undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  for (const h of FORWARDED_REQUEST) {
    const value = req.get(h);
    if (value) headers[h] = value;
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  let upstream: EgressResponse;
  let bytes: Buffer;
  try {
    upstream = await egressRequest(options.egress, target, { method: req.method, headers, body, signal });
    bytes = await readLimited(
      upstream.body,
      options.maxBodyBytes,
      () => new ApiError("bad_gateway", `Service ${name} answered more than ${options.maxBodyBytes} bytes: the gateway refuses it`),
    );
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof EgressRefused) throw new ApiError("bad_gateway", `Service ${name} is not reachable: ${err.message}`);
    if (signal.aborted) throw new ApiError("gateway_timeout", `Service ${name} did not answer within ${options.timeoutMs} ms`);
    const code = (err as { code?: string }).code;
    throw new ApiError("bad_gateway", `Service ${name} could not be reached at ${target.origin}: ${code ?? (err as Error).message}`);
  }
  if (upstream.status >= 500) {
    const excerpt = bytes.toString("utf8", 0, Math.min(bytes.length, 200)).replace(/\s+/g, " ").trim();
    throw new ApiError("bad_gateway", `Service ${name} failed with ${upstream.status}${excerpt ? `: ${excerpt}` : ""}`);
  }
  res.status(upstream.status);
  res.setHeader("Content-Security-Policy", SERVICE_ANSWER_POLICY);
  for (const h of FORWARDED_RESPONSE) {
    const value = upstream.headers[h];
    if (value !== undefined) res.setHeader(h, value);
  }
  res.send(bytes);
}
