import { useState } from "react";
import type { RegisteredNode } from "../api/types.js";
import { nodeRegistry } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps } from "../forms/Field.js";
import { shortAddress } from "../ui/Address.js";
import { TxStatus } from "../ui/TxStatus.js";
import { RegisteredNodesTable } from "./RegisteredNodesTable.js";

const MAX_REASON = 500;

/** The CDC's side of the node registry: approve or reject what is pending, revoke what is approved. */
export function RegistryCard({ nodes, onChanged }: { nodes: RegisteredNode[]; onChanged: () => void }) {
  const tx = useTransaction();
  const [target, setTarget] = useState<string>();
  const [rejecting, setRejecting] = useState<string>();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();

  const pending = nodes.filter((n) => n.status === "pending");
  const approved = nodes.filter((n) => n.status === "approved");
  const closed = nodes.filter((n) => n.status === "rejected" || n.status === "removed");
  const name = (n: RegisteredNode) => `${n.ownerName ?? shortAddress(n.owner)}'s node ${shortAddress(n.node)}`;

  const send = async (n: RegisteredNode, label: string, write: Parameters<typeof tx.run>[1]) => {
    setTarget(n.node);
    const receipt = await tx.run(label, write, onChanged);
    // A refusal often means the page was behind the chain (someone acted first): read it again.
    if (!receipt) onChanged();
    setTarget(undefined);
    return receipt;
  };

  const approve = (n: RegisteredNode) => void send(n, `Approve ${name(n)}`, (signer, d) => nodeRegistry(d, signer).approveNode(n.node));
  const revoke = (n: RegisteredNode) => void send(n, `Revoke ${name(n)}`, (signer, d) => nodeRegistry(d, signer).revokeNode(n.node));
  const reject = async (event: React.FormEvent, n: RegisteredNode) => {
    event.preventDefault();
    const text = reason.trim();
    if (!text) return setReasonError("Say why the node is turned down: its organisation sees the reason.");
    if (text.length > MAX_REASON) return setReasonError(`Keep the reason within ${MAX_REASON} characters; it has ${text.length}.`);
    setReasonError(undefined);
    const receipt = await send(n, `Reject ${name(n)}`, (signer, d) => nodeRegistry(d, signer).rejectNode(n.node, text));
    if (receipt) {
      setRejecting(undefined);
      setReason("");
    }
  };

  const busyOn = (n: RegisteredNode) => tx.busy && target === n.node;

  return (
    <div className="card" data-testid="node-registry">
      <div className="card-head">
        <div>
          <h2>Node registry</h2>
          <p className="muted small">
            Member organisations register their nodes here; an approved node is admitted while its owner stays a member of a live cluster. Each button sends one
            transaction from the CDC wallet.
          </p>
        </div>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      <h3>
        Pending <span className="count">{pending.length}</span>
      </h3>
      {pending.length === 0 ? (
        <p className="empty">No node awaits approval.</p>
      ) : (
        <RegisteredNodesTable
          nodes={pending}
          label="Pending nodes"
          actions={(n) => (
            <>
              <button type="button" className="button small primary" disabled={tx.busy} onClick={() => approve(n)}>
                {busyOn(n) && rejecting !== n.node ? "Approving…" : "Approve"}
              </button>{" "}
              <button
                type="button"
                className="button small ghost"
                disabled={tx.busy}
                aria-expanded={rejecting === n.node}
                onClick={() => {
                  setRejecting(rejecting === n.node ? undefined : n.node);
                  setReason("");
                  setReasonError(undefined);
                }}
              >
                Reject…
              </button>
            </>
          )}
          detail={(n) =>
            rejecting === n.node && (
              <form className="inline-form" onSubmit={(e) => void reject(e, n)} noValidate aria-label={`Reject ${name(n)}`}>
                <Field id={`reject-reason-${n.node}`} label="Reason for rejecting" error={reasonError}>
                  <input
                    id={`reject-reason-${n.node}`}
                    value={reason}
                    maxLength={MAX_REASON + 1}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder="e.g. the host is not reachable from the validators"
                    {...invalidProps(`reject-reason-${n.node}`, reasonError)}
                  />
                </Field>
                <div className="actions">
                  <button type="button" className="button ghost" disabled={tx.busy} onClick={() => setRejecting(undefined)}>
                    Cancel
                  </button>
                  <button type="submit" className="button warn" disabled={tx.busy}>
                    {busyOn(n) ? "Rejecting…" : "Reject node"}
                  </button>
                </div>
              </form>
            )
          }
        />
      )}
      <h3>
        Approved <span className="count">{approved.length}</span>
      </h3>
      {approved.length === 0 ? (
        <p className="empty">No node is approved.</p>
      ) : (
        <RegisteredNodesTable
          nodes={approved}
          label="Approved nodes"
          actions={(n) => (
            <button type="button" className="button small ghost" disabled={tx.busy} onClick={() => revoke(n)}>
              {busyOn(n) ? "Revoking…" : "Revoke"}
            </button>
          )}
        />
      )}
      {closed.length > 0 && (
        <>
          <h3>
            Rejected and removed <span className="count">{closed.length}</span>
          </h3>
          <RegisteredNodesTable nodes={closed} label="Rejected and removed nodes" />
        </>
      )}
    </div>
  );
}
