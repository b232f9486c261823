import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { AgreementDetail, ClusterDetail, DirectoryEntry, DocumentSummary, Member } from "../api/types.js";
import { agreementRegistryAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { memberNames } from "../members/memberName.js";
import { AGREEMENT_APPROVAL_TYPES, signingDomain } from "../../../core/chain/typedData.js";
import { Address } from "../ui/Address.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { Amount, Deadline } from "../ui/amount.js";
import { formatTime } from "../ui/format.js";
import { useChainTime } from "../chain/useChainTime.js";
import { AgreementVersions } from "./AgreementVersions.js";
import { AmendmentForm } from "./AmendmentForm.js";
import { DisputeAndTermination } from "./DisputeAndTermination.js";
import { TableScroll } from "../ui/TableScroll.js";

const STATUS_TONE = { draft: "warn", active: "good", disputed: "bad", completed: "accent", terminated: "neutral" } as const;

/** The EIP-712 value a party signs to approve the proposed version (its own terms, not those in force). */
function approvalOf(a: AgreementDetail) {
  const proposed = a.versions.find((v) => v.version === a.proposedVersion);
  if (!proposed) throw new Error(`Version ${a.proposedVersion} of agreement #${a.id} is not in the index yet; reload and try again.`);
  const milestones = a.milestones
    .filter((m) => m.version === a.proposedVersion)
    .sort((x, y) => x.index - y.index)
    .map((m) => ({ deliverer: m.deliverer, payer: m.payer, amount: BigInt(m.amount), dueDate: BigInt(m.dueDate) }));
  return {
    agreementId: a.id,
    version: a.proposedVersion,
    terms: { termsCid: cidDigest(proposed.termsCid), termsHash: proposed.termsHash, totalValue: BigInt(proposed.totalValue), milestones },
  };
}

export function AgreementStatusBadge({ status }: { status: AgreementDetail["status"] }) {
  return (
    <span data-agreement-status={status}>
      <Badge tone={STATUS_TONE[status]}>{status}</Badge>
    </span>
  );
}

export function AgreementDetailCard({
  cluster,
  agreementId,
  account,
  token,
  directory,
  documents,
  members,
  onChanged,
}: {
  cluster: ClusterDetail;
  agreementId: number;
  account: string | undefined;
  token: string | undefined;
  /** The member directory and the cluster's documents, when the viewer is a signed-in member (to upload terms and reasons). */
  directory: DirectoryEntry[] | undefined;
  documents: DocumentSummary[] | undefined;
  members: Member[];
  onChanged: () => void;
}) {
  const agreement = useApi(() => api.agreement(cluster.id, agreementId), `agreement-${cluster.id}-${agreementId}`);
  const tx = useTransaction();
  const now = useChainTime(`agreement-${cluster.id}-${agreementId}`);
  if (agreement.error && !agreement.data) return <LoadError error={agreement.error} retry={agreement.reload} membersOnly="this agreement (its parties only)" />;
  if (!agreement.data) return <Loading what="the agreement" />;
  const a = agreement.data;
  const registry = cluster.components.Agreements;
  const name = memberNames(members);
  const mySignature = account ? a.signatures.find((s) => s.party === account) : undefined;
  const canSign =
    registry && mySignature && (a.status === "draft" || a.status === "active") && a.proposedVersion > 0 && mySignature.signedVersion < a.proposedVersion;
  // A dispute freezes only the milestones its raisers deliver or pay (the contract's rule).
  const disputing = new Set(a.signatures.filter((s) => s.disputing).map((s) => s.party));
  const performable = (m: { deliverer: string; payer: string }) =>
    a.status === "active" || (a.status === "disputed" && !disputing.has(m.deliverer) && !disputing.has(m.payer));
  const refresh = () => {
    agreement.reload();
    onChanged();
  };
  const run = (label: string, send: Parameters<typeof tx.run>[1]) => void tx.run(label, send, refresh);

  return (
    <div className="card" data-testid="agreement-detail" data-agreement-id={a.id}>
      <div className="card-head">
        <h2>
          Agreement #{a.id} · {AGREEMENT_KIND_LABEL[a.kind]} <AgreementStatusBadge status={a.status} />
        </h2>
      </div>
      <dl className="facts">
        <div className="fact">
          <dt>Version in force</dt>
          <dd>{a.version === 0 ? "none yet (draft)" : `v${a.version}`}</dd>
        </div>
        <div className="fact">
          <dt>Collecting signatures</dt>
          <dd>{a.proposedVersion === 0 ? "—" : `v${a.proposedVersion}`}</dd>
        </div>
        <div className="fact">
          <dt>Total value</dt>
          <dd>
            <Amount value={a.totalValue} />
          </dd>
        </div>
        <div className="fact">
          <dt>Terms</dt>
          <dd>
            {a.termsCid ? <code className="cid">{a.termsCid}</code> : "—"} <span className="muted small">commitment {a.termsHash?.slice(0, 18)}…</span>
          </dd>
        </div>
        <div className="fact">
          <dt>Created</dt>
          <dd>
            {formatTime(a.createdAt)} by <Address value={a.creator} />
          </dd>
        </div>
      </dl>
      <h3>Parties and signatures</h3>
      <TableScroll label="Signatures">
        <table className="table" data-testid="agreement-signatures">
          <tbody>
            {a.signatures.map((s) => (
              <tr
                key={s.party}
                data-party={s.party}
                data-signed-version={s.signedVersion}
                data-terminating={String(s.terminating)}
                data-resolving={String(s.resolving)}
              >
                <td className="strong">{name(s.party)}</td>
                <td>
                  <Address value={s.party} />
                </td>
                <td>
                  {s.signedVersion > 0 && s.signedVersion >= a.proposedVersion ? (
                    <Badge tone="good">Signed v{s.signedVersion}</Badge>
                  ) : (
                    <Badge tone="warn">{s.signedVersion > 0 ? `Signed v${s.signedVersion}, not v${a.proposedVersion}` : "Not signed"}</Badge>
                  )}
                </td>
                <td className="muted">{s.signedAt ? formatTime(s.signedAt) : ""}</td>
                <td>{s.terminating && <Badge tone="bad">Asked to terminate</Badge>}</td>
                <td>{a.status === "disputed" && (s.resolving ? <Badge tone="good">Agrees resolved</Badge> : <Badge tone="warn">Dispute open</Badge>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h3>Versions</h3>
      <AgreementVersions agreement={a} />
      <h3>Milestones</h3>
      <TableScroll label="Milestones">
        <table className="table" data-testid="agreement-milestones">
          <thead>
            <tr>
              <th>#</th>
              <th>Deliverer</th>
              <th>Payer</th>
              <th className="num">Amount</th>
              <th>Due</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {/* Numbered from 1, as the forms number the rows they enter; data-milestone keeps the contract's index. */}
            {a.milestones.map((m) => (
              <tr key={m.index} data-milestone={m.index} data-milestone-status={m.status}>
                <td className="muted">
                  {m.index + 1} <span className="small">v{m.version}</span>
                </td>
                <td>{name(m.deliverer)}</td>
                <td>{name(m.payer)}</td>
                <td className="num">
                  <Amount value={m.amount} />
                </td>
                <td>
                  <Deadline seconds={m.dueDate} now={now} />
                </td>
                <td>
                  {m.status}
                  {m.obligationId !== null && <span className="muted"> · obligation #{m.obligationId}</span>}
                  {a.status === "disputed" && !performable(m) && (m.status === "pending" || m.status === "delivered") && (
                    <span className="muted" data-milestone-frozen="true">
                      {" "}
                      · waits for the dispute
                    </span>
                  )}
                </td>
                <td>
                  {registry && performable(m) && m.status === "pending" && account === m.deliverer && (
                    <button
                      type="button"
                      className="button"
                      disabled={tx.busy}
                      onClick={() => run(`Mark milestone ${m.index + 1} delivered`, (s) => agreementRegistryAt(registry, s).markDelivered(a.id, m.index))}
                    >
                      Mark delivered
                    </button>
                  )}
                  {registry && performable(m) && m.status === "delivered" && account === m.payer && (
                    <button
                      type="button"
                      className="button"
                      disabled={tx.busy}
                      onClick={() => run(`Accept milestone ${m.index + 1}`, (s) => agreementRegistryAt(registry, s).acceptMilestone(a.id, m.index))}
                    >
                      Accept
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {canSign && (
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => run(`Sign agreement #${a.id} v${a.proposedVersion}`, (s) => agreementRegistryAt(registry, s).sign(a.id, a.proposedVersion))}
          >
            Sign agreement
          </button>
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() =>
              run(`Sign agreement #${a.id} v${a.proposedVersion} (EIP-712)`, async (s) => {
                const contract = agreementRegistryAt(registry, s);
                const signature = await s.signTypedData(await signingDomain(contract), AGREEMENT_APPROVAL_TYPES, approvalOf(a));
                return contract.signBySig(a.id, a.proposedVersion, account!, signature);
              })
            }
          >
            Sign with EIP-712
          </button>
        </div>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {registry && mySignature && a.status === "active" && token && directory && documents && (
        <AmendmentForm cluster={cluster} agreement={a} token={token} directory={directory} documents={documents} nameOf={name} onProposed={refresh} />
      )}
      <DisputeAndTermination cluster={cluster} agreement={a} account={account} token={token} directory={directory} onChanged={refresh} />
    </div>
  );
}
