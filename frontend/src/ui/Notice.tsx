import type { ReactNode } from "react";

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

export function LoadError({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <Notice tone="error" title="Could not load">
      {error.message}{" "}
      {retry && (
        <button type="button" className="link-button" onClick={retry}>
          Retry
        </button>
      )}
    </Notice>
  );
}
