import { invalidProps } from "../forms/Field.js";
import { emptyRow, milestoneAmountId, type MilestoneRow } from "./milestoneRows.js";
import { TableScroll } from "../ui/TableScroll.js";

/** Editable milestone rows: deliverer and payer among `parties`, amount, due date. */
export function MilestoneRowsTable({
  rows,
  onChange,
  parties,
  label = "Milestone",
  errors = {},
}: {
  rows: MilestoneRow[];
  onChange: (rows: MilestoneRow[]) => void;
  parties: { address: string; name: string }[];
  /** Starts each control's accessible name ("Milestone 1 amount"), unique per form on a page. */
  label?: string;
  /** Problems found on sending, keyed by field id (milestoneAmountId for an amount). */
  errors?: Record<string, string>;
}) {
  const setRow = (i: number, patch: Partial<MilestoneRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const partySelect = (name: string, value: string, pick: (address: string) => void) => (
    <select aria-label={name} value={value} onChange={(e) => pick(e.target.value)}>
      <option value="">—</option>
      {parties.map((p) => (
        <option key={p.address} value={p.address}>
          {p.name}
        </option>
      ))}
    </select>
  );
  return (
    <>
      <TableScroll label="Milestones to enter">
        <table className="table form-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Deliverer</th>
              <th>Payer</th>
              <th>Amount</th>
              <th>Due date</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="muted">{i + 1}</td>
                <td>{partySelect(`${label} ${i + 1} deliverer`, r.deliverer, (deliverer) => setRow(i, { deliverer }))}</td>
                <td>{partySelect(`${label} ${i + 1} payer`, r.payer, (payer) => setRow(i, { payer }))}</td>
                <td>
                  <input
                    id={milestoneAmountId(label, i)}
                    aria-label={`${label} ${i + 1} amount`}
                    inputMode="decimal"
                    value={r.amount}
                    onChange={(e) => setRow(i, { amount: e.target.value })}
                    {...invalidProps(milestoneAmountId(label, i), errors[milestoneAmountId(label, i)])}
                  />
                  {errors[milestoneAmountId(label, i)] && (
                    <span className="field-error" id={`${milestoneAmountId(label, i)}-error`}>
                      {errors[milestoneAmountId(label, i)]}
                    </span>
                  )}
                </td>
                <td>
                  <input aria-label={`${label} ${i + 1} due date`} type="date" value={r.due} onChange={(e) => setRow(i, { due: e.target.value })} />
                </td>
                <td>
                  {rows.length > 1 && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
                      onClick={() => onChange(rows.filter((_, j) => j !== i))}
                    >
                      ×
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div className="actions">
        <button type="button" className="button" onClick={() => onChange([...rows, emptyRow()])}>
          + Add milestone
        </button>
      </div>
    </>
  );
}
