import { useMemo, useState } from "react";
import { api } from "../api/client.js";
import type { ClearingCycle } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { clearingHouseAt } from "../chain/contracts.js";
import { useChainTime } from "../chain/useChainTime.js";
import { useTransaction } from "../chain/useTransaction.js";
import { memberNames } from "../members/memberName.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { useSessionToken } from "../wallet/WalletContext.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { formatTime } from "../ui/format.js";
import { CycleCard } from "./CycleCard.js";
import { InvoiceForm } from "./InvoiceForm.js";
import { MyObligationsTable } from "./MyObligationsTable.js";
import { DefaultsCard } from "./DefaultsCard.js";
import { CycleHistory } from "./CycleHistory.js";
import { CycleObligations } from "./CycleObligations.js";

export function ClearingTab() {
  const { cluster } = useClusterOutlet();
  const { account, isMember } = useClusterMember(cluster);
  const [generation, setGeneration] = useState(0);
  const changed = () => setGeneration((g) => g + 1);
  // The clearing is its members' business: without a session nothing is asked (it would only be refused).
  const signedIn = useSessionToken() !== undefined;
  const overview = useApi(() => (signedIn ? api.clearing(cluster.id) : Promise.resolve(undefined)), `clearing-${cluster.id}-${generation}`);
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}`);
  const tx = useTransaction();
  const now = useChainTime(`clearing-${generation}`);
  const clearing = cluster.components.Clearing;
  const name = useMemo(() => memberNames(members.data), [members.data]);

  if (!signedIn) {
    return (
      <Notice tone="info">
        <span data-testid="members-only">Sign in as a member of this cluster to see its clearing.</span>
      </Notice>
    );
  }
  if (overview.error && !overview.data) return <LoadError error={overview.error} retry={overview.reload} membersOnly="its clearing" />;
  if (!overview.data || !members.data) return <Loading what="the clearing" />;
  const o = overview.data;

  return (
    <>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {!account ? (
        <Notice tone="info">Connect your wallet to see your obligations, confirm them, fund and withdraw.</Notice>
      ) : (
        <div className="card" data-testid="my-obligations">
          <h2>My obligations</h2>
          <MyObligationsTable
            clusterId={cluster.id}
            name={name}
            clearing={clearing}
            tx={tx}
            now={now}
            reloadKey={`${account}-${generation}`}
            onChanged={changed}
          />
          {isMember && clearing && <InvoiceForm clearing={clearing} members={members.data} account={account} onRecorded={changed} />}
        </div>
      )}
      <div className="card" data-testid="open-cycle">
        <h2>Current cycle</h2>
        {!o.openCycle ? (
          <p className="empty">No cycle is open.</p>
        ) : (
          <>
            <p>
              Cycle <strong>{o.openCycle.cycle}</strong> collects confirmed obligations until <strong>{formatTime(o.openCycle.cutoff)}</strong>;{" "}
              {o.openCycle.obligations} so far.
            </p>
            {o.openCycle.obligations > 0 && (
              <CycleObligations clusterId={cluster.id} cycle={o.openCycle} members={members.data} reloadKey={String(generation)} />
            )}
            {clearing && Date.parse(o.openCycle.cutoff) <= now && (
              <button
                type="button"
                className="button"
                disabled={tx.busy}
                onClick={() => void tx.run(`Close cycle ${o.openCycle!.cycle}`, (s) => clearingHouseAt(clearing, s).closeCycle(), changed)}
              >
                Close cycle
              </button>
            )}
          </>
        )}
      </div>
      {o.current && (
        <CycleCard key={o.current.cycle} cluster={cluster} cycle={o.current} account={account} members={members.data} tx={tx} now={now} onChanged={changed} />
      )}
      <div className="card" data-testid="past-cycles">
        <h2>Past cycles</h2>
        <CycleHistory clusterId={cluster.id} members={members.data} reloadKey={historyKey(o.past)} />
      </div>
      {o.past
        .filter(
          (c) =>
            c.phase === "settled" && account && c.positions.some((p) => p.member === account && BigInt(p.payout ?? "0") > 0n && BigInt(p.withdrawn) === 0n),
        )
        .map((c) => (
          <CycleCard key={`past-${c.cycle}`} cluster={cluster} cycle={c} account={account} members={members.data!} tx={tx} now={now} onChanged={changed} />
        ))}
      <DefaultsCard clusterId={cluster.id} defaults={o.defaults} name={name} canPropose={isMember && cluster.status === "active"} />
    </>
  );
}

/** What the finished cycles' history depends on: which cycles finished, and what was withdrawn from them. */
function historyKey(past: readonly ClearingCycle[]): string {
  return past.map((c) => `${c.cycle}:${c.phase}:${c.positions.map((p) => p.withdrawn).join(".")}`).join(",");
}
