import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { usePolling } from "../api/usePolling.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { ApplicationSection } from "./ApplicationSection.js";
import { useSearchParams } from "react-router-dom";
import { isKind, NewProposalForm, type ProposalPreset } from "./NewProposalForm.js";
import { ProposalCard } from "./ProposalCard.js";

export function ProposalsTab() {
  const { cluster, reload: reloadCluster } = useClusterOutlet();
  const { isMember } = useClusterMember(cluster);
  const proposals = useApi(() => api.proposals(cluster.id), `proposals-${cluster.id}`);
  usePolling(proposals.reload);
  const governor = cluster.components.Governor;
  // ?propose=expulsion&member=0x…&reason=…: another page (the clearing's defaults) opens the form preset.
  const [search] = useSearchParams();
  const kind = search.get("propose");
  const preset: ProposalPreset | undefined = isKind(kind)
    ? { kind, member: search.get("member")?.toLowerCase() ?? undefined, description: search.get("reason") ?? undefined }
    : undefined;
  const changed = () => {
    proposals.reload();
    reloadCluster();
  };

  return (
    <div className="tab-body" data-testid="proposals-tab">
      {!governor && <p className="muted">This cluster has no governor contract: its decisions are not voted on this platform.</p>}
      <ApplicationSection cluster={cluster} governor={governor} onChanged={changed} />
      {governor && isMember && cluster.status === "active" && (
        <NewProposalForm key={search.toString()} cluster={cluster} governor={governor} onCreated={changed} preset={preset} />
      )}
      <h2>Proposals</h2>
      {proposals.error && !proposals.data && <LoadError error={proposals.error} retry={proposals.reload} membersOnly="its proposals" />}
      {!proposals.data && !proposals.error && <Loading what="the proposals" />}
      {proposals.data?.length === 0 && <p className="empty">No proposals yet.</p>}
      {[...(proposals.data ?? [])].reverse().map((p) => (
        <ProposalCard key={p.id} clusterId={cluster.id} governor={governor} proposal={p} onChanged={changed} />
      ))}
    </div>
  );
}
