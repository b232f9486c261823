import { useState } from "react";
import { usePlatformStatus } from "../api/StatusContext.js";
import type { ProposalSummary } from "../api/types.js";
import { useTransaction } from "../chain/useTransaction.js";
import { TxStatus } from "../ui/TxStatus.js";
import { decodeBallot, encodeBallot } from "./ballot.js";
import { relayBallot } from "./governorActions.js";
import type { BallotState } from "./useBallotSigner.js";

/** The voter's signed ballot, to copy and hand to whoever submits it. */
export function SignedBallotPanel({ state, onDismiss }: { state: BallotState; onDismiss: () => void }) {
  if (state.phase === "idle") return null;
  if (state.phase === "signing")
    return (
      <p className="tx tx-pending" role="status">
        Waiting for your signature in the wallet…
      </p>
    );
  if (state.phase === "failed") {
    return (
      <p className="field-error" role="alert">
        {state.message}
      </p>
    );
  }
  const text = encodeBallot(state.ballot);
  return (
    <div className="notice notice-info" data-testid="signed-ballot">
      <strong>Ballot signed: you voted “{state.ballot.support}” without sending a transaction.</strong>
      <span className="small">
        It counts once a member or relayer submits it (they pay the gas). Copy it and pass it on; it cannot be altered or used twice.
      </span>
      <textarea readOnly aria-label="Signed ballot" className="mono small" rows={3} value={text} onFocus={(e) => e.currentTarget.select()} />
      <div className="actions">
        <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy ballot
        </button>
        <button type="button" className="button small" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}

/** Anyone with a wallet submits a voter's signed ballot; it is checked here before any gas is spent. */
export function RelayBallotForm({ governor, proposal, onRelayed }: { governor: string; proposal: ProposalSummary; onRelayed: () => void }) {
  const { data: status } = usePlatformStatus();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string>();
  const tx = useTransaction();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const { ballot, error } = decodeBallot(text.trim(), { governor, chainId: status?.chainId ?? 0, proposalId: proposal.id });
    if (!ballot) return setProblem(error);
    setProblem(undefined);
    void tx.run(
      `Submit the signed ballot of ${ballot.voter}`,
      (signer) => relayBallot(signer, ballot),
      () => {
        setText("");
        onRelayed();
      },
    );
  };
  return (
    <details className="relay-ballot">
      <summary className="small">Submit someone's signed ballot</summary>
      <form onSubmit={submit} aria-label="Submit a signed ballot" noValidate>
        <textarea
          aria-label="Ballot to submit"
          className="mono small"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder='{"governor":…,"signature":…}'
        />
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <TxStatus state={tx.state} onDismiss={tx.reset} />
        <div className="actions">
          <button type="submit" className="button small" disabled={tx.busy || !text.trim()}>
            Submit ballot
          </button>
        </div>
      </form>
    </details>
  );
}
