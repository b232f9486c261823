import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClearingCycle } from "../api/types.js";
import { clearingHouseAt } from "../chain/contracts.js";
import type { Transaction } from "../chain/useTransaction.js";
import { LoadError } from "../ui/Notice.js";

/**
 * Applies the cycle's standing proposal from the lines stored when it was submitted (not the
 * optimum as it would be computed now: the contract only accepts the chunks exactly as
 * submitted), one transaction per chunk, from the chunk the chain says is next.
 */
export function ApplySetOff({
  clusterId,
  clearing,
  cycle,
  tx,
  onChanged,
}: {
  clusterId: number;
  clearing: string;
  cycle: ClearingCycle;
  tx: Transaction;
  onChanged: () => void;
}) {
  const standingId = cycle.standingProposal?.id;
  const proposal = useApi(() => api.standingProposal(clusterId, cycle.cycle), `standing-${clusterId}-${cycle.cycle}-${standingId ?? ""}`);
  const [progress, setProgress] = useState<{ applied: number; chunks: number }>();
  const p = proposal.data;
  if (proposal.error) return <LoadError error={proposal.error} retry={proposal.reload} membersOnly="the standing proposal" />;
  const ready = p !== undefined && p.proposalId === standingId;
  // A proposal without chunks still takes one (empty) call.
  const chunks = Math.max(p?.chunks.length ?? 0, 1);
  // The same contract function applies an unwind's chunks: each rolls its lines into the next cycle.
  const what = cycle.phase === "unwinding" ? "unwind" : "set-off";

  const apply = async () => {
    if (!p) return;
    // The first chunk of a proposing cycle is chunk 0; an applying cycle's next one is read from the chain.
    let known: number | undefined = cycle.phase === "proposing" ? 0 : progress?.applied;
    for (;;) {
      let index = 0;
      const label = chunks === 1 ? `Apply the ${what}` : `Apply the ${what}: chunk ${known === undefined ? "next" : known + 1} of ${chunks}`;
      const receipt = await tx.run(label, async (signer) => {
        const house = clearingHouseAt(clearing, signer);
        index = Number((await house.proposal(p.proposalId)).appliedChunks);
        const lines = (p.chunks[index] ?? []).map((l) => ({ obligationId: l.obligationId, amount: BigInt(l.amount) }));
        return house.applySetOff(cycle.cycle, lines);
      });
      if (!receipt) break;
      known = index + 1;
      setProgress({ applied: known, chunks });
      if (known >= chunks) break;
    }
    onChanged();
  };

  return (
    <>
      <button type="button" className="button" disabled={tx.busy || !ready} onClick={() => void apply()}>
        Apply {what}
      </button>
      {chunks > 1 && (
        <span className="muted" data-testid="apply-progress">
          {progress ? `${progress.applied} of ${progress.chunks} chunks applied` : `${chunks} chunks, one transaction each`}
        </span>
      )}
    </>
  );
}
