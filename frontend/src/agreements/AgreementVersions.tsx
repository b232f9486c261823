import type { AgreementDetail } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { Badge } from "../ui/StatusBadge.js";
import { Amount } from "../ui/amount.js";
import { formatTime } from "../ui/format.js";
import { TableScroll } from "../ui/TableScroll.js";

type VersionStatus = AgreementDetail["versions"][number]["status"];

const LABEL: Record<VersionStatus, string> = {
  inForce: "In force",
  proposed: "Collecting signatures",
  superseded: "Superseded by an amendment",
  replaced: "Replaced before signed",
};
const TONE = { inForce: "good", proposed: "warn", superseded: "neutral", replaced: "neutral" } as const;

/** Every version of the terms: who proposed it, when, and what became of it. */
export function AgreementVersions({ agreement: a }: { agreement: AgreementDetail }) {
  return (
    <TableScroll label="Agreement versions">
      <table className="table" data-testid="agreement-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Status</th>
            <th className="num">Total value</th>
            <th>Terms</th>
            <th>Proposed</th>
            <th>In force since</th>
          </tr>
        </thead>
        <tbody>
          {a.versions.map((v) => (
            <tr key={v.version} data-version={v.version} data-version-status={v.status}>
              <td className="strong">v{v.version}</td>
              <td>
                <Badge tone={TONE[v.status]}>{LABEL[v.status]}</Badge>
              </td>
              <td className="num">
                <Amount value={v.totalValue} />
              </td>
              <td>
                <code className="cid">{v.termsCid}</code>
              </td>
              <td className="muted">
                {v.proposedAt ? formatTime(v.proposedAt) : ""} {v.proposer && <Address value={v.proposer} />}
              </td>
              <td className="muted">{v.approvedAt ? formatTime(v.approvedAt) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
