import type { TxState } from "../chain/useTransaction.js";
import { TxHash } from "./Address.js";

/** The life of one wallet write: waiting for the signature, mined, indexed, or why it failed. */
export function TxStatus({ state, onDismiss }: { state: TxState; onDismiss?: () => void }) {
  if (state.phase === "idle") return null;
  const tone = state.phase === "failed" ? "error" : state.phase === "confirmed" ? "success" : "pending";
  return (
    <div className={`tx tx-${tone}`} role={state.phase === "failed" ? "alert" : "status"} data-tx-phase={state.phase}>
      {tone === "pending" && <span className="spinner" aria-hidden="true" />}
      <div className="tx-body">
        <strong>{state.label}</strong>
        <span>
          {state.phase === "signing" && "Waiting for your signature in the wallet…"}
          {state.phase === "pending" && "Submitted; waiting for the block…"}
          {state.phase === "indexing" && `Mined in block ${state.blockNumber}; updating the platform index…`}
          {state.phase === "confirmed" && `Confirmed in block ${state.blockNumber}.`}
          {state.phase === "failed" && state.message}
        </span>
        {state.phase === "confirmed" && state.note && <span className="muted">{state.note}</span>}
        {"hash" in state && state.hash && (
          <span className="muted">
            Transaction <TxHash value={state.hash} />
          </span>
        )}
      </div>
      {onDismiss && (state.phase === "confirmed" || state.phase === "failed") && (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
