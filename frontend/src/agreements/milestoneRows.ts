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

/** The rows as the contract takes them, or what is wrong with the first bad one. */
export function parseMilestones(rows: MilestoneRow[], isParty: (address: string) => boolean): MilestoneInput[] | string {
  const milestones: MilestoneInput[] = [];
  for (const [i, r] of rows.entries()) {
    if (!isParty(r.deliverer) || !isParty(r.payer)) return `Milestone ${i + 1}: choose a deliverer and a payer among the parties.`;
    if (r.deliverer === r.payer) return `Milestone ${i + 1}: the deliverer and the payer must differ.`;
    if (!/^[0-9]+$/.test(r.amount) || BigInt(r.amount) === 0n) return `Milestone ${i + 1}: the amount is a whole number of token units above 0.`;
    const due = Date.parse(r.due);
    if (Number.isNaN(due)) return `Milestone ${i + 1}: choose a due date.`;
    milestones.push({ deliverer: r.deliverer, payer: r.payer, amount: BigInt(r.amount), dueDate: BigInt(Math.floor(due / 1000)) });
  }
  return milestones;
}

/** The typed total, or the milestones' sum when left empty; undefined when it is not a whole number. */
export function totalValueOf(total: string, milestones: MilestoneInput[]): bigint | undefined {
  if (total.trim() === "") return milestones.reduce((s, m) => s + m.amount, 0n);
  return /^[0-9]+$/.test(total.trim()) ? BigInt(total.trim()) : undefined;
}
