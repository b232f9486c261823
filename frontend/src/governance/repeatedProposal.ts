import type { ProposalSummary } from "../api/types.js";

// A proposal's id hashes its call and its description (OpenZeppelin's Governor), and the
// governor opens an id once (GovernorUnexpectedProposalState): the same decision proposed again
// with the same description is refused, whatever became of the first.

/** What a proposal does, in the API's shape. */
export type Payload = NonNullable<ProposalSummary["payload"]>;

/** Whether an earlier proposal made the same call with the same description: its id would be this one's. */
export function repeats(proposals: readonly ProposalSummary[] | undefined, kind: ProposalSummary["kind"], description: string, payload: Payload): boolean {
  const key = canonical(payload);
  return (proposals ?? []).some((p) => p.kind === kind && p.description === description && canonical(pick(p.payload ?? {}, payload)) === key);
}

/** `from`'s values under the keys `like` has (the API's payload carries more). */
function pick(from: Payload, like: Payload): Payload {
  return Object.fromEntries(Object.keys(like).map((k) => [k, from[k as keyof Payload] ?? null]));
}

/** Whether two values are equal as the chain compares them (addresses in any case). */
export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** A value's JSON with sorted keys and addresses in lower case, for comparing what the chain would compare. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) return v.toLowerCase();
    if (v && typeof v === "object" && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    return v;
  });
}
