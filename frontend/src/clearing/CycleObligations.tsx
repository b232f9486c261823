import { useMemo } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle, Member, SetOffSolution } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Amount } from "../ui/amount.js";
import { formatPercent } from "../ui/format.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { memberNames } from "../members/memberName.js";
import { flowsOf, GRAPH_FLOWS, largestFlows, totalsOf, type Flow, type FlowTotals } from "./flows.js";
import { ObligationsGraph } from "./ObligationsGraph.js";

/** Owed, and once the set-off is known what it cancels and what remains: an arrow's cells, or the totals'. */
function AmountCells({ owed, cancelled, known }: { owed: bigint; cancelled: bigint | null; known: boolean }) {
  return (
    <>
      <td className="num">
        <Amount value={owed} />
      </td>
      {known && (
        <td className="num">
          <Amount value={cancelled} />
        </td>
      )}
      {known && (
        <td className="num">
          <Amount value={owed - (cancelled ?? 0n)} />
        </td>
      )}
    </>
  );
}

/**
 * The numbered arrows of the graphs: pair, obligations, owed, cancelled, remaining, with totals
 * over every arrow. A large cycle has thousands: searchable by member, sortable, paged.
 */
function FlowTable({ flows, totals, label, name }: { flows: readonly Flow[]; totals: FlowTotals; label: string; name: (address: string) => string }) {
  const known = totals.cancelled !== null;
  const remaining = (f: Flow) => f.owed - (f.cancelled ?? 0n);
  const view = useListView(flows, {
    searchText: (f) => [String(f.n), name(f.debtor), f.debtor, name(f.creditor), f.creditor],
    sorts: {
      arrow: byNumber((f: Flow) => f.n),
      debtor: byText((f: Flow) => name(f.debtor)),
      creditor: byText((f: Flow) => name(f.creditor)),
      obligations: byNumber((f: Flow) => f.obligations),
      owed: byNumber((f: Flow) => f.owed),
      cancelled: byNumber((f: Flow) => f.cancelled ?? 0n),
      remaining: byNumber(remaining),
    },
    initialSort: { key: "arrow", direction: "asc" },
  });
  return (
    <ListTable
      view={view}
      label={label}
      noun="arrows"
      one="arrow"
      placeholder="Search by member or arrow number…"
      testId="flow-table"
      columns={[
        { label: "Arrow", sort: "arrow", className: "num" },
        { label: "Debtor", sort: "debtor" },
        { label: "Creditor", sort: "creditor" },
        { label: "Obligations", sort: "obligations", className: "num" },
        { label: "Owed", sort: "owed", className: "num" },
        { label: "Cancelled", sort: "cancelled", className: "num", shown: known },
        { label: "Remaining", sort: "remaining", className: "num", shown: known },
      ]}
      footer={
        <tr data-testid="flow-totals">
          <th scope="row" colSpan={4}>
            Total
          </th>
          <AmountCells owed={totals.gross} cancelled={totals.cancelled} known={known} />
        </tr>
      }
    >
      {view.rows.map((f) => (
        <tr key={f.n} data-flow={f.n} data-owed={f.owed.toString()} data-cancelled={f.cancelled?.toString() ?? ""}>
          <td className="num">{f.n}</td>
          <td className="clearing-member">
            <Address value={f.debtor} />
          </td>
          <td className="clearing-member">
            <Address value={f.creditor} />
          </td>
          <td className="num">{f.obligations}</td>
          <AmountCells owed={f.owed} cancelled={f.cancelled} known={known} />
        </tr>
      ))}
    </ListTable>
  );
}

/**
 * A cycle's obligations before the set-off and, once it is known (applied, or the optimum while
 * the cycle takes proposals), what the set-off cancels and what remains: two graphs side by side
 * (of the largest arrows only, in a cycle of thousands) with one table of every numbered arrow,
 * and the totals.
 */
export function CycleObligations({
  clusterId,
  cycle,
  members,
  solution,
  reloadKey,
}: {
  clusterId: number;
  cycle: Pick<ClearingCycle, "cycle" | "phase" | "obligations">;
  members: readonly Member[];
  /** The optimal set-off of a cycle taking proposals: what it would cancel. */
  solution?: SetOffSolution;
  /** Changes whenever the cycle may have changed. */
  reloadKey: string;
}) {
  const detail = useApi(
    () => api.clearingCycle(clusterId, cycle.cycle),
    `clearing-cycle-${clusterId}-${cycle.cycle}-${cycle.phase}-${cycle.obligations}-${reloadKey}`,
  );
  const proposed = useMemo(() => (solution ? new Map(solution.cancellations.map((c) => [c.obligationId, BigInt(c.amount)])) : undefined), [solution]);
  const obligations = detail.data?.obligations;
  const applied = obligations?.every((o) => o.cancelled !== null) ?? false;
  const flows = useMemo(() => (obligations ? flowsOf(obligations, applied ? undefined : proposed) : []), [obligations, applied, proposed]);
  const drawn = useMemo(() => largestFlows(flows, GRAPH_FLOWS), [flows]);
  const name = useMemo(() => memberNames(members), [members]);
  if (detail.error && !detail.data) return <LoadError error={detail.error} retry={detail.reload} membersOnly="the cycle's obligations" />;
  if (!detail.data) return <Loading what="the cycle's obligations" />;
  if (flows.length === 0) return <p className="empty">No obligation in this cycle yet.</p>;
  const totals = totalsOf(flows);
  const what = applied ? "the set-off" : "the optimal set-off (not applied yet)";
  return (
    <section className="cycle-obligations" data-testid="cycle-obligations" data-cycle={cycle.cycle} aria-label={`Obligations of cycle ${cycle.cycle}`}>
      <div className="graph-pair">
        <ObligationsGraph flows={drawn} name={name} show="owed" title="Owed before the set-off" testId="graph-before" />
        {totals.cancelled !== null && <ObligationsGraph flows={drawn} name={name} show="remaining" title={`What remains after ${what}`} testId="graph-after" />}
      </div>
      {drawn.length < flows.length && (
        <p className="muted small" data-testid="graph-limited">
          The drawings show the {drawn.length} largest of {flows.length.toLocaleString("en-US")} arrows; the table lists every one.
        </p>
      )}
      <FlowTable flows={flows} totals={totals} label={`Arrows of cycle ${cycle.cycle}`} name={name} />
      {totals.cancelled !== null && (
        <p data-testid="set-off-totals">
          Gross <Amount value={totals.gross} />, {applied ? "cancelled" : "the optimum cancels"} <Amount value={totals.cancelled} />, remaining{" "}
          <Amount value={totals.remaining} />: obligations reduced by <span className="nowrap">{formatPercent(totals.reducedPercent ?? 0)}</span>.
        </p>
      )}
    </section>
  );
}
