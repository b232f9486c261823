import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { clusterFactory } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { TxStatus } from "../ui/TxStatus.js";

/**
 * The CDC registers an initiative group's proposal to dissolve an active cluster: the factory
 * opens a dissolution vote in the cluster's governor, and the cluster's members decide it.
 */
export function DissolutionInitiativeForm({ onRegistered }: { onRegistered: () => void }) {
  const active = useApi(() => api.clusters("active"), "clusters-active");
  const [clusterId, setClusterId] = useState("");
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<string>();
  const tx = useTransaction();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const cluster = active.data?.find((c) => String(c.id) === clusterId);
    if (!cluster) return setProblem("Choose the cluster to dissolve.");
    // The proposal id hashes the description: a repeated text would collide with an earlier vote.
    const text = description.trim() || `Dissolve “${cluster.name}” (initiative of ${new Date().toISOString()})`;
    setProblem(undefined);
    const receipt = await tx.run(`Register a dissolution initiative for “${cluster.name}”`, (signer, deployment) =>
      clusterFactory(deployment, signer).registerDissolutionInitiative(cluster.id, text),
    );
    if (receipt) {
      setClusterId("");
      setDescription("");
      onRegistered();
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="Register a dissolution initiative" noValidate>
      <h2>Register a dissolution initiative</h2>
      <p className="muted small">
        An initiative group proposes to dissolve an active cluster. Its members vote under the cluster's own parameters; if the vote passes, anyone executes it
        and the cluster starts winding down.
      </p>
      <div className="form-grid two">
        <div className="field">
          <label htmlFor="dissolution-cluster">Cluster</label>
          <select id="dissolution-cluster" value={clusterId} onChange={(e) => setClusterId(e.target.value)}>
            <option value="">Choose…</option>
            {(active.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} (#{c.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dissolution-description">Grounds</label>
          <input id="dissolution-description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Why the group proposes it" />
        </div>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={tx.busy}>
          Register dissolution initiative
        </button>
      </div>
    </form>
  );
}
