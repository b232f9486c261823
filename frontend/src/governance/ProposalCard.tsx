import { useState } from "react";
import { api } from "../api/client.js";
import type { ProposalSummary, SupportName } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Address } from "../ui/Address.js";
import { TxStatus } from "../ui/TxStatus.js";
import { useWallet } from "../wallet/WalletContext.js";
import { castVote, castVoteBySignature, executeProposal } from "./governorActions.js";
import { KIND_LABEL } from "./labels.js";
import { PayloadSummary } from "./PayloadSummary.js";
import { ProposalStateBadge } from "./ProposalStateBadge.js";
import { Tally } from "./Tally.js";

const SUPPORT_BUTTONS: { support: SupportName; label: string }[] = [
  { support: "for", label: "For" },
  { support: "against", label: "Against" },
  { support: "abstain", label: "Abstain" },
];

/** One proposal: what it does, its live tally, and the voter's and executor's buttons. */
export function ProposalCard({ clusterId, governor, proposal, onChanged }: { clusterId: number; governor: string | undefined; proposal: ProposalSummary; onChanged: () => void }) {
  const { account, session } = useWallet();
  const token = session?.token;
  // Re-read the caller's own vote whenever the summary moves (a vote, a state change).
  const detail = useApi(
    () => api.proposal(clusterId, proposal.id, token),
    `${clusterId}-${proposal.id}-${proposal.state}-${proposal.tally.for}-${proposal.tally.against}-${proposal.tally.abstain}-${token ?? ""}`,
  );
  const [reason, setReason] = useState("");
  const [gasless, setGasless] = useState(false);
  const tx = useTransaction();
  const myVote = detail.data?.myVote ?? null;
  const canAct = Boolean(account && governor);
  // "pending" only until the next block: votingDelay is 0, so a vote sent now lands after the snapshot.

  const vote = (support: SupportName) =>
    void tx.run(
      `Vote “${support}” on the ${KIND_LABEL[proposal.kind].toLowerCase()} proposal${gasless ? " (signed ballot)" : ""}`,
      (signer) => (gasless ? castVoteBySignature(signer, governor!, proposal.id, support) : castVote(signer, governor!, proposal.id, support, reason)),
      () => {
        detail.reload();
        onChanged();
      },
    );
  const execute = () =>
    void tx.run(`Execute ${KIND_LABEL[proposal.kind].toLowerCase()} proposal`, (signer) => executeProposal(signer, governor!, proposal.id, proposal.blockNumber), onChanged);

  return (
    <article className="card proposal-card" data-proposal-id={proposal.id} data-kind={proposal.kind} data-state={proposal.state}>
      <div className="card-head">
        <div>
          <h3 className="with-badge">
            {KIND_LABEL[proposal.kind]} <ProposalStateBadge state={proposal.state} />
          </h3>
          <p className="muted small">
            {proposal.description || "(no description)"} · proposed by <Address value={proposal.proposer} />
          </p>
        </div>
      </div>
      <PayloadSummary proposal={proposal} />
      <Tally proposal={proposal} />
      {myVote && (
        <p className="small" data-testid="my-vote">
          You voted <strong>{myVote.support}</strong>
          {myVote.bySignature && " by signed ballot"}
          {myVote.reason && <> — “{myVote.reason}”</>}
        </p>
      )}
      {canAct && (proposal.state === "active" || proposal.state === "pending") && !myVote && (
        <div className="vote-row">
          {!gasless && <input type="text" aria-label="Reason (optional)" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />}
          <label className="small">
            <input type="checkbox" checked={gasless} onChange={(e) => setGasless(e.target.checked)} /> Vote without gas (sign a ballot)
          </label>
          {SUPPORT_BUTTONS.map((b) => (
            <button key={b.support} type="button" className={`button small ${b.support === "for" ? "primary" : ""}`} disabled={tx.busy} onClick={() => vote(b.support)}>
              {b.label}
            </button>
          ))}
        </div>
      )}
      {canAct && proposal.state === "succeeded" && (
        <div className="vote-row">
          <button type="button" className="button primary small" disabled={tx.busy} onClick={execute}>
            Execute
          </button>
        </div>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </article>
  );
}
