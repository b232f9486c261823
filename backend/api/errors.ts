import type { ErrorRequestHandler, RequestHandler } from "express";
import { ERROR_STATUS, type ErrorCode } from "../../core/api/errors.js";
import { Refusal, type RefusalKind } from "../query/refusal.js";

/** An error the API answers with: its status follows from the code. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const badRequest = (message: string) => new ApiError("bad_request", message);
export const unauthorized = (message: string) => new ApiError("unauthorized", message);
export const forbidden = (message: string) => new ApiError("forbidden", message);
export const notFound = (message: string) => new ApiError("not_found", message);
export const conflict = (message: string) => new ApiError("conflict", message);
export const unprocessable = (message: string) => new ApiError("unprocessable", message);
export const tooManyRequests = (message: string) => new ApiError("too_many_requests", message);
export const serviceUnavailable = (message: string) => new ApiError("service_unavailable", message);

const REFUSAL_CODE: Record<RefusalKind, ErrorCode> = {
  notFound: "not_found",
  conflict: "conflict",
  invalid: "bad_request",
  unauthenticated: "unauthorized",
};

/** A refusal of the layers below the API, answered with its status. */
export function fromRefusal(refusal: Refusal): ApiError {
  return new ApiError(REFUSAL_CODE[refusal.kind], refusal.message);
}

/** Unknown routes under /api answer JSON, not Express's HTML page. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(notFound(`No API route ${req.method} ${req.originalUrl.split("?")[0]}`));
};

/** body-parser's errors carry an HTTP status and a type. */
function fromBodyParser(err: unknown): ApiError | undefined {
  if (typeof err !== "object" || err === null || !("type" in err)) return undefined;
  switch ((err as { type: unknown }).type) {
    case "entity.parse.failed":
      return badRequest(`The request body is not valid JSON: ${(err as unknown as Error).message}`);
    case "entity.too.large":
      return new ApiError("payload_too_large", "The request body is too large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError("unsupported_media_type", (err as unknown as Error).message);
    default:
      return undefined;
  }
}

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let apiError = err instanceof ApiError ? err : err instanceof Refusal ? fromRefusal(err) : fromBodyParser(err);
    if (!apiError) {
      const status = typeof err?.status === "number" ? err.status : 500;
      if (status >= 400 && status < 500) {
        apiError = badRequest(String(err?.message ?? "Bad request"));
      } else {
        // The path only: a query string may carry a session token.
        log(`api: ${req.method} ${req.originalUrl.split("?")[0]} failed: ${(err as Error)?.stack ?? String(err)}`);
        apiError = new ApiError("internal", "The server failed to answer this request; the failure is logged");
      }
    }
    res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message } });
  };
}
