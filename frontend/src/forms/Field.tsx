import type { ReactNode } from "react";
import type { Transaction } from "../chain/useTransaction.js";
import { TxStatus } from "../ui/TxStatus.js";

/** A labelled form control with its hint and, when invalid, its error right below it. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  className = "",
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field ${error ? "invalid" : ""} ${className}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}

/** Props that tie an input to its Field's error for assistive technology. */
export function invalidProps(id: string, error: string | undefined) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

export function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="form-errors">
      <strong>Fix {entries.length === 1 ? "this problem" : `these ${entries.length} problems`} before sending:</strong>
      <ul>
        {entries.map(([id, message]) => (
          <li key={id}>
            <a
              href={`#${id}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(id)?.focus();
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The foot of a signing form: every error at once, the transaction's progress, and the submit button (after `children`, such as Cancel). */
export function SubmitBar({
  errors,
  tx,
  label,
  busyLabel = label,
  large = false,
  children,
}: {
  errors: Record<string, string>;
  tx: Pick<Transaction, "state" | "reset" | "busy">;
  label: string;
  busyLabel?: string;
  large?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="submit-bar">
      <ErrorSummary errors={errors} />
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      <div className="actions">
        {children}
        <button type="submit" className={`button primary${large ? " large" : ""}`} disabled={tx.busy}>
          {tx.busy ? busyLabel : label}
        </button>
      </div>
    </div>
  );
}
