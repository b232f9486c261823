import { formatUnits } from "ethers";
import { parseAmount, type TokenUnit } from "../ui/format.js";

/** A milestone as typed into a form: party addresses, a decimal amount, a date (yyyy-mm-dd). */
export interface MilestoneRow {
  deliverer: string;
  payer: string;
  amount: string;
  due: string;
}

export interface MilestoneInput {
  deliverer: string;
  payer: string;
  amount: bigint;
  dueDate: bigint;
}

export const emptyRow = (): MilestoneRow => ({ deliverer: "", payer: "", amount: "", due: "" });

/** The id of row `index`'s (0-based) amount input in the table labelled `label`: errors point at it. */
export function milestoneAmountId(label: string, index: number): string {
  return `${label.toLowerCase().replace(/\s+/g, "-")}-${index + 1}-amount`;
}

/** An amount in the token's smallest units as a form shows it for editing: 50000 -> "500". */
export function amountInput(base: string | bigint, unit: TokenUnit | undefined): string {
  if (!unit) return String(base);
  return formatUnits(BigInt(base), unit.decimals).replace(/\.0$/, "");
}

/**
 * The rows as the contract takes them, or every problem at once, keyed by the id of the field
 * to fix (the amount's input; the form's other problems under `milestone-N`).
 */
export function parseMilestones(
  rows: MilestoneRow[],
  isParty: (address: string) => boolean,
  unit: TokenUnit | undefined,
  label = "Milestone",
): { ok: true; milestones: MilestoneInput[] } | { ok: false; errors: Record<string, string> } {
  const milestones: MilestoneInput[] = [];
  const errors: Record<string, string> = {};
  for (const [i, r] of rows.entries()) {
    const n = i + 1;
    if (!isParty(r.deliverer) || !isParty(r.payer)) errors[`milestone-${n}-parties`] = `${label} ${n}: choose a deliverer and a payer among the parties.`;
    else if (r.deliverer === r.payer) errors[`milestone-${n}-parties`] = `${label} ${n}: the deliverer and the payer must differ.`;
    const amount = parseAmount(r.amount, unit, `${label} ${n}: the amount`);
    if (!amount.ok) errors[milestoneAmountId(label, i)] = amount.error;
    const due = Date.parse(r.due);
    if (Number.isNaN(due)) errors[`milestone-${n}-due`] = `${label} ${n}: choose a due date.`;
    if (amount.ok && !Number.isNaN(due))
      milestones.push({ deliverer: r.deliverer, payer: r.payer, amount: amount.value, dueDate: BigInt(Math.floor(due / 1000)) });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, milestones };
}

/** The typed total, or the milestones' sum when left empty; or what is wrong with it. */
export function totalValueOf(total: string, milestones: MilestoneInput[], unit: TokenUnit | undefined, what = "The total value"): bigint | string {
  if (total.trim() === "") return milestones.reduce((s, m) => s + m.amount, 0n);
  const parsed = parseAmount(total, unit, what);
  return parsed.ok ? parsed.value : parsed.error;
}
