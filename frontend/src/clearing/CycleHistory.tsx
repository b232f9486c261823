import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle, ClearingCycleHistory, Member } from "../api/types.js";
import { PositionsTable } from "./PositionsTable.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { Amount } from "../ui/amount.js";
import { formatPercent, formatTime } from "../ui/format.js";
import { TableScroll } from "../ui/TableScroll.js";
import { CycleObligations } from "./CycleObligations.js";

const PAGE = 10;
const detailOf = (cycle: number) => `cycle-${cycle}-in-full`;

function Outcome({ cycle: c }: { cycle: ClearingCycle }) {
  if (c.phase === "defaulted") return <Badge tone="bad">defaulted → {c.rolledInto ?? "?"}</Badge>;
  if (c.unwound) {
    return (
      <Badge tone="warn">
        settled in part · <Amount value={c.unwound.rolled} /> rolled → {c.rolledInto ?? "?"}
      </Badge>
    );
  }
  return <Badge tone="good">settled</Badge>;
}

/**
 * The history of finished cycles, newest first, a page at a time: each row its figures, and on
 * demand the cycle in full (its obligations before and after the set-off, every member's net
 * position, funding and withdrawal).
 */
export function CycleHistory({ clusterId, members, reloadKey }: { clusterId: number; members: readonly Member[]; reloadKey: string }) {
  const key = `clearing-cycles-${clusterId}-${reloadKey}`;
  const first = useApi(() => api.clearingCycles(clusterId, { limit: PAGE }), key);
  // Older pages belong to the first page they were loaded after.
  const [older, setOlder] = useState<{ key: string; pages: ClearingCycleHistory[] }>({ key, pages: [] });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<Error>();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  if (first.error && !first.data) return <LoadError error={first.error} retry={first.reload} membersOnly="the past cycles" />;
  if (!first.data) return <Loading what="the past cycles" />;
  const pages = [first.data, ...(older.key === key ? older.pages : [])];
  const cycles = pages.flatMap((p) => p.cycles);
  const next = pages[pages.length - 1]!.nextCursor;

  const more = () => {
    if (next === null) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    api.clearingCycles(clusterId, { before: next, limit: PAGE }).then(
      (page) => {
        setOlder((o) => ({ key, pages: [...(o.key === key ? o.pages : []), page] }));
        setLoadingOlder(false);
      },
      (cause: unknown) => {
        setOlderError(cause instanceof Error ? cause : new Error(String(cause)));
        setLoadingOlder(false);
      },
    );
  };
  const toggle = (cycle: number) =>
    setOpen((s) => {
      const copy = new Set(s);
      if (!copy.delete(cycle)) copy.add(cycle);
      return copy;
    });

  if (cycles.length === 0) return <p className="empty">No cycle has finished yet.</p>;
  return (
    <>
      <TableScroll label="Past cycles">
        <table className="table">
          <thead>
            <tr>
              <th>Details</th>
              <th>Cycle</th>
              <th>Outcome</th>
              <th className="num">Gross</th>
              <th className="num">Set off</th>
              <th className="num">Liquidity needed</th>
              <th className="num">Saving</th>
              <th className="num">Payments</th>
              <th>Finished</th>
            </tr>
          </thead>
          <tbody>
            {cycles.map((c) => {
              const expanded = open.has(c.cycle);
              const detailId = detailOf(c.cycle);
              return (
                <tr key={c.cycle} data-cycle={c.cycle} data-phase={c.phase}>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      aria-label={`${expanded ? "Hide" : "Show"} cycle ${c.cycle} in full`}
                      onClick={() => toggle(c.cycle)}
                    >
                      {expanded ? "Hide" : "Show"}
                    </button>
                  </td>
                  <td>{c.cycle}</td>
                  <td>
                    <Outcome cycle={c} />
                  </td>
                  <td className="num">
                    <Amount value={c.report?.gross} />
                  </td>
                  <td className="num">{c.standingProposal?.lapsed ? <Badge tone="bad">lapsed</Badge> : <Amount value={c.report?.cancelled} />}</td>
                  <td className="num">
                    <Amount value={c.report?.liquidityNeeded} />
                  </td>
                  <td className="num nowrap" data-saving>
                    {c.report ? formatPercent(c.report.liquiditySavingPercent) : "—"}
                  </td>
                  <td className="num">{c.report?.payments ?? "—"}</td>
                  <td className="muted">{c.finishedAt ? formatTime(c.finishedAt) : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {cycles
        .filter((c) => open.has(c.cycle))
        .map((c) => (
          <section key={c.cycle} id={detailOf(c.cycle)} className="cycle-in-full" data-cycle-detail={c.cycle} aria-label={`Cycle ${c.cycle} in full`}>
            <h3>Cycle {c.cycle} in full</h3>
            <p className="muted">
              Closed {c.closedAt ? formatTime(c.closedAt) : "—"}, {c.phase === "defaulted" ? "defaulted" : "settled"}{" "}
              {c.finishedAt ? formatTime(c.finishedAt) : "—"}; funded <Amount value={c.funded} /> in all.
            </p>
            <h4>Net positions, funding and withdrawals</h4>
            <PositionsTable cycle={c} />
            <h4>Obligations and what the set-off cancelled</h4>
            <CycleObligations clusterId={clusterId} cycle={c} members={members} reloadKey="" />
          </section>
        ))}
      {olderError && <LoadError error={olderError} retry={more} membersOnly="the past cycles" />}
      {next !== null && (
        <div className="actions">
          <button type="button" className="button" disabled={loadingOlder} onClick={more}>
            {loadingOlder ? "Loading older cycles…" : "Show older cycles"}
          </button>
        </div>
      )}
    </>
  );
}
