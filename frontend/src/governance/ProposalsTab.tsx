import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { usePolling } from "../api/usePolling.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { ApplicationSection } from "./ApplicationSection.js";
import { NewProposalForm } from "./NewProposalForm.js";
import { isKind, type ProposalPreset } from "./proposalForm.js";
import { filterFromSearch, ProposalFilters, type ProposalFilter } from "./ProposalFilters.js";
import { ProposalRow } from "./ProposalRow.js";
import { useVoteClock } from "./useVoteClock.js";
import { votePhase } from "./votePhase.js";

/** The cluster's proposals, newest first, filtered by state and kind; a member opens the New proposal form from here. */
export function ProposalsTab() {
  const { cluster, reload: reloadCluster } = useClusterOutlet();
  const { isMember } = useClusterMember(cluster);
  const proposals = useApi(() => api.proposals(cluster.id), `proposals-${cluster.id}`);
  usePolling(proposals.reload);
  const now = useVoteClock();
  const governor = cluster.components.Governor;
  const [search, setSearch] = useSearchParams();
  // ?propose=expulsion&member=0x…&reason=…: another page (the clearing's defaults) opens the form preset.
  const kind = search.get("propose");
  const preset: ProposalPreset | undefined = isKind(kind)
    ? { kind, member: search.get("member")?.toLowerCase() ?? undefined, description: search.get("reason") ?? undefined }
    : undefined;
  const [composing, setComposing] = useState(false);
  const mayPropose = Boolean(governor) && isMember && cluster.status === "active";
  const formOpen = mayPropose && (composing || preset !== undefined);
  const closeForm = () => {
    setComposing(false);
    if (preset) setSearch((current) => withParams(current, { propose: null, member: null, reason: null }), { replace: true });
  };
  const changed = () => {
    proposals.reload();
    reloadCluster();
  };

  const filter = filterFromSearch(search);
  const setFilter = (next: ProposalFilter) =>
    setSearch((current) => withParams(current, { state: next.phase === "all" ? null : next.phase, kind: next.kind === "all" ? null : next.kind }), {
      replace: true,
    });
  const all = [...(proposals.data ?? [])].reverse().map((p) => ({ proposal: p, phase: votePhase(p, now) }));
  const ofKind = all.filter((r) => filter.kind === "all" || r.proposal.kind === filter.kind);
  const inPhase = all.filter((r) => filter.phase === "all" || r.phase === filter.phase);
  const shown = ofKind.filter((r) => filter.phase === "all" || r.phase === filter.phase);
  const listSearch = search.toString();

  return (
    <div className="tab-body" data-testid="proposals-tab">
      {!governor && <p className="muted">This cluster has no governor contract: its decisions are not voted on this platform.</p>}
      <ApplicationSection cluster={cluster} governor={governor} onChanged={changed} />
      <div className="section-head">
        <h2>Proposals</h2>
        {mayPropose && !formOpen && (
          <button type="button" className="button primary" onClick={() => setComposing(true)}>
            New proposal
          </button>
        )}
      </div>
      {formOpen && governor && (
        <div className="new-proposal">
          <NewProposalForm
            key={["propose", "member", "reason"].map((k) => search.get(k)).join("|")}
            cluster={cluster}
            governor={governor}
            proposals={proposals.data}
            onCreated={changed}
            onClose={closeForm}
            preset={preset}
          />
        </div>
      )}
      {proposals.error && !proposals.data && <LoadError error={proposals.error} retry={proposals.reload} membersOnly="its proposals" />}
      {!proposals.data && !proposals.error && <Loading what="the proposals" />}
      {proposals.data?.length === 0 && <p className="empty">No proposals yet.</p>}
      {all.length > 0 && (
        <>
          <ProposalFilters filter={filter} phases={ofKind.map((r) => r.phase)} kinds={inPhase.map((r) => r.proposal.kind)} onChange={setFilter} />
          {shown.length === 0 ? (
            <p className="empty">
              No proposals match these filters.{" "}
              <button type="button" className="link-button" onClick={() => setFilter({ phase: "all", kind: "all" })}>
                Show all proposals
              </button>
            </p>
          ) : (
            <ul className="proposal-list" aria-label="Proposals" data-testid="proposal-list">
              {shown.map(({ proposal, phase }) => (
                <ProposalRow key={proposal.id} clusterId={cluster.id} proposal={proposal} phase={phase} now={now} listSearch={listSearch} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** A copy of `search` with some parameters set, or removed (null). */
function withParams(search: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return next;
}
