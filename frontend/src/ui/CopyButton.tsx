import { useEffect, useState } from "react";
import { CopyIcon } from "./CopyIcon.js";

/**
 * A button that copies `value` (an address, a hash, a CID, a link) and says whether it did: an
 * icon beside what it copies, or, with `text`, a labelled button ("Copy link" / "Link copied").
 */
export function CopyButton({ value, what, text }: { value: string; what: string; text?: { idle: string; copied: string } }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = () =>
    // The Clipboard API needs a secure context (https or localhost); elsewhere the person selects the text.
    navigator.clipboard?.writeText(value).then(
      () => setState("copied"),
      () => setState("failed"),
    ) ?? setState("failed");
  const label = state === "copied" ? `Copied ${what}` : state === "failed" ? `Could not copy the ${what}: select it instead` : `Copy ${what}`;
  if (text) {
    return (
      <button type="button" className="button small primary" onClick={() => void copy()} data-copy={value} title={state === "failed" ? label : undefined}>
        {state === "copied" ? text.copied : text.idle}
      </button>
    );
  }
  return (
    <button
      type="button"
      className={`copy copy-${state}`}
      onClick={() => void copy()}
      aria-label={label}
      title={state === "idle" ? `Copy ${value}` : label}
      data-copy={value}
    >
      {state === "idle" ? <CopyIcon /> : <span aria-hidden="true">{state === "copied" ? "✓" : "!"}</span>}
    </button>
  );
}
