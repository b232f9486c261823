import { useMemo } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle, Member, SetOffSolution } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Amount } from "../ui/amount.js";
import { formatPercent } from "../ui/format.js";
import { TableScroll } from "../ui/TableScroll.js";
import { flowsOf, totalsOf, type Flow, type FlowTotals } from "./flows.js";
import { ObligationsGraph } from "./ObligationsGraph.js";

/** The numbered arrows of the graphs: pair, obligations, owed, cancelled, remaining, with totals. */
function FlowTable({ flows, totals, label }: { flows: readonly Flow[]; totals: FlowTotals; label: string }) {
  const known = totals.cancelled !== null;
  return (
    <TableScroll label={label}>
      <table className="table" data-testid="flow-table">
        <thead>
          <tr>
            <th className="num">Arrow</th>
            <th>Debtor</th>
            <th>Creditor</th>
            <th className="num">Obligations</th>
            <th className="num">Owed</th>
            {known && <th className="num">Cancelled</th>}
            {known && <th className="num">Remaining</th>}
          </tr>
        </thead>
        <tbody>
          {flows.map((f) => (
            <tr key={f.n} data-flow={f.n} data-owed={f.owed.toString()} data-cancelled={f.cancelled?.toString() ?? ""}>
              <td className="num">{f.n}</td>
              <td className="clearing-member">
                <Address value={f.debtor} />
              </td>
              <td className="clearing-member">
                <Address value={f.creditor} />
              </td>
              <td className="num">{f.obligations}</td>
              <td className="num">
                <Amount value={f.owed} />
              </td>
              {known && (
                <td className="num">
                  <Amount value={f.cancelled} />
                </td>
              )}
              {known && (
                <td className="num">
                  <Amount value={f.owed - (f.cancelled ?? 0n)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="flow-totals">
            <th scope="row" colSpan={4}>
              Total
            </th>
            <td className="num">
              <Amount value={totals.gross} />
            </td>
            {known && (
              <td className="num">
                <Amount value={totals.cancelled} />
              </td>
            )}
            {known && (
              <td className="num">
                <Amount value={totals.remaining} />
              </td>
            )}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

/**
 * A cycle's obligations before the set-off and, once it is known (applied, or the optimum while
 * the cycle takes proposals), what the set-off cancels and what remains: two graphs side by side
 * with one table of their numbered arrows, and the totals.
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
  if (detail.error && !detail.data) return <LoadError error={detail.error} retry={detail.reload} membersOnly="the cycle's obligations" />;
  if (!detail.data) return <Loading what="the cycle's obligations" />;
  if (flows.length === 0) return <p className="empty">No obligation in this cycle yet.</p>;
  const totals = totalsOf(flows);
  const what = applied ? "the set-off" : "the optimal set-off (not applied yet)";
  return (
    <section className="cycle-obligations" data-testid="cycle-obligations" data-cycle={cycle.cycle} aria-label={`Obligations of cycle ${cycle.cycle}`}>
      <div className="graph-pair">
        <ObligationsGraph flows={flows} members={members} show="owed" title="Owed before the set-off" testId="graph-before" />
        {totals.cancelled !== null && (
          <ObligationsGraph flows={flows} members={members} show="remaining" title={`What remains after ${what}`} testId="graph-after" />
        )}
      </div>
      <FlowTable flows={flows} totals={totals} label={`Arrows of cycle ${cycle.cycle}`} />
      {totals.cancelled !== null && (
        <p data-testid="set-off-totals">
          Gross <Amount value={totals.gross} />, {applied ? "cancelled" : "the optimum cancels"} <Amount value={totals.cancelled} />, remaining{" "}
          <Amount value={totals.remaining} />: obligations reduced by <span className="nowrap">{formatPercent(totals.reducedPercent ?? 0)}</span>.
        </p>
      )}
    </section>
  );
}
