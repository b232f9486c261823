import { useMemo, useState } from "react";
import { usePlatformStatus } from "../api/StatusContext.js";
import type { ProposalSummary } from "../api/types.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Address } from "../ui/Address.js";
import { CopyButton } from "../ui/CopyButton.js";
import { QrCode } from "../ui/QrCode.js";
import { TxStatus } from "../ui/TxStatus.js";
import { decodeBallot } from "./ballot.js";
import { ballotLink, ballotText } from "./ballotLink.js";
import { relayBallot } from "./governorActions.js";
import type { BallotState } from "./useBallotSigner.js";

/** The voter's signed ballot, as a link to hand to whoever submits it. */
export function SignedBallotPanel({ clusterId, state, onDismiss }: { clusterId: number; state: BallotState; onDismiss: () => void }) {
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
  const link = ballotLink(window.location.origin, clusterId, state.ballot);
  return (
    <div className="notice notice-info signed-ballot" data-testid="signed-ballot">
      <strong>Ballot signed: you voted “{state.ballot.support}” without sending a transaction.</strong>
      <span className="small">
        It counts once a member submits it (they pay the gas). Pass this link to one: it opens this proposal with your ballot ready to submit. Nobody can alter
        the ballot or use it twice.
      </span>
      <label className="small" htmlFor={`ballot-link-${state.ballot.proposalId}`}>
        Ballot link
      </label>
      <input id={`ballot-link-${state.ballot.proposalId}`} readOnly className="mono small ballot-link" value={link} onFocus={(e) => e.currentTarget.select()} />
      <details className="ballot-qr">
        <summary>Show as a QR code</summary>
        <p className="small muted">A member can scan it with a phone to open this proposal with your ballot ready to submit.</p>
        <QrCode text={link} label="QR code of the ballot link" />
      </details>
      <div className="actions">
        <CopyButton value={link} what="ballot link" text={{ idle: "Copy link", copied: "Link copied" }} />
        <button type="button" className="button small" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}

/**
 * A member submits a voter's signed ballot (pasted, or brought by a ballot link: `shared`); it is
 * checked here before any gas is spent. Shown only to those who can send the transaction.
 */
export function RelayBallotForm({
  governor,
  proposal,
  shared,
  onRelayed,
}: {
  governor: string;
  proposal: ProposalSummary;
  shared?: string;
  onRelayed: () => void;
}) {
  const { data: status } = usePlatformStatus();
  const [text, setText] = useState(shared ?? "");
  const [problem, setProblem] = useState<string>();
  const tx = useTransaction();
  const expected = { governor, chainId: status?.chainId ?? 0, proposalId: proposal.id };
  // A ballot brought by a link is read at once: the member sees whose vote they submit.
  // A signature check: once per text, not on every poll's render.
  const preview = useMemo(
    () => (shared ? decodeBallot(ballotText(text), { governor, chainId: status?.chainId ?? 0, proposalId: proposal.id }).ballot : undefined),
    [shared, text, governor, status?.chainId, proposal.id],
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const { ballot, error } = decodeBallot(ballotText(text), expected);
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
    <details className="relay-ballot" open={Boolean(shared) || undefined}>
      <summary className="small">Submit someone's signed ballot</summary>
      <form onSubmit={submit} aria-label="Submit a signed ballot" noValidate>
        {preview && (
          <p className="small" data-testid="shared-ballot">
            A ballot signed by <Address value={preview.voter} />: <strong>{preview.support}</strong>. Submit it to count it; you pay the gas.
          </p>
        )}
        {/* A ballot the link brought needs no pasting: one click submits it. */}
        {!preview && (
          <div className="field">
            <label htmlFor={`relay-ballot-${proposal.id}`}>Ballot to submit (its link or text)</label>
            <textarea
              id={`relay-ballot-${proposal.id}`}
              className="mono small"
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="https://…#ballot=…"
            />
          </div>
        )}
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <TxStatus state={tx.state} onDismiss={tx.reset} />
        <div className="actions">
          <button type="submit" className="button small primary" disabled={tx.busy || !text.trim()}>
            Submit ballot
          </button>
        </div>
      </form>
    </details>
  );
}
