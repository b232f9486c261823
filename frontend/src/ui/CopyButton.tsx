import { useEffect, useState } from "react";
import { CopyIcon } from "./CopyIcon.js";

/** A small button that copies `value` (an address, a hash, a CID) and says whether it did. */
export function CopyButton({ value, what }: { value: string; what: string }) {
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
