import { Field, invalidProps } from "./Field.js";
import { formatSetting, rangeText, type SettingsField, type SettingsForm } from "./settingsForm.js";
import type { FieldErrors } from "./validation.js";

interface Props {
  fields: SettingsField[];
  value: SettingsForm;
  onChange: (next: SettingsForm) => void;
  errors: FieldErrors;
  /** Prefixes the inputs' ids; the errors are keyed by the same ids. */
  prefix: string;
  disabled?: boolean;
}

/** The inputs of a service's settings, one per top-level property of its schema. */
export function SettingsFields({ fields, value, onChange, errors, prefix, disabled }: Props) {
  const set = (key: string, v: string | boolean) => onChange({ ...value, [key]: v });
  const editable = fields.filter((f) => f.kind !== "other");
  const checks = editable.filter((f) => f.kind === "boolean");
  return (
    <div className="form-grid">
      {editable
        .filter((f) => f.kind !== "boolean")
        .map((f) => {
          const id = `${prefix}-${f.key}`;
          const error = errors[id];
          const range = f.kind === "integer" || f.kind === "number" ? rangeText(f) : undefined;
          const hint = [f.description, range && `${f.kind === "integer" ? "A whole number" : "A number"} ${range}.`].filter(Boolean).join(" ");
          const input = typeof value[f.key] === "string" ? (value[f.key] as string) : "";
          return (
            <Field key={f.key} id={id} label={f.label} hint={hint || undefined} error={error}>
              {f.kind === "enum" ? (
                <select id={id} value={input} onChange={(e) => set(f.key, e.target.value)} disabled={disabled} {...invalidProps(id, error)}>
                  {(!f.required || input === "") && <option value="">{f.required ? "Choose…" : "(default)"}</option>}
                  {f.options?.map((o) => (
                    <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
                      {formatSetting(o)}
                    </option>
                  ))}
                </select>
              ) : f.kind === "string" ? (
                <input id={id} value={input} onChange={(e) => set(f.key, e.target.value)} disabled={disabled} {...invalidProps(id, error)} />
              ) : (
                <input
                  id={id}
                  type="number"
                  inputMode={f.kind === "integer" ? "numeric" : "decimal"}
                  min={f.minimum ?? f.exclusiveMinimum}
                  max={f.maximum ?? f.exclusiveMaximum}
                  step={f.kind === "integer" ? 1 : "any"}
                  value={input}
                  onChange={(e) => set(f.key, e.target.value)}
                  disabled={disabled}
                  {...invalidProps(id, error)}
                />
              )}
            </Field>
          );
        })}
      {checks.length > 0 && (
        <div className="checks">
          {checks.map((f) => (
            <label key={f.key} className="check" title={f.description}>
              <input
                type="checkbox"
                id={`${prefix}-${f.key}`}
                checked={value[f.key] === true}
                onChange={(e) => set(f.key, e.target.checked)}
                disabled={disabled}
              />
              {f.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
