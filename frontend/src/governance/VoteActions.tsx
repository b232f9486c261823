import { useState } from "react";
import type { ProposalDetail, ProposalSummary, SupportName } from "../api/types.js";
import { useTransaction } from "../chain/useTransaction.js";
import { TxStatus } from "../ui/TxStatus.js";
import { useWallet } from "../wallet/WalletContext.js";
import { castVote, executeProposal } from "./governorActions.js";
import { KIND_LABEL, SUPPORT_LABEL, SUPPORTS } from "./labels.js";
import { RelayBallotForm, SignedBallotPanel } from "./SignedBallot.js";
import { useBallotSigner } from "./useBallotSigner.js";
import { formatRelative, formatTime } from "../ui/format.js";
import type { VotePhase } from "./votePhase.js";

/**
 * What the reader can do with a proposal in its phase: vote (or sign a ballot) while it is open,
 * submit someone's signed ballot, execute it once passed. Nothing is offered that the governor
 * would refuse at this phase, and the reason is said instead.
 */
export function VoteActions({
  clusterId,
  governor,
  proposal,
  phase,
  now,
  myVote,
  sharedBallot,
  onVoted,
  onChanged,
}: {
  clusterId: number;
  governor: string | undefined;
  proposal: ProposalSummary;
  phase: VotePhase;
  now: number;
  myVote: ProposalDetail["myVote"];
  sharedBallot?: string;
  onVoted: () => void;
  onChanged: () => void;
}) {
  const { account, session, me, wrongChain } = useWallet();
  const [reason, setReason] = useState("");
  const [gasless, setGasless] = useState(false);
  const tx = useTransaction();
  const ballot = useBallotSigner(governor, proposal.id);
  const canAct = Boolean(account && governor);
  // Submitting someone's ballot is a transaction: offered to a signed-in member's connected wallet on the right chain.
  const canRelay = canAct && Boolean(session) && !wrongChain;
  // Once signed in, the vote buttons are offered only to those the governor counts (a seat; the core's on a core-only vote).
  const role = me?.roles.clusters.find((c) => c.clusterId === clusterId)?.role ?? null;
  const mayVote = !me || (proposal.rules.coreOnly ? role === "core" : role !== null);
  const open = phase === "open";

  const vote = (support: SupportName) => {
    if (gasless) return void ballot.sign(support);
    void tx.run(
      `Vote “${support}” on the ${KIND_LABEL[proposal.kind].toLowerCase()} proposal`,
      (signer) => castVote(signer, governor!, proposal.id, support, reason),
      onVoted,
    );
  };
  const execute = () =>
    void tx.run(
      `Execute ${KIND_LABEL[proposal.kind].toLowerCase()} proposal`,
      (signer) => executeProposal(signer, governor!, proposal.id, proposal.blockNumber),
      onChanged,
    );

  return (
    <div className="vote-actions">
      {myVote && (
        <p className="small" data-testid="my-vote">
          You voted <strong>{myVote.support}</strong>
          {myVote.bySignature && " by signed ballot"}
          {myVote.reason && <> — “{myVote.reason}”</>}
        </p>
      )}
      {phase === "upcoming" && (
        <p className="small" data-testid="vote-closed-note">
          Voting opens {formatRelative(Date.parse(proposal.voteStart), now)} ({formatTime(proposal.voteStart)}); the vote buttons appear then.
        </p>
      )}
      {phase === "counting" && (
        <p className="small muted" data-testid="vote-closed-note">
          Voting has ended; the result appears once the platform has seen the next block.
        </p>
      )}
      {canAct && open && !myVote && !mayVote && (
        <p className="muted small">
          {proposal.rules.coreOnly ? "Only core members vote on this proposal." : "Only the cluster's members vote on this proposal."}
        </p>
      )}
      {canAct && mayVote && open && !myVote && ballot.state.phase !== "signed" && (
        <div className="vote-row" role="group" aria-label="Your vote">
          {!gasless && (
            <input type="text" aria-label="Reason (optional)" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
          <label className="small">
            <input type="checkbox" checked={gasless} onChange={(e) => setGasless(e.target.checked)} /> Vote without gas (sign a ballot)
          </label>
          {SUPPORTS.map((support) => (
            <button
              key={support}
              type="button"
              className={`button small ${support === "for" ? "primary" : ""}`}
              disabled={tx.busy || ballot.state.phase === "signing"}
              onClick={() => vote(support)}
            >
              {SUPPORT_LABEL[support]}
            </button>
          ))}
        </div>
      )}
      <SignedBallotPanel clusterId={clusterId} state={myVote ? { phase: "idle" } : ballot.state} onDismiss={ballot.reset} />
      {canRelay && open && <RelayBallotForm key={sharedBallot ?? ""} governor={governor!} proposal={proposal} shared={sharedBallot} onRelayed={onVoted} />}
      {sharedBallot !== undefined && open && session && !canRelay && (
        <p className="notice notice-info small" data-testid="shared-ballot-wallet">
          This link carries a member's signed ballot. Connect your wallet{wrongChain ? " and switch it to this platform's chain" : ""} to submit it.
        </p>
      )}
      {sharedBallot !== undefined && !open && (
        <p className="muted small" data-testid="shared-ballot-closed">
          This link carries a signed ballot, but voting is not open: it cannot be counted now.
        </p>
      )}
      {canAct && phase === "passed" && (
        <div className="vote-row">
          <button type="button" className="button primary small" disabled={tx.busy} onClick={execute}>
            Execute
          </button>
        </div>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
