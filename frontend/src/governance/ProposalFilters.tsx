import type { ProposalKindName } from "../api/types.js";
import { KIND_LABEL } from "./labels.js";
import { PHASE_LABEL, type VotePhase } from "./votePhase.js";

/** The list's filters as the URL keeps them (?state=open&kind=admission): a filtered list is a link too. */
export interface ProposalFilter {
  phase: VotePhase | "all";
  kind: ProposalKindName | "all";
}

const PHASES = Object.keys(PHASE_LABEL) as VotePhase[];
/** Offered even when empty; the rarer phases (counting, expired, canceled, vetoed) only when some proposal is in them. */
const ALWAYS: VotePhase[] = ["open", "upcoming", "passed", "executed", "defeated"];
const KINDS = Object.keys(KIND_LABEL) as ProposalKindName[];

export function filterFromSearch(search: URLSearchParams): ProposalFilter {
  const phase = search.get("state");
  const kind = search.get("kind");
  return {
    phase: PHASES.includes(phase as VotePhase) ? (phase as VotePhase) : "all",
    kind: KINDS.includes(kind as ProposalKindName) ? (kind as ProposalKindName) : "all",
  };
}

const count = <T extends string>(values: T[], value: T) => values.filter((v) => v === value).length;

/** State and kind selects, each option with how many proposals it would show beside the other filter. */
export function ProposalFilters({
  filter,
  phases,
  kinds,
  onChange,
}: {
  filter: ProposalFilter;
  phases: VotePhase[];
  kinds: ProposalKindName[];
  onChange: (next: ProposalFilter) => void;
}) {
  return (
    <div className="proposal-filters" role="group" aria-label="Filter proposals">
      <div className="field">
        <label htmlFor="proposal-filter-state">State</label>
        <select id="proposal-filter-state" value={filter.phase} onChange={(e) => onChange({ ...filter, phase: e.target.value as ProposalFilter["phase"] })}>
          <option value="all">All states ({phases.length})</option>
          {PHASES.filter((p) => ALWAYS.includes(p) || p === filter.phase || count(phases, p) > 0).map((p) => (
            <option key={p} value={p}>
              {PHASE_LABEL[p]} ({count(phases, p)})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="proposal-filter-kind">Kind</label>
        <select id="proposal-filter-kind" value={filter.kind} onChange={(e) => onChange({ ...filter, kind: e.target.value as ProposalFilter["kind"] })}>
          <option value="all">All kinds ({kinds.length})</option>
          {KINDS.filter((k) => k === filter.kind || count(kinds, k) > 0).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]} ({count(kinds, k)})
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
