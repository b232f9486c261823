import type { Highs } from "highs";
import type { Obligation } from "./types.js";
import type { UnwindMember, UnwindObligation } from "./unwind.js";

/**
 * An independent reference for the solver: the set-off as a plain linear program, solved by
 * HiGHS (WebAssembly). Used by the tests and the benchmark only; `highs` is a development
 * dependency, loaded on first use so that the backend never needs it.
 *
 * Doubles carry HiGHS's arithmetic, so keep totals below 2^53 (and amounts modest, so its
 * tolerances cannot blur a unit) when comparing.
 */
export function setOffLp(obligations: readonly Obligation[]): string {
  const rows = new Map<string, string[]>();
  const term = (member: string, t: string): void => {
    const key = member.toLowerCase();
    const list = rows.get(key);
    if (list === undefined) rows.set(key, [t]);
    else list.push(t);
  };
  obligations.forEach((o, k) => {
    term(o.debtor, `+ x${k}`);
    term(o.creditor, `- x${k}`);
  });
  const objective = obligations.map((_, k) => `+ x${k}`);
  let r = 0;
  return [
    "Maximize",
    " setoff:",
    wrap(objective),
    "Subject To",
    ...[...rows.values()].map((terms) => ` m${r++}:\n${wrap(terms)}\n  = 0`),
    "Bounds",
    ...obligations.map((o, k) => ` 0 <= x${k} <= ${o.amount}`),
    "End",
    "",
  ].join("\n");
}

/** Short lines: the LP format lets a row continue on the next line. */
function wrap(terms: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 16) lines.push(`  ${terms.slice(i, i + 16).join(" ")}`);
  return lines.join("\n");
}

/**
 * The least unwind as a linear program: minimise what rolls, x_k <= outstanding, and for every
 * member own + rolled as debtor - rolled as creditor >= 0.
 */
export function unwindLp(obligations: readonly UnwindObligation[], members: readonly UnwindMember[]): string {
  const rows = new Map<string, string[]>(members.map((m) => [m.member, []]));
  obligations.forEach((o, k) => {
    for (const [who, t] of [
      [o.debtor, `+ x${k}`],
      [o.creditor, `- x${k}`],
    ] as const) {
      if (!rows.has(who)) rows.set(who, []);
      rows.get(who)!.push(t);
    }
  });
  const own = new Map(members.map((m) => [m.member, m.own]));
  let r = 0;
  return [
    "Minimize",
    " rolled:",
    wrap(obligations.map((_, k) => `+ x${k}`)),
    "Subject To",
    ...[...rows.entries()].filter(([, terms]) => terms.length > 0).map(([who, terms]) => ` m${r++}:\n${wrap(terms)}\n  >= ${-(own.get(who) ?? 0n)}`),
    "Bounds",
    ...obligations.map((o, k) => ` 0 <= x${k} <= ${o.outstanding}`),
    "End",
    "",
  ].join("\n");
}

export interface ReferenceSolution {
  total: number;
  status: string;
}

let loaded: Promise<Highs> | undefined;

/**
 * The `highs` package declares CommonJS types, but Node's ESM resolution loads its
 * `highs.mjs` build, whose default export is the loader itself; this states that shape.
 */
async function loadHighs(): Promise<Highs> {
  const module = (await import("highs")) as unknown as { default: () => Promise<Highs> };
  return module.default();
}

/** The maximum set-off according to HiGHS, rounded to the nearest unit. */
export async function referenceSetOff(obligations: readonly Obligation[]): Promise<ReferenceSolution> {
  if (obligations.length === 0) return { total: 0, status: "Optimal" };
  return solveLp(setOffLp(obligations));
}

/** The least amount an unwind must roll according to HiGHS, rounded to the nearest unit. */
export async function referenceUnwind(obligations: readonly UnwindObligation[], members: readonly UnwindMember[]): Promise<ReferenceSolution> {
  if (obligations.length === 0) return { total: 0, status: "Optimal" };
  return solveLp(unwindLp(obligations, members));
}

async function solveLp(lp: string): Promise<ReferenceSolution> {
  loaded ??= loadHighs();
  const highs = await loaded;
  const result = highs.solve(lp, { output_flag: false });
  if (result.Status !== "Optimal") throw new Error(`HiGHS ended with status ${result.Status}`);
  return { total: Math.round(result.ObjectiveValue), status: result.Status };
}
