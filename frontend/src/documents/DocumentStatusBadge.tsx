import type { DocumentSummary } from "../api/types.js";
import { Badge } from "../ui/StatusBadge.js";

const TONE = { active: "good", revoked: "bad", superseded: "neutral" } as const;

/** A document's status as people read it: active, revoked, or superseded by which version. */
export function DocumentStatusBadge({ doc }: { doc: Pick<DocumentSummary, "status"> & Partial<Pick<DocumentSummary, "supersededBy">> }) {
  const text = doc.status === "superseded" && doc.supersededBy ? `superseded by #${doc.supersededBy}` : doc.status;
  return (
    <span data-document-status={doc.status}>
      <Badge tone={TONE[doc.status]}>{text}</Badge>
    </span>
  );
}
