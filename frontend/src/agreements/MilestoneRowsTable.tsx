import type { ReactNode } from "react";
import { invalidProps } from "../forms/Field.js";
import { emptyRow, milestoneFieldId, type MilestoneField, type MilestoneRow } from "./milestoneRows.js";
import { TableScroll } from "../ui/TableScroll.js";

/** Editable milestone rows: deliverer and payer among `parties`, amount, due date; numbered from 1, as the agreement's milestones are shown. */
export function MilestoneRowsTable({
  rows,
  onChange,
  parties,
  label = "Milestone",
  errors = {},
  id,
}: {
  rows: MilestoneRow[];
  onChange: (rows: MilestoneRow[]) => void;
  parties: { address: string; name: string }[];
  /** Starts each control's accessible name ("Milestone 1 amount"), unique per form on a page. */
  label?: string;
  /** Problems found on sending, keyed by field id (milestoneFieldId for a row's control). */
  errors?: Record<string, string>;
  /** The id of the "Add milestone" button, for the error about the number of rows. */
  id?: string;
}) {
  const setRow = (i: number, patch: Partial<MilestoneRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  /** A cell's control with its error right below it. */
  const cell = (i: number, field: MilestoneField, control: (fieldId: string, marks: ReturnType<typeof invalidProps>) => ReactNode) => {
    const fieldId = milestoneFieldId(label, i, field);
    const error = errors[fieldId];
    return (
      <td>
        {control(fieldId, invalidProps(fieldId, error))}
        {error && (
          <span className="field-error" id={`${fieldId}-error`}>
            {error}
          </span>
        )}
      </td>
    );
  };
  const partySelect = (i: number, field: "deliverer" | "payer") =>
    cell(i, field, (fieldId, marks) => (
      <select id={fieldId} aria-label={`${label} ${i + 1} ${field}`} value={rows[i][field]} onChange={(e) => setRow(i, { [field]: e.target.value })} {...marks}>
        <option value="">—</option>
        {parties.map((p) => (
          <option key={p.address} value={p.address}>
            {p.name}
          </option>
        ))}
      </select>
    ));
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
                {partySelect(i, "deliverer")}
                {partySelect(i, "payer")}
                {cell(i, "amount", (fieldId, marks) => (
                  <input
                    id={fieldId}
                    aria-label={`${label} ${i + 1} amount`}
                    inputMode="decimal"
                    value={r.amount}
                    onChange={(e) => setRow(i, { amount: e.target.value })}
                    {...marks}
                  />
                ))}
                {cell(i, "due", (fieldId, marks) => (
                  <input
                    id={fieldId}
                    aria-label={`${label} ${i + 1} due date`}
                    type="date"
                    value={r.due}
                    onChange={(e) => setRow(i, { due: e.target.value })}
                    {...marks}
                  />
                ))}
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
      {id && errors[id] && (
        <p className="field-error" id={`${id}-error`}>
          {errors[id]}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          id={id}
          className="button"
          onClick={() => onChange([...rows, emptyRow()])}
          aria-describedby={id && errors[id] ? `${id}-error` : undefined}
        >
          + Add milestone
        </button>
      </div>
    </>
  );
}
