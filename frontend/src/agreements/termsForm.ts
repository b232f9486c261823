import type { DocumentSummary } from "../api/types.js";
import { fileTooLarge } from "../documents/uploadLimit.js";
import type { Checked, FieldErrors } from "../forms/validation.js";
import type { TokenUnit } from "../ui/format.js";
import { MAX_MILESTONES, milestonesSum, parseMilestones, totalValueOf, type MilestoneInput, type MilestoneRow } from "./milestoneRows.js";
import type { TermsChoice } from "./TermsFields.js";

// A version's terms as typed (total value, milestones, terms document), checked as
// AgreementRegistry.create and proposeAmendment check them, every problem at once.

/** AgreementRegistry.MAX_PARTIES: create reverts InvalidPartyCount outside 2 to this. */
export const MAX_PARTIES = 32;

export interface TermsForm {
  total: string;
  rows: MilestoneRow[];
  terms: TermsChoice;
}

export interface TermsRules {
  /** Starts the ids of the form's own fields: `${prefix}-total`, `${prefix}-terms-doc`. */
  prefix: string;
  /** Starts each milestone's message and id ("Milestone 1: …"). */
  label: string;
  /** Names the total in its messages ("The total value"). */
  totalName: string;
  isParty: (address: string) => boolean;
  unit: TokenUnit | undefined;
  /** The chain's clock, in seconds. */
  now: number;
  /** How many milestones this version may hold: the contract's budget less the versions in force. */
  room: number;
  /** The cluster's upload limit, when known. */
  maxUploadBytes: number | undefined;
  documents: DocumentSummary[];
}

export interface CheckedTerms {
  totalValue: bigint;
  milestones: MilestoneInput[];
}

export function checkTermsForm(form: TermsForm, rules: TermsRules): Checked<CheckedTerms> {
  const { prefix, label } = rules;
  const errors: FieldErrors = {};
  if (form.rows.length === 0) errors[`${prefix}-milestones`] = `Add at least one ${label.toLowerCase()}.`;
  else if (form.rows.length > rules.room)
    errors[`${prefix}-milestones`] =
      `At most ${rules.room} milestones fit (the agreement holds ${MAX_MILESTONES} in all); remove ${form.rows.length - rules.room}.`;
  const milestones = parseMilestones(form.rows, rules);
  if (!milestones.ok) Object.assign(errors, milestones.errors);
  const total = totalValueOf(form.total, milestonesSum(form.rows, rules.unit), rules.unit, rules.totalName);
  if (total.error) errors[`${prefix}-total`] = total.error;
  const terms = termsProblem(form.terms, rules);
  if (terms) errors[terms.id] = terms.message;
  if (Object.keys(errors).length > 0 || !milestones.ok || total.value === undefined) return { ok: false, errors };
  return { ok: true, value: { totalValue: total.value, milestones: milestones.value } };
}

/** The terms must be an anchored document or a file the cluster's store takes. */
function termsProblem(choice: TermsChoice, { prefix, maxUploadBytes, documents }: TermsRules): { id: string; message: string } | undefined {
  if (choice.file) {
    const tooLarge = fileTooLarge(choice.file, maxUploadBytes);
    return tooLarge ? { id: `${prefix}-terms-file`, message: `The terms file: ${tooLarge}` } : undefined;
  }
  if (!documents.some((d) => d.status === "active" && String(d.id) === choice.documentId))
    return { id: `${prefix}-terms-doc`, message: "Choose the terms: an anchored document, or upload a file." };
  return undefined;
}
