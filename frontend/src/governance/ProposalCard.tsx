import { useState } from "react";
import { api } from "../api/client.js";
import type { ProposalSummary, SupportName } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useTransaction } from "../chain/useTransaction.js";
import { TxStatus } from "../ui/TxStatus.js";
import { useWallet } from "../wallet/WalletContext.js";
import { castVote, executeProposal } from "./governorActions.js";
import { KIND_LABEL } from "./labels.js";
import { PayloadSummary } from "./PayloadSummary.js";
import { ProposalStateBadge } from "./ProposalStateBadge.js";
import { ProposerName } from "./ProposerName.js";
import { RelayBallotForm, SignedBallotPanel } from "./SignedBallot.js";
import { Tally } from "./Tally.js";
import { useBallotSigner } from "./useBallotSigner.js";
import { VoteList } from "./VoteList.js";

const SUPPORT_BUTTONS: { support: SupportName; label: string }[] = [
  { support: "for", label: "For" },
  { support: "against", label: "Against" },
  { support: "abstain", label: "Abstain" },
];

/** One proposal: what it does, its live tally, and the voter's and executor's buttons. */
export function ProposalCard({
  clusterId,
  governor,
  proposal,
  onChanged,
}: {
  clusterId: number;
  governor: string | undefined;
  proposal: ProposalSummary;
  onChanged: () => void;
}) {
  const { account, session, me } = useWallet();
  const token = session?.token;
  // Re-read the caller's own vote whenever the summary moves (a vote, a state change).
  const detail = useApi(
    () => api.proposal(clusterId, proposal.id, token),
    `${clusterId}-${proposal.id}-${proposal.state}-${proposal.tally.for}-${proposal.tally.against}-${proposal.tally.abstain}-${token ?? ""}`,
  );
  const [reason, setReason] = useState("");
  const [gasless, setGasless] = useState(false);
  const tx = useTransaction();
  const ballot = useBallotSigner(governor, proposal.id);
  const myVote = detail.data?.myVote ?? null;
  const canAct = Boolean(account && governor);
  // Once signed in, the vote buttons are offered only to those the governor counts (a seat; the core's on a core-only vote).
  const role = me?.roles.clusters.find((c) => c.clusterId === clusterId)?.role ?? null;
  const mayVote = !me || (proposal.rules.coreOnly ? role === "core" : role !== null);
  // "pending" only until the next block: votingDelay is 0, so a vote sent now lands after the snapshot.

  const open = proposal.state === "active" || proposal.state === "pending";
  // A signed ballot is only a signature: it counts once someone relays it (RelayBallotForm).
  const voted = () => {
    detail.reload();
    onChanged();
  };
  const vote = (support: SupportName) => {
    if (gasless) return void ballot.sign(support);
    void tx.run(
      `Vote “${support}” on the ${KIND_LABEL[proposal.kind].toLowerCase()} proposal`,
      (signer) => castVote(signer, governor!, proposal.id, support, reason),
      voted,
    );
  };
  const execute = () =>
    void tx.run(
      `Execute ${KIND_LABEL[proposal.kind].toLowerCase()} proposal`,
      (signer) => executeProposal(signer, governor!, proposal.id, proposal.blockNumber),
      onChanged,
    );

  return (
    <article className="card proposal-card" data-proposal-id={proposal.id} data-kind={proposal.kind} data-state={proposal.state}>
      <div className="card-head">
        <div>
          <h3 className="with-badge">
            {KIND_LABEL[proposal.kind]} <ProposalStateBadge proposal={proposal} />
          </h3>
          <p className="muted small">
            {proposal.description || "(no description)"} · proposed by <ProposerName proposer={proposal.proposer} />
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
      {canAct && open && !myVote && !mayVote && (
        <p className="muted small">
          {proposal.rules.coreOnly ? "Only core members vote on this proposal." : "Only the cluster's members vote on this proposal."}
        </p>
      )}
      {canAct && mayVote && open && !myVote && ballot.state.phase !== "signed" && (
        <div className="vote-row">
          {!gasless && (
            <input type="text" aria-label="Reason (optional)" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
          <label className="small">
            <input type="checkbox" checked={gasless} onChange={(e) => setGasless(e.target.checked)} /> Vote without gas (sign a ballot)
          </label>
          {SUPPORT_BUTTONS.map((b) => (
            <button
              key={b.support}
              type="button"
              className={`button small ${b.support === "for" ? "primary" : ""}`}
              disabled={tx.busy || ballot.state.phase === "signing"}
              onClick={() => vote(b.support)}
            >
              {b.label}
            </button>
          ))}
        </div>
      )}
      <SignedBallotPanel state={myVote ? { phase: "idle" } : ballot.state} onDismiss={ballot.reset} />
      {canAct && open && <RelayBallotForm governor={governor!} proposal={proposal} onRelayed={voted} />}
      <VoteList votes={detail.data?.votes ?? []} />
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
