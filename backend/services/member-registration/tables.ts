// The index tables of the member-registration service.
import { bigint, nullable, oneOf, table, text, type AnyTable } from "../../db/table.js";
import { ADMISSION_POLICIES, APPLICATION_STATUSES, MEMBER_KINDS, MEMBER_ROLES } from "../../../core/chain/enums.js";

export const applications = table(
  "applications",
  {
    cluster_id: bigint,
    application_id: bigint,
    applicant: text,
    name: text,
    member_kind: oneOf(MEMBER_KINDS),
    registration_cid: text,
    role: oneOf(MEMBER_ROLES),
    policy: oneOf(ADMISSION_POLICIES),
    proposal_id: nullable(text),
    status: oneOf(APPLICATION_STATUSES),
    // The member that opened the admission vote (vote policies); NULL until sponsored.
    sponsor: nullable(text),
    decided_by: nullable(text),
    decided_at: nullable(bigint),
    submitted_block: bigint,
    submitted_at: bigint,
    tx_hash: text,
  },
  { primaryKey: ["cluster_id", "application_id"] },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [applications];
