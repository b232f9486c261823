import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle, ClusterDetail, Member } from "../api/types.js";
import { clearingHouseAt, settlementTokenAt } from "../chain/contracts.js";
import type { Transaction } from "../chain/useTransaction.js";
import { Address } from "../ui/Address.js";
import { LoadError } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { ApplySetOff } from "./ApplySetOff.js";
import { NetPositionsChart } from "./NetPositionsChart.js";

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
  const solution = useApi(() => api.solution(cluster.id, cycle.cycle), `solution-${cluster.id}-${cycle.cycle}-${cycle.phase}-${cycle.standingProposal?.total ?? ""}`);
  const mine = account ? cycle.positions.find((p) => p.member === account) : undefined;
  const net = mine ? BigInt(mine.net) : 0n;
  const positions = cycle.positions.length > 0 ? cycle.positions : (solution.data?.netPositions ?? []);
  const lines = (solution.data?.cancellations ?? []).map((c) => ({ obligationId: c.obligationId, amount: BigInt(c.amount) }));
  const standing = cycle.standingProposal;
  const windowOpen = standing ? Date.parse(standing.windowEnd) > now : true;
  // Not one chunk applied by the apply deadline: anyone may let the proposal lapse, and funding opens without it.
  const lapsible = standing !== null && !standing.lapsed && cycle.phase === "proposing" && Date.parse(standing.applyDeadline) <= now;

  /** One `propose` carries at most MAX_CHUNK_LINES lines; a larger optimum goes in chunks (the clearing operator does that). */
  const submitOptimum = () =>
    void tx.run(
      "Submit set-off proposal",
      async (s) => {
        const house = clearingHouseAt(clearing!, s);
        const max = await house.MAX_CHUNK_LINES();
        if (BigInt(lines.length) > max) {
          throw new Error(`The optimal set-off has ${lines.length} lines, more than the ${max} one transaction may carry: the clearing operator submits it in chunks`);
        }
        return house.propose(cycle.cycle, lines);
      },
      onChanged,
    );

  return (
    <div className="card" data-testid="clearing-cycle" data-cycle={cycle.cycle} data-phase={cycle.phase}>
      <div className="card-head">
        <h2>
          Cycle {cycle.cycle} <Badge tone={cycle.phase === "settled" ? "good" : cycle.phase === "defaulted" ? "bad" : "info"}>{cycle.phase}</Badge>
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
          <dt>Standing set-off proposal</dt>
          <dd data-testid="standing-total">
            {standing ? (
              <>
                {standing.total} by <Address value={standing.proposer} />, challenge window until {formatTime(standing.windowEnd)}
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
            <dd data-testid="apply-deadline">{formatTime(standing.applyDeadline)}: if no part of the proposal is applied by then, anyone may let it lapse</dd>
          </div>
        )}
        {cycle.appliedSetOff !== null && (
          <div className="fact">
            <dt>Set-off applied</dt>
            <dd>{cycle.appliedSetOff}</dd>
          </div>
        )}
        {cycle.fundingDeadline && (
          <div className="fact">
            <dt>Funding deadline</dt>
            <dd>{formatTime(cycle.fundingDeadline)}</dd>
          </div>
        )}
        {cycle.report && (
          <div className="fact">
            <dt>Liquidity</dt>
            <dd>
              gross {cycle.report.gross}, cancelled {cycle.report.cancelled}, needed {cycle.report.liquidityNeeded} (saving {cycle.report.liquiditySavingPercent} %)
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
              <strong>Optimal set-off: {solution.data.total}</strong> over {solution.data.cancellations.length} obligations
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
      <div className="actions">
        {clearing && cycle.standingProposal && ((cycle.phase === "proposing" && !windowOpen) || cycle.phase === "applying") && (
          <ApplySetOff clusterId={cluster.id} clearing={clearing} cycle={cycle} tx={tx} onChanged={onChanged} />
        )}
        {clearing && lapsible && (
          <button type="button" className="button" disabled={tx.busy} onClick={() => void tx.run("Let the set-off lapse", (s) => clearingHouseAt(clearing, s).lapseSetOff(cycle.cycle), onChanged)}>
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
              if (approved) await tx.run(`Fund ${-net}`, (s) => clearingHouseAt(clearing, s).fund(cycle.cycle), onChanged);
            }}
          >
            Fund {(-net).toString()}
          </button>
        )}
        {clearing && cycle.phase === "settled" && net > 0n && mine && BigInt(mine.withdrawn) === 0n && (
          <button type="button" className="button" disabled={tx.busy} onClick={() => void tx.run(`Withdraw ${net}`, (s) => clearingHouseAt(clearing, s).withdraw(cycle.cycle), onChanged)}>
            Withdraw {net.toString()}
          </button>
        )}
        {clearing && cycle.phase === "defaulted" && mine && BigInt(mine.funded) > 0n && BigInt(mine.refunded) === 0n && (
          <button type="button" className="button" disabled={tx.busy} onClick={() => void tx.run("Reclaim your funding", (s) => clearingHouseAt(clearing, s).reclaim(cycle.cycle), onChanged)}>
            Reclaim
          </button>
        )}
        {clearing && cycle.phase === "funding" && cycle.fundingDeadline && Date.parse(cycle.fundingDeadline) <= now && (
          <button type="button" className="button" disabled={tx.busy} onClick={() => void tx.run("Declare default", (s) => clearingHouseAt(clearing, s).declareDefault(cycle.cycle), onChanged)}>
            Declare default
          </button>
        )}
      </div>
      <h3>Net positions</h3>
      <NetPositionsChart positions={positions} members={members} />
    </div>
  );
}
