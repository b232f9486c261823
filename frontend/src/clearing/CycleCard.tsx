import { useEffect, useRef } from "react";
import { api, ApiError } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle, ClusterDetail, Member } from "../api/types.js";
import { clearingHouseAt, settlementTokenAt } from "../chain/contracts.js";
import type { Transaction } from "../chain/useTransaction.js";
import { Address } from "../ui/Address.js";
import { LoadError } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { Amount, Deadline, useFormatAmount } from "../ui/amount.js";
import { formatPercent, formatTime } from "../ui/format.js";
import { ApplySetOff } from "./ApplySetOff.js";
import { CycleObligations } from "./CycleObligations.js";
import { CHART_POSITIONS, NetPositionsChart } from "./NetPositionsChart.js";
import { PositionsTable } from "./PositionsTable.js";

/**
 * The closed cycle being cleared: standing proposal, the optimum (to submit from the wallet when
 * it beats the standing one), applying the standing proposal, net positions, funding and withdrawal.
 */
export function CycleCard({
  cluster,
  cycle,
  account,
  members,
  tx,
  now,
  onChanged,
}: {
  cluster: ClusterDetail;
  cycle: ClearingCycle;
  account: string | undefined;
  members: Member[];
  tx: Transaction;
  /** The chain's clock, in ms: the contract's deadlines are measured on it. */
  now: number;
  onChanged: () => void;
}) {
  const clearing = cluster.components.Clearing;
  const amountText = useFormatAmount();
  const key = `${cluster.id}-${cycle.cycle}-${cycle.phase}-${cycle.standingProposal?.total ?? ""}`;
  // Each is asked only in the phase it belongs to (the API answers 409 otherwise).
  const solution = useApi(() => (cycle.phase === "proposing" ? api.solution(cluster.id, cycle.cycle) : Promise.resolve(undefined)), `solution-${key}`);
  const unwind = useApi(() => (cycle.phase === "unwinding" ? api.unwind(cluster.id, cycle.cycle) : Promise.resolve(undefined)), `unwind-${key}`);
  // A 409 means this card shows a phase the cycle has left (the index moved on since the overview
  // was read): read the overview again rather than show the refusal.
  const stale = [solution.error, unwind.error].some((e) => e instanceof ApiError && e.status === 409);
  const reloadOverview = useRef(onChanged);
  reloadOverview.current = onChanged;
  useEffect(() => {
    if (stale) reloadOverview.current();
  }, [stale]);
  const mine = account ? cycle.positions.find((p) => p.member === account) : undefined;
  const net = mine ? BigInt(mine.net) : 0n;
  const positions = cycle.positions.length > 0 ? cycle.positions : (solution.data?.netPositions ?? []);
  const lines = (solution.data?.cancellations ?? []).map((c) => ({ obligationId: c.obligationId, amount: BigInt(c.amount) }));
  const standing = cycle.standingProposal;
  const windowOpen = standing ? Date.parse(standing.windowEnd) > now : true;
  // Not one chunk applied by the apply deadline: anyone may let the proposal lapse, and funding opens without it.
  const lapsible = standing !== null && !standing.lapsed && cycle.phase === "proposing" && Date.parse(standing.applyDeadline) <= now;
  const unwinding = cycle.phase === "unwinding";
  // A full default is the last resort: no unwind proposed in time, or the standing one not applied by its deadline
  // (the contract refuses it once a chunk is applied).
  const fullDefaultDue =
    unwinding && (standing ? Date.parse(standing.applyDeadline) <= now : cycle.unwindProposeBy !== null && Date.parse(cycle.unwindProposeBy) <= now);
  const payout = mine?.payout ? BigInt(mine.payout) : 0n;
  // Anyone may put a default on record: a net debtor of a cycle past its funding that funded nothing.
  const unrecorded = ["unwinding", "settled", "defaulted"].includes(cycle.phase)
    ? cycle.positions.filter((p) => BigInt(p.net) < 0n && BigInt(p.funded) === 0n && !p.defaulted)
    : [];
  const shortBy = cycle.report ? BigInt(cycle.report.liquidityNeeded) - BigInt(cycle.funded) : 0n;

  /** One `propose` of an unwind carries at most MAX_UNWIND_LINES lines; a larger one goes in chunks (the clearing operator does that). */
  const submitUnwind = () =>
    void tx.run(
      "Submit the least unwind",
      async (s) => {
        const house = clearingHouseAt(clearing!, s);
        const lines = (unwind.data?.lines ?? []).map((l) => ({ obligationId: l.obligationId, amount: BigInt(l.amount) }));
        const max = await house.MAX_UNWIND_LINES();
        if (BigInt(lines.length) > max) {
          throw new Error(
            `The least unwind has ${lines.length} lines, more than the ${max} one transaction may carry: the clearing operator submits it in chunks`,
          );
        }
        return house.propose(cycle.cycle, lines);
      },
      onChanged,
    );

  /** One `propose` carries at most MAX_CHUNK_LINES lines; a larger optimum goes in chunks (the clearing operator does that). */
  const submitOptimum = () =>
    void tx.run(
      "Submit set-off proposal",
      async (s) => {
        const house = clearingHouseAt(clearing!, s);
        const max = await house.MAX_CHUNK_LINES();
        if (BigInt(lines.length) > max) {
          throw new Error(
            `The optimal set-off has ${lines.length} lines, more than the ${max} one transaction may carry: the clearing operator submits it in chunks`,
          );
        }
        return house.propose(cycle.cycle, lines);
      },
      onChanged,
    );

  return (
    <div className="card" data-testid="clearing-cycle" data-cycle={cycle.cycle} data-phase={cycle.phase}>
      <div className="card-head">
        <h2>
          Cycle {cycle.cycle}{" "}
          <Badge tone={cycle.phase === "settled" ? "good" : cycle.phase === "defaulted" ? "bad" : unwinding ? "warn" : "info"}>{cycle.phase}</Badge>
        </h2>
      </div>
      <dl className="facts">
        <div className="fact">
          <dt>Cutoff</dt>
          <dd>{formatTime(cycle.cutoff)}</dd>
        </div>
        <div className="fact">
          <dt>Obligations</dt>
          <dd>{cycle.obligations}</dd>
        </div>
        <div className="fact">
          <dt>{standing?.unwind || unwinding ? "Standing unwind" : "Standing set-off proposal"}</dt>
          <dd data-testid="standing-total">
            {standing ? (
              <>
                <Amount value={standing.total} />
                {standing.unwind ? " to roll over" : ""} by <Address value={standing.proposer} />, challenge window until{" "}
                <Deadline iso={standing.windowEnd} now={now} />
                {standing.lapsed && (
                  <>
                    {" "}
                    <Badge tone="bad">lapsed unapplied</Badge>
                  </>
                )}
              </>
            ) : (
              "none yet"
            )}
          </dd>
        </div>
        {standing && !standing.lapsed && cycle.phase === "proposing" && (
          <div className="fact">
            <dt>Apply deadline</dt>
            <dd data-testid="apply-deadline">
              <Deadline iso={standing.applyDeadline} now={now} />: if no part of the proposal is applied by then, anyone may let it lapse
            </dd>
          </div>
        )}
        {unwinding && (
          <div className="fact" data-testid="unwinding">
            <dt>Unwinding</dt>
            <dd>
              Funding fell short by <Amount value={shortBy} />: the smallest unwind (what rolls into the next cycle so that the money funded pays everyone else)
              settles the rest.
              {!standing && cycle.unwindProposeBy && (
                <>
                  {" "}
                  Without an unwind proposed by <Deadline iso={cycle.unwindProposeBy} now={now} />, anyone may declare a full default.
                </>
              )}
              {standing && (
                <>
                  {" "}
                  If no part of it is applied by <Deadline iso={standing.applyDeadline} now={now} />, anyone may declare a full default.
                </>
              )}
            </dd>
          </div>
        )}
        {cycle.unwound && (
          <div className="fact" data-testid="unwound">
            <dt>Settled in part</dt>
            <dd>
              <Amount value={cycle.unwound.rolled} /> rolled into cycle {cycle.rolledInto ?? "?"}; the rest settled
            </dd>
          </div>
        )}
        {cycle.appliedSetOff !== null && (
          <div className="fact">
            <dt>Set-off applied</dt>
            <dd>
              <Amount value={cycle.appliedSetOff} />
            </dd>
          </div>
        )}
        {cycle.fundingDeadline && (
          <div className="fact">
            <dt>Funding deadline</dt>
            <dd>
              <Deadline iso={cycle.fundingDeadline} now={now} />
            </dd>
          </div>
        )}
        {cycle.report && (
          <div className="fact">
            <dt>Liquidity</dt>
            <dd>
              gross <Amount value={cycle.report.gross} />, cancelled <Amount value={cycle.report.cancelled} />, needed{" "}
              <Amount value={cycle.report.liquidityNeeded} /> (saving <span className="nowrap">{formatPercent(cycle.report.liquiditySavingPercent)}</span>)
            </dd>
          </div>
        )}
      </dl>
      {cycle.phase === "proposing" && (
        <div className="notice notice-info" data-testid="optimal-proposal">
          {solution.error ? (
            <LoadError error={solution.error} retry={solution.reload} membersOnly="the cycle's set-off" />
          ) : !solution.data ? (
            "Computing the optimal set-off…"
          ) : (
            <>
              <strong>
                Optimal set-off: <Amount value={solution.data.total} />
              </strong>{" "}
              over {solution.data.cancellations.length} obligations
              {solution.data.improves ? " — better than the standing proposal." : " — the standing proposal is already optimal."}
              {solution.data.improves && clearing && (
                <div className="actions">
                  <button type="button" className="button" disabled={tx.busy} onClick={submitOptimum}>
                    Submit optimal proposal
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      )}
      {unwinding && (
        <div className="notice notice-info" data-testid="least-unwind">
          {unwind.error ? (
            <LoadError error={unwind.error} retry={unwind.reload} membersOnly="the cycle's unwind" />
          ) : !unwind.data ? (
            "Computing the least unwind…"
          ) : (
            <>
              <strong>
                Least unwind: <Amount value={unwind.data.total} />
              </strong>{" "}
              rolled over in {unwind.data.lines.length} obligation{unwind.data.lines.length === 1 ? "" : "s"} to cover <Amount value={unwind.data.shortfall} />{" "}
              unfunded
              {unwind.data.improves ? " — smaller than the standing one." : " — the standing unwind is already the least."}
              {unwind.data.improves && clearing && windowOpen && (
                <div className="actions">
                  <button type="button" className="button" disabled={tx.busy} onClick={submitUnwind}>
                    Submit least unwind
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      )}
      <div className="actions">
        {clearing && cycle.standingProposal && (((cycle.phase === "proposing" || unwinding) && !windowOpen) || cycle.phase === "applying") && (
          <ApplySetOff clusterId={cluster.id} clearing={clearing} cycle={cycle} tx={tx} onChanged={onChanged} />
        )}
        {clearing && lapsible && (
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => void tx.run("Let the set-off lapse", (s) => clearingHouseAt(clearing, s).lapseSetOff(cycle.cycle), onChanged)}
          >
            Lapse set-off
          </button>
        )}
        {clearing && cycle.phase === "funding" && net < 0n && mine && BigInt(mine.funded) === 0n && cycle.token && (
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={async () => {
              const approved = await tx.run("Allow the clearing to take your payment", (s) => settlementTokenAt(cycle.token!, s).approve(clearing, -net));
              if (approved) await tx.run(`Fund ${amountText(-net)}`, (s) => clearingHouseAt(clearing, s).fund(cycle.cycle), onChanged);
            }}
          >
            Fund {amountText(-net)}
          </button>
        )}
        {clearing && cycle.phase === "settled" && payout > 0n && mine && BigInt(mine.withdrawn) === 0n && (
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => void tx.run(`Withdraw ${amountText(payout)}`, (s) => clearingHouseAt(clearing, s).withdraw(cycle.cycle), onChanged)}
          >
            Withdraw {amountText(payout)}
          </button>
        )}
        {clearing &&
          unrecorded.map((p) => (
            <button
              key={p.member}
              type="button"
              className="button"
              data-record-default={p.member}
              disabled={tx.busy}
              onClick={() => void tx.run("Record the default", (s) => clearingHouseAt(clearing, s).recordDefault(cycle.cycle, p.member), onChanged)}
            >
              Record default of {members.find((m) => m.address === p.member)?.name ?? p.member}
            </button>
          ))}
        {clearing && fullDefaultDue && (
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => void tx.run("Declare a full default", (s) => clearingHouseAt(clearing, s).declareDefault(cycle.cycle), onChanged)}
          >
            Declare full default
          </button>
        )}
        {clearing && cycle.phase === "defaulted" && mine && BigInt(mine.funded) > 0n && BigInt(mine.refunded) === 0n && (
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => void tx.run("Reclaim your funding", (s) => clearingHouseAt(clearing, s).reclaim(cycle.cycle), onChanged)}
          >
            Reclaim
          </button>
        )}
        {clearing && cycle.phase === "funding" && cycle.fundingDeadline && Date.parse(cycle.fundingDeadline) <= now && (
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => void tx.run("Declare default", (s) => clearingHouseAt(clearing, s).declareDefault(cycle.cycle), onChanged)}
          >
            Declare default
          </button>
        )}
      </div>
      <h3>Obligations and the set-off</h3>
      <CycleObligations clusterId={cluster.id} cycle={cycle} members={members} reloadKey={cycle.appliedSetOff ?? cycle.standingProposal?.total ?? ""} />
      <h3>Net positions</h3>
      <NetPositionsChart positions={positions} members={members} />
      {/* A cycle with more positions than the drawing holds lists them all too (an unwound one always). */}
      {(cycle.unwound || cycle.positions.length > CHART_POSITIONS) && <PositionsTable cycle={cycle} />}
    </div>
  );
}
