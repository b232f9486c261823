import { ZeroHash } from "ethers";
import { useState, type FormEvent } from "react";
import type { Member } from "../api/types.js";
import { clearingHouseAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { useTokenUnit } from "../ui/amount.js";
import { checkInvoice, EMPTY_INVOICE, type InvoiceForm as Form } from "./invoiceForm.js";

/** A creditor records what another member owes it; the debtor confirms it into the clearing. */
export function InvoiceForm({
  clearing,
  members,
  account,
  onRecorded,
}: {
  clearing: string;
  members: readonly Member[];
  account: string;
  onRecorded: () => void;
}) {
  const [form, setForm] = useState<Form>(EMPTY_INVOICE);
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  const unit = useTokenUnit();
  const debtors = members.filter((m) => m.address !== account);
  const checked = checkInvoice(
    form,
    unit,
    debtors.map((m) => m.address),
  );
  const errors = attempted && !checked.ok ? checked.errors : {};
  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    const { debtor, amount, dueDate } = checked.value;
    const receipt = await tx.run("Record an obligation", (s) => clearingHouseAt(clearing, s).createObligation(debtor, amount, dueDate, ZeroHash), onRecorded);
    if (receipt) {
      setForm(EMPTY_INVOICE);
      setAttempted(false);
    }
  };

  return (
    <form className="form-grid" aria-label="Record an invoice" noValidate onSubmit={(e) => void submit(e)}>
      <Field id="invoice-debtor" label="Debtor" error={errors["invoice-debtor"]}>
        <select
          id="invoice-debtor"
          value={form.debtor}
          onChange={(e) => update({ debtor: e.target.value })}
          {...invalidProps("invoice-debtor", errors["invoice-debtor"])}
        >
          <option value="">—</option>
          {debtors.map((m) => (
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
        error={errors["invoice-amount"]}
      >
        <input
          id="invoice-amount"
          inputMode="decimal"
          value={form.amount}
          onChange={(e) => update({ amount: e.target.value })}
          {...invalidProps("invoice-amount", errors["invoice-amount"])}
        />
      </Field>
      <Field id="invoice-due" label="Invoice due date" error={errors["invoice-due"]}>
        <input
          id="invoice-due"
          type="date"
          value={form.dueDate}
          onChange={(e) => update({ dueDate: e.target.value })}
          {...invalidProps("invoice-due", errors["invoice-due"])}
        />
      </Field>
      <SubmitBar errors={errors} tx={tx} label="Record invoice" busyLabel="Recording…" />
    </form>
  );
}
