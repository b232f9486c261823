import type { Checked, FieldErrors } from "../forms/validation.js";
import { parseAmount, type TokenUnit } from "../ui/format.js";

/** What a creditor types to record an invoice: who owes, how much, by when. */
export interface InvoiceForm {
  debtor: string;
  amount: string;
  dueDate: string;
}

export const EMPTY_INVOICE: InvoiceForm = { debtor: "", amount: "", dueDate: "" };

/** The invoice as createObligation takes it: the amount in the token's smallest units, the due date in unix seconds. */
export interface Invoice {
  debtor: string;
  amount: bigint;
  dueDate: bigint;
}

/** Every problem at once, keyed by field id; the contract's own refusals (a zero or oversized amount) included. */
export function checkInvoice(form: InvoiceForm, unit: TokenUnit | undefined, debtors: readonly string[]): Checked<Invoice> {
  const errors: FieldErrors = {};
  if (!form.debtor) errors["invoice-debtor"] = "Choose the debtor.";
  else if (!debtors.includes(form.debtor)) errors["invoice-debtor"] = "The debtor must be another member of this cluster.";
  const owed = parseAmount(form.amount, unit, "The amount");
  if (!owed.ok) errors["invoice-amount"] = owed.error;
  const when = Date.parse(form.dueDate);
  if (Number.isNaN(when)) errors["invoice-due"] = "Choose a due date.";
  if (!owed.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { debtor: form.debtor, amount: owed.value, dueDate: BigInt(Math.floor(when / 1000)) } };
}
