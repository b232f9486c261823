import { api } from "../api/client.js";
import type { ClusterDetail } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { usePolling } from "../api/usePolling.js";
import { governorAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { Address } from "../ui/Address.js";
import { Badge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { formatTime } from "../ui/format.js";
import { ApplicationForm } from "./ApplicationForm.js";

const STATUS_TONE = { pending: "warn", awaitingSponsor: "warn", voting: "info", accepted: "good", refused: "bad" } as const;
const STATUS_LABEL = { pending: "pending", awaitingSponsor: "awaiting a sponsor", voting: "voting", accepted: "accepted", refused: "refused" } as const;

/**
 * Membership applications: a signed-in non-member applies and follows its application; under the
 * vote policies a member (a core member under CoreVote) sponsors it, which opens the vote; the CDO
 * decides under CdoDecision.
 */
export function ApplicationSection({ cluster, governor, onChanged }: { cluster: ClusterDetail; governor: string | undefined; onChanged: () => void }) {
  const { account, token, isMember, role } = useClusterMember(cluster);
  const applications = useApi(() => api.applications(cluster.id), `applications-${cluster.id}`);
  usePolling(applications.reload);
  const tx = useTransaction();
  if (!governor) return null;
  const all = applications.data ?? [];
  const mine = account ? all.filter((a) => a.applicant === account) : [];
  const open = mine.find((a) => a.status === "pending" || a.status === "awaitingSponsor" || a.status === "voting");
  const isCdo = account !== undefined && cluster.cdo === account;
  const pending = all.filter((a) => a.status === "pending");
  // The governor refuses other sponsors (NotAMember, NotCoreMember): offer the button only to those it accepts.
  const maySponsor = isMember && cluster.status === "active" && (cluster.params?.admissionPolicy !== "coreVote" || role === "core");
  const unsponsored = all.filter((a) => a.status === "awaitingSponsor");
  const changed = () => {
    applications.reload();
    onChanged();
  };

  const sponsor = (applicationId: number) =>
    void tx.run(`Sponsor application #${applicationId}`, (signer) => governorAt(governor, signer).sponsorApplication(applicationId), changed);
  const decide = (applicationId: number, accept: boolean) =>
    void tx.run(
      `${accept ? "Accept" : "Reject"} application #${applicationId}`,
      (signer) => governorAt(governor, signer).decideApplication(applicationId, accept),
      changed,
    );

  return (
    <>
      {mine.length > 0 && (
        <div className="card" data-testid="my-application">
          <h2>Your application</h2>
          {mine.map((a) => (
            <p key={a.id} data-application-status={a.status}>
              Application #{a.id} as {a.role} — <Badge tone={STATUS_TONE[a.status]}>{STATUS_LABEL[a.status]}</Badge> · submitted {formatTime(a.submittedAt)}
              {a.status === "awaitingSponsor" && " · the vote opens when a member sponsors it"}
              {a.status === "voting" && " · the members are voting on your admission"}
              {a.status === "pending" && " · waiting for the CDO's decision"}
            </p>
          ))}
        </div>
      )}
      {token && !isMember && !open && cluster.status === "active" && !isCdo && <ApplicationForm cluster={cluster} governor={governor} onApplied={changed} />}
      {maySponsor && unsponsored.length > 0 && (
        <div className="card" data-testid="unsponsored-applications">
          <h2>Applications awaiting a sponsor</h2>
          <p className="muted small">Sponsoring opens the admission vote, with you as its proposer.</p>
          {unsponsored.map((a) => (
            <div key={a.id} className="vote-row" data-application-id={a.id}>
              <span>
                #{a.id} “{a.profile.name}” <Address value={a.applicant} /> as {a.role} · CID <code>{a.profile.registrationCid}</code>
              </span>
              <button type="button" className="button primary small" disabled={tx.busy} onClick={() => sponsor(a.id)}>
                Sponsor
              </button>
            </div>
          ))}
          <TxStatus state={tx.state} onDismiss={tx.reset} />
        </div>
      )}
      {isCdo && pending.length > 0 && (
        <div className="card" data-testid="pending-applications">
          <h2>Applications awaiting your decision</h2>
          {pending.map((a) => (
            <div key={a.id} className="vote-row" data-application-id={a.id}>
              <span>
                #{a.id} “{a.profile.name}” <Address value={a.applicant} /> as {a.role} · CID <code>{a.profile.registrationCid}</code>
              </span>
              {/* The governor accepts only while the policy is still CdoDecision; refusing closes it either way. */}
              {cluster.params?.admissionPolicy === "cdoDecision" && (
                <button type="button" className="button primary small" disabled={tx.busy} onClick={() => decide(a.id, true)}>
                  Accept
                </button>
              )}
              <button type="button" className="button small" disabled={tx.busy} onClick={() => decide(a.id, false)}>
                Reject
              </button>
            </div>
          ))}
          <TxStatus state={tx.state} onDismiss={tx.reset} />
        </div>
      )}
    </>
  );
}
