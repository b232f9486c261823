import type { ReactNode } from "react";
import { ApiError } from "../api/client.js";

export function Notice({ tone, title, children }: { tone: "info" | "error" | "warn" | "success"; title?: string; children?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {title && <strong>{title}</strong>}
      {children && <div>{children}</div>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted loading">Loading {what}…</p>;
}

/** A refusal that asking again cannot change (not found, bad request, gone): no Retry for it. */
function isPermanent(error: Error): boolean {
  return error instanceof ApiError && [400, 404, 410].includes(error.status);
}

/**
 * A failed load. With `membersOnly` (what the reader would see, e.g. "its documents"), a refusal
 * for want of a session or a seat (401/403) is the read model at work, not an error: it says so.
 */
export function LoadError({ error, retry, membersOnly }: { error: Error; retry?: () => void; membersOnly?: string }) {
  // The server does not answer: the layout's banner says so once for the page, and this loads
  // again by itself when it is back (api/useApi.ts), so no error and no Retry here.
  if (error instanceof ApiError && error.code === "unreachable") {
    return (
      <p className="muted loading" data-testid="load-waiting">
        Waiting for the platform's server…
      </p>
    );
  }
  if (membersOnly && error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return (
      <Notice tone="info">
        <span data-testid="members-only">Sign in as a member of this cluster to see {membersOnly}.</span>
      </Notice>
    );
  }
  return (
    <Notice tone="error" title="Could not load">
      {error.message}{" "}
      {retry && !isPermanent(error) && (
        <button type="button" className="link-button" onClick={retry}>
          Retry
        </button>
      )}
    </Notice>
  );
}
