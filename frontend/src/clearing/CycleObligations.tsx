import { useMemo } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle, ClearingCycleDetail, ClearingFlow, Member } from "../api/types.js";
import type { FlowSort } from "../../../core/api/schemas/clearing.js";
import { Address } from "../ui/Address.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Amount } from "../ui/amount.js";
import { formatPercent } from "../ui/format.js";
import { ListTable } from "../ui/listView.js";
import { useServerListView } from "../ui/serverListView.js";
import { memberNames } from "../members/memberName.js";
import { flowOf } from "./flows.js";
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
 * over every arrow. A large cycle has tens of thousands: the API searches, sorts and pages them.
 */
function FlowTable({ clusterId, cycle, totals, reloadKey }: { clusterId: number; cycle: number; totals: ClearingCycleDetail["flows"]; reloadKey: string }) {
  const known = totals.cancelled !== null;
  const view = useServerListView<ClearingFlow, FlowSort>((query) => api.clearingFlows(clusterId, cycle, query), {
    initialSort: { key: "arrow", direction: "asc" },
    total: totals.arrows,
    reloadKey,
  });
  if (view.loaded.error && !view.loaded.data) return <LoadError error={view.loaded.error} retry={view.loaded.reload} membersOnly="the cycle's arrows" />;
  if (!view.loaded.data) return <Loading what="the cycle's arrows" />;
  return (
    <ListTable
      view={view}
      label={`Arrows of cycle ${cycle}`}
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
          <AmountCells owed={BigInt(totals.gross)} cancelled={totals.cancelled === null ? null : BigInt(totals.cancelled)} known={known} />
        </tr>
      }
    >
      {view.rows.map(flowOf).map((f) => (
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
  reloadKey,
}: {
  clusterId: number;
  cycle: Pick<ClearingCycle, "cycle" | "phase" | "obligations">;
  members: readonly Member[];
  /** Changes whenever the cycle may have changed. */
  reloadKey: string;
}) {
  const key = `${clusterId}-${cycle.cycle}-${cycle.phase}-${cycle.obligations}-${reloadKey}`;
  const detail = useApi(() => api.clearingCycle(clusterId, cycle.cycle), `clearing-cycle-${key}`);
  const drawn = useMemo(() => detail.data?.largest.map(flowOf) ?? [], [detail.data]);
  const name = useMemo(() => memberNames(members), [members]);
  if (detail.error && !detail.data) return <LoadError error={detail.error} retry={detail.reload} membersOnly="the cycle's obligations" />;
  if (!detail.data) return <Loading what="the cycle's obligations" />;
  const totals = detail.data.flows;
  if (totals.arrows === 0) return <p className="empty">No obligation in this cycle yet.</p>;
  const what = totals.basis === "applied" ? "the set-off" : "the optimal set-off (not applied yet)";
  return (
    <section className="cycle-obligations" data-testid="cycle-obligations" data-cycle={cycle.cycle} aria-label={`Obligations of cycle ${cycle.cycle}`}>
      <div className="graph-pair">
        <ObligationsGraph flows={drawn} name={name} show="owed" title="Owed before the set-off" testId="graph-before" />
        {totals.cancelled !== null && <ObligationsGraph flows={drawn} name={name} show="remaining" title={`What remains after ${what}`} testId="graph-after" />}
      </div>
      {drawn.length < totals.arrows && (
        <p className="muted small" data-testid="graph-limited">
          The drawings show the {drawn.length} largest of {totals.arrows.toLocaleString("en-US")} arrows; the table lists every one.
        </p>
      )}
      <FlowTable clusterId={clusterId} cycle={cycle.cycle} totals={totals} reloadKey={key} />
      {totals.cancelled !== null && (
        <p data-testid="set-off-totals">
          Gross <Amount value={BigInt(totals.gross)} />, {totals.basis === "applied" ? "cancelled" : "the optimum cancels"}{" "}
          <Amount value={BigInt(totals.cancelled)} />, remaining <Amount value={BigInt(totals.remaining ?? "0")} />: obligations reduced by{" "}
          <span className="nowrap">{formatPercent(totals.reducedPercent ?? 0)}</span>.
        </p>
      )}
    </section>
  );
}
