import type { ProposalSummary } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { formatBps, formatDuration } from "../ui/format.js";
import { ADMISSION_POLICY_LABEL, MEMBER_KIND_LABEL } from "../ui/labels.js";

/** What a typed proposal would do, in words. */
export function PayloadSummary({ proposal, className = "small" }: { proposal: Pick<ProposalSummary, "kind" | "payload">; className?: string }) {
  const p = proposal.payload;
  if (!p) return null;
  return (
    <p className={className} data-testid="payload">
      {p.applicant && proposal.kind === "admission" && (
        <>
          Admit <Address value={p.applicant} />{" "}
          {p.profile && (
            <>
              “{p.profile.name}” ({MEMBER_KIND_LABEL[p.profile.kind]})
            </>
          )}{" "}
          as {p.role}
        </>
      )}
      {p.member && proposal.kind === "role" && (
        <>
          Make <Address value={p.member} /> a {p.role} member
        </>
      )}
      {p.member && proposal.kind !== "role" && (
        <>
          Expel <Address value={p.member} />
        </>
      )}
      {p.newCdo && (
        <>
          Hand the CDO role to <Address value={p.newCdo} />
        </>
      )}
      {p.params && (
        <>
          Voting period {formatDuration(p.params.votingPeriod)}, quorum {formatBps(p.params.quorumBps)}, threshold {formatBps(p.params.approvalThresholdBps)},
          admission by {ADMISSION_POLICY_LABEL[p.params.admissionPolicy].toLowerCase()}
        </>
      )}
      {proposal.kind === "service" && p.serviceId !== undefined && (
        <>
          {p.enabled ? "Enable" : "Disable"} service #{p.serviceId}
        </>
      )}
      {proposal.kind === "settings" &&
        p.serviceId !== undefined &&
        (p.settingsCid ? (
          <>
            New settings for service #{p.serviceId}: <code className="cid">{p.settingsCid}</code>
          </>
        ) : (
          <>Settings of service #{p.serviceId} back to the defaults</>
        ))}
    </p>
  );
}
