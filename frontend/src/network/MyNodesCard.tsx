import { useState } from "react";
import type { RegisteredNode } from "../api/types.js";
import { nodeRegistry } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { shortAddress } from "../ui/Address.js";
import { TxStatus } from "../ui/TxStatus.js";
import { RegisteredNodesTable } from "./RegisteredNodesTable.js";

/** The nodes the signed-in organisation registered; a pending or approved one it may withdraw. */
export function MyNodesCard({ nodes, onChanged }: { nodes: RegisteredNode[]; onChanged: () => void }) {
  const tx = useTransaction();
  const [target, setTarget] = useState<string>();

  const withdraw = async (n: RegisteredNode) => {
    setTarget(n.node);
    const receipt = await tx.run(`Withdraw node ${shortAddress(n.node)}`, (signer, d) => nodeRegistry(d, signer).withdrawNode(n.node), onChanged);
    if (!receipt) onChanged();
    setTarget(undefined);
  };

  return (
    <div className="card" data-testid="my-nodes">
      <div className="card-head">
        <div>
          <h2>
            My nodes <span className="count">{nodes.length}</span>
          </h2>
          <p className="muted small">
            Nodes your organisation registered. The CDC approves each; the network admits an approved node while you are a member of its cluster.
          </p>
        </div>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {nodes.length === 0 ? (
        <p className="empty">You have registered no node yet.</p>
      ) : (
        <RegisteredNodesTable
          nodes={nodes}
          label="My nodes"
          showOwner={false}
          actions={(n) =>
            n.status === "pending" || n.status === "approved" ? (
              <button type="button" className="button small ghost" disabled={tx.busy} onClick={() => void withdraw(n)}>
                {tx.busy && target === n.node ? "Withdrawing…" : "Withdraw"}
              </button>
            ) : null
          }
        />
      )}
    </div>
  );
}
