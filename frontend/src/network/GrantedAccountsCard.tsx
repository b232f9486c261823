import { useState } from "react";
import { nodeRegistry } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps } from "../forms/Field.js";
import { parseAddress } from "../forms/validation.js";
import { Address, shortAddress } from "../ui/Address.js";
import { TxStatus } from "../ui/TxStatus.js";

const FIELD = "grant-account";

/**
 * Accounts the CDC admits to the network although they are no cluster member (an operator's
 * key, an applicant); members are admitted by their membership and need no grant.
 */
export function GrantedAccountsCard({ accounts, onChanged }: { accounts: string[]; onChanged: () => void }) {
  const tx = useTransaction();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string>();
  const [target, setTarget] = useState<string>();
  const granted = new Set(accounts.map((a) => a.toLowerCase()));

  const grant = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parseAddress(value, "The account");
    const problem = parsed.error ?? (granted.has(parsed.address!.toLowerCase()) ? `${parsed.address} is already admitted.` : undefined);
    setError(problem);
    if (problem) return;
    const account = parsed.address!;
    setTarget(undefined);
    const receipt = await tx.run(`Admit ${shortAddress(account)} to the network`, (signer, d) => nodeRegistry(d, signer).grantAccount(account), onChanged);
    if (receipt) setValue("");
  };

  const revoke = async (account: string) => {
    setTarget(account);
    const receipt = await tx.run(`Withdraw ${shortAddress(account)}'s admission`, (signer, d) => nodeRegistry(d, signer).revokeAccount(account), onChanged);
    if (!receipt) onChanged();
    setTarget(undefined);
  };

  return (
    <div className="card" data-testid="granted-accounts">
      <div className="card-head">
        <div>
          <h2>
            Admitted accounts <span className="count">{accounts.length}</span>
          </h2>
          <p className="muted small">Accounts that may send transactions without being a cluster member. Members are admitted by their membership.</p>
        </div>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {accounts.length === 0 ? (
        <p className="empty">The CDC has admitted no account beyond the members.</p>
      ) : (
        <ul className="plain-list account-list">
          {accounts.map((a) => (
            <li key={a} data-granted={a.toLowerCase()}>
              <Address value={a} full />
              <button type="button" className="button small ghost" disabled={tx.busy} onClick={() => void revoke(a)}>
                {tx.busy && target === a ? "Revoking…" : "Revoke"}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void grant(e)} noValidate aria-label="Admit an account">
        <Field id={FIELD} label="Account to admit" error={error} hint="A 0x address; mixed case must carry a valid checksum.">
          <input
            id={FIELD}
            className="mono"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="0x…"
            autoComplete="off"
            spellCheck={false}
            {...invalidProps(FIELD, error)}
          />
        </Field>
        <div className="actions">
          <button type="submit" className="button primary" disabled={tx.busy}>
            {tx.busy && target === undefined ? "Admitting…" : "Admit account"}
          </button>
        </div>
      </form>
    </div>
  );
}
