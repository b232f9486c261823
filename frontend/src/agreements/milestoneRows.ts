import { formatUnits } from "ethers";
import type { Checked, FieldErrors } from "../forms/validation.js";
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

/** AgreementRegistry's limit: it reverts TooManyMilestones beyond it (and InvalidAmount above uint128, which parseAmount refuses). */
export const MAX_MILESTONES = 128;

export const emptyRow = (): MilestoneRow => ({ deliverer: "", payer: "", amount: "", due: "" });

export type MilestoneField = "deliverer" | "payer" | "amount" | "due";

/** The id of row `index`'s (0-based) control in the table labelled `label`: its errors are keyed by it. */
export function milestoneFieldId(label: string, index: number, field: MilestoneField): string {
  return `${label.toLowerCase().replace(/\s+/g, "-")}-${index + 1}-${field}`;
}

/** An amount in the token's smallest units as a form shows it for editing: 50000 -> "500". */
export function amountInput(base: string | bigint, unit: TokenUnit | undefined): string {
  if (!unit) return String(base);
  return formatUnits(BigInt(base), unit.decimals).replace(/\.0$/, "");
}

/** A date input's value (yyyy-mm-dd, read as UTC midnight) for a time in seconds. */
export function dateInput(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

interface MilestoneRules {
  isParty: (address: string) => boolean;
  unit: TokenUnit | undefined;
  /** The chain's clock, in seconds: a due date must lie after it. */
  now: number;
  /** Starts each message and id ("Milestone 1: …"). */
  label: string;
}

/**
 * The rows as the contract takes them, or every problem at once, keyed by the id of the control
 * to fix. Refuses what AgreementRegistry refuses (no party, the same party on both ends, an
 * amount of 0 or above uint128) and a due date already past on the chain's clock.
 */
export function parseMilestones(rows: MilestoneRow[], { isParty, unit, now, label }: MilestoneRules): Checked<MilestoneInput[]> {
  const milestones: MilestoneInput[] = [];
  const errors: FieldErrors = {};
  for (const [i, r] of rows.entries()) {
    const n = `${label} ${i + 1}`;
    const id = (field: MilestoneField) => milestoneFieldId(label, i, field);
    if (!isParty(r.deliverer)) errors[id("deliverer")] = `${n}: choose the deliverer among the parties.`;
    if (!isParty(r.payer)) errors[id("payer")] = `${n}: choose the payer among the parties.`;
    else if (r.deliverer === r.payer) errors[id("payer")] = `${n}: the deliverer and the payer must differ.`;
    const amount = parseAmount(r.amount, unit, `${n}: the amount`);
    if (!amount.ok) errors[id("amount")] = amount.error;
    const due = Date.parse(r.due);
    const dueSeconds = Math.floor(due / 1000);
    if (Number.isNaN(due)) errors[id("due")] = `${n}: choose a due date.`;
    else if (dueSeconds <= now) errors[id("due")] = `${n}: the due date ${r.due} has passed on the chain's clock (${dateInput(now)}); choose a later day.`;
    if (Object.keys(errors).length === 0 && amount.ok)
      milestones.push({ deliverer: r.deliverer, payer: r.payer, amount: amount.value, dueDate: BigInt(dueSeconds) });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: milestones };
}

/** What the rows pay in all, once every amount is valid (whatever else is wrong with them). */
export function milestonesSum(rows: MilestoneRow[], unit: TokenUnit | undefined): bigint | undefined {
  let sum = 0n;
  for (const r of rows) {
    const amount = parseAmount(r.amount, unit);
    if (!amount.ok) return undefined;
    sum += amount.value;
  }
  return sum;
}

/**
 * The typed total, or the milestones' sum when left empty; or what is wrong with it. A total
 * below what the milestones pay would promise less than the parties owe each other.
 */
export function totalValueOf(total: string, sum: bigint | undefined, unit: TokenUnit | undefined, what: string): { value?: bigint; error?: string } {
  if (total.trim() === "") return { value: sum };
  const parsed = parseAmount(total, unit, what);
  if (!parsed.ok) return { error: parsed.error };
  if (sum !== undefined && parsed.value < sum) {
    const shown = `${amountInput(sum, unit)}${unit ? ` ${unit.symbol}` : ""}`;
    return { error: `${what} is below the milestones' sum of ${shown}; raise it or leave it empty.` };
  }
  return { value: parsed.value };
}
