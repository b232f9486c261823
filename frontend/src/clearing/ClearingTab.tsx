import { useState } from "react";
import { ZeroHash } from "ethers";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { clearingHouseAt } from "../chain/contracts.js";
import { useChainTime } from "../chain/useChainTime.js";
import { useTransaction } from "../chain/useTransaction.js";
import { memberNames } from "../members/memberName.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { Field, invalidProps } from "../forms/Field.js";
import { Amount, Deadline, useTokenUnit } from "../ui/amount.js";
import { formatPercent, formatTime, parseAmount } from "../ui/format.js";
import { CycleCard } from "./CycleCard.js";
import { DefaultsCard } from "./DefaultsCard.js";
import { TableScroll } from "../ui/TableScroll.js";

export function ClearingTab() {
  const { cluster } = useClusterOutlet();
  const { account, isMember } = useClusterMember(cluster);
  const [generation, setGeneration] = useState(0);
  const changed = () => setGeneration((g) => g + 1);
  const overview = useApi(() => api.clearing(cluster.id), `clearing-${cluster.id}-${generation}`);
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}`);
  const mine = useApi(
    () => (account ? api.obligations(cluster.id, account) : Promise.resolve(undefined)),
    `my-obligations-${cluster.id}-${account ?? ""}-${generation}`,
  );
  const tx = useTransaction();
  const now = useChainTime(`clearing-${generation}`);
  const [debtor, setDebtor] = useState("");
  const [amount, setAmount] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const unit = useTokenUnit();
  const clearing = cluster.components.Clearing;
  const name = memberNames(members.data);

  if (overview.error && !overview.data) return <LoadError error={overview.error} retry={overview.reload} membersOnly="its clearing" />;
  if (!overview.data || !members.data) return <Loading what="the clearing" />;
  const o = overview.data;

  const invoice = () => {
    setFormError(undefined);
    if (!clearing) return setFormError("This cluster has no clearing house.");
    // Every problem at once, each beside its field.
    const errors: Record<string, string> = {};
    if (!debtor) errors["invoice-debtor"] = "Choose the debtor.";
    const owed = parseAmount(amount, unit, "The amount");
    if (!owed.ok) errors["invoice-amount"] = owed.error;
    const when = Date.parse(dueDate);
    if (Number.isNaN(when)) errors["invoice-due"] = "Choose a due date.";
    setFieldErrors(errors);
    if (!owed.ok || Object.keys(errors).length > 0) return;
    void tx.run(
      "Record an obligation",
      (s) => clearingHouseAt(clearing, s).createObligation(debtor, owed.value, BigInt(Math.floor(when / 1000)), ZeroHash),
      () => {
        setAmount("");
        changed();
      },
    );
  };

  return (
    <>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {!account ? (
        <Notice tone="info">Connect your wallet to see your obligations, confirm them, fund and withdraw.</Notice>
      ) : (
        <div className="card" data-testid="my-obligations">
          <h2>My obligations</h2>
          {mine.error && !mine.data ? (
            <LoadError error={mine.error} retry={mine.reload} membersOnly="your obligations" />
          ) : !mine.data ? (
            <Loading what="your obligations" />
          ) : mine.data.clearingObligations.length === 0 && mine.data.paymentObligations.length === 0 ? (
            <p className="empty">You have no obligations in this cluster.</p>
          ) : (
            <TableScroll label="My obligations">
              <table className="table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Direction</th>
                    <th>Counterparty</th>
                    <th className="num">Amount</th>
                    <th className="num">Outstanding</th>
                    <th>Due</th>
                    <th>Status</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {mine.data.clearingObligations.map((c) => (
                    <tr key={`c${c.id}`} data-clearing-obligation={c.id} data-direction={c.direction ?? ""} data-status={c.status}>
                      <td className="muted">{c.id}</td>
                      <td>{c.direction === "incoming" ? <Badge tone="good">Incoming</Badge> : <Badge tone="warn">Outgoing</Badge>}</td>
                      <td>{name(c.direction === "incoming" ? c.debtor : c.creditor)}</td>
                      <td className="num">
                        <Amount value={c.amount} />
                      </td>
                      <td className="num">
                        <Amount value={c.outstanding} />
                      </td>
                      <td>
                        <Deadline seconds={c.dueDate} now={now} />
                      </td>
                      <td>
                        {c.status}
                        {c.cycle !== null && <span className="muted"> · cycle {c.cycle}</span>}
                        {c.rolledFrom !== null && (
                          <span className="muted" data-rolled-from={c.rolledFrom}>
                            {" "}
                            · rolled from cycle {c.rolledFrom}
                          </span>
                        )}
                      </td>
                      <td>
                        {clearing && c.status === "proposed" && c.direction === "outgoing" && (
                          <button
                            type="button"
                            className="button"
                            disabled={tx.busy}
                            onClick={() => void tx.run(`Confirm obligation #${c.id}`, (s) => clearingHouseAt(clearing, s).confirmObligation(c.id), changed)}
                          >
                            Confirm
                          </button>
                        )}
                        {clearing && c.status === "proposed" && c.direction === "incoming" && (
                          <button
                            type="button"
                            className="button"
                            disabled={tx.busy}
                            onClick={() => void tx.run(`Cancel obligation #${c.id}`, (s) => clearingHouseAt(clearing, s).cancelObligation(c.id), changed)}
                          >
                            Cancel
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                  {mine.data.paymentObligations
                    .filter((p) => p.importedAs === null)
                    .map((p) => (
                      <tr key={`p${p.id}`} data-payment-obligation={p.id}>
                        <td className="muted">A{p.id}</td>
                        <td>{p.direction === "incoming" ? <Badge tone="good">Incoming</Badge> : <Badge tone="warn">Outgoing</Badge>}</td>
                        <td>{name(p.direction === "incoming" ? p.payer : p.payee)}</td>
                        <td className="num">
                          <Amount value={p.amount} />
                        </td>
                        <td className="num">
                          <Amount value={p.amount} />
                        </td>
                        <td>
                          <Deadline seconds={p.dueDate} now={now} />
                        </td>
                        <td>from agreement #{p.agreementId}, not in the clearing yet</td>
                        <td>
                          {clearing && (
                            <button
                              type="button"
                              className="button"
                              disabled={tx.busy}
                              onClick={() =>
                                void tx.run(
                                  `Bring obligation A${p.id} into the clearing`,
                                  (s) => clearingHouseAt(clearing, s).importAgreementObligation(p.id),
                                  changed,
                                )
                              }
                            >
                              Import
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {isMember && (
            <div className="form-grid">
              <Field id="invoice-debtor" label="Debtor" error={fieldErrors["invoice-debtor"]}>
                <select
                  id="invoice-debtor"
                  value={debtor}
                  onChange={(e) => setDebtor(e.target.value)}
                  {...invalidProps("invoice-debtor", fieldErrors["invoice-debtor"])}
                >
                  <option value="">—</option>
                  {members.data
                    .filter((m) => m.address !== account)
                    .map((m) => (
                      <option key={m.address} value={m.address}>
                        {m.name}
                      </option>
                    ))}
                </select>
              </Field>
              <Field
                id="invoice-amount"
                label="Amount owed to you"
                hint={unit ? `In ${unit.symbol}, up to ${unit.decimals} decimals` : undefined}
                error={fieldErrors["invoice-amount"]}
              >
                <input
                  id="invoice-amount"
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  {...invalidProps("invoice-amount", fieldErrors["invoice-amount"])}
                />
              </Field>
              <Field id="invoice-due" label="Invoice due date" error={fieldErrors["invoice-due"]}>
                <input
                  id="invoice-due"
                  type="date"
                  value={dueDate}
                  onChange={(e) => setDueDate(e.target.value)}
                  {...invalidProps("invoice-due", fieldErrors["invoice-due"])}
                />
              </Field>
              <div className="actions">
                <button type="button" className="button" disabled={tx.busy} onClick={invoice}>
                  Record invoice
                </button>
              </div>
              {formError && <Notice tone="error">{formError}</Notice>}
            </div>
          )}
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
        {o.past.length === 0 ? (
          <p className="empty">No cycle has finished yet.</p>
        ) : (
          <TableScroll label="Past cycles">
            <table className="table">
              <thead>
                <tr>
                  <th>Cycle</th>
                  <th>Outcome</th>
                  <th className="num">Gross</th>
                  <th className="num">Set off</th>
                  <th className="num">Liquidity needed</th>
                  <th className="num">Saving</th>
                  <th className="num">Payments</th>
                  <th>Finished</th>
                </tr>
              </thead>
              <tbody>
                {o.past.map((c) => (
                  <tr key={c.cycle} data-cycle={c.cycle} data-phase={c.phase}>
                    <td>{c.cycle}</td>
                    <td>
                      {c.phase === "defaulted" ? (
                        <Badge tone="bad">defaulted → {c.rolledInto ?? "?"}</Badge>
                      ) : c.unwound ? (
                        <Badge tone="warn">
                          settled in part · <Amount value={c.unwound.rolled} /> rolled → {c.rolledInto ?? "?"}
                        </Badge>
                      ) : (
                        <Badge tone="good">settled</Badge>
                      )}
                    </td>
                    <td className="num">
                      <Amount value={c.report?.gross} />
                    </td>
                    <td className="num">{c.standingProposal?.lapsed ? <Badge tone="bad">lapsed</Badge> : <Amount value={c.report?.cancelled} />}</td>
                    <td className="num">
                      <Amount value={c.report?.liquidityNeeded} />
                    </td>
                    <td className="num nowrap" data-saving>
                      {c.report ? formatPercent(c.report.liquiditySavingPercent) : "—"}
                    </td>
                    <td className="num">{c.report?.payments ?? "—"}</td>
                    <td className="muted">{c.finishedAt ? formatTime(c.finishedAt) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
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
