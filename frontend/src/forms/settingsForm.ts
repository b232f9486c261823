import type { SettingsObject } from "../api/types.js";
import type { Checked, FieldErrors } from "./validation.js";

// A service's settings form, drawn from the top-level properties of the JSON Schema (2020-12) in
// its manifest. The browser checks what a person can get wrong in one field (required, type,
// bounds, enum); the backend validates the whole document against the whole schema when it is
// stored, so what is not understood here (nested objects, arrays) is kept as it is, not edited.

type Scalar = string | number | boolean;

export interface SettingsField {
  key: string;
  /** The property's title, else its key. */
  label: string;
  description?: string;
  /** How it is edited: a select for an enum of scalars; "other" is shown, never edited. */
  kind: "integer" | "number" | "boolean" | "string" | "enum" | "other";
  required: boolean;
  options?: Scalar[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** What the inputs hold: text as typed (checked on submit), a checkbox's state, or the JSON of an enum option. */
export type SettingsForm = Record<string, string | boolean>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const isScalar = (v: unknown): v is Scalar => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function kindOf(type: unknown): SettingsField["kind"] {
  // A nullable property (["integer", "null"]) is edited as its other type; left empty, it is omitted.
  const declared = Array.isArray(type) ? type.find((t) => t !== "null") : type;
  return declared === "integer" || declared === "number" || declared === "boolean" || declared === "string" ? declared : "other";
}

/** The editable fields of a settings schema, in the order the schema lists its properties. */
export function settingsFields(schema: Record<string, unknown>): SettingsField[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === "string") : []);
  return Object.entries(properties).map(([key, raw]) => {
    const p = isRecord(raw) ? raw : {};
    const options = Array.isArray(p.enum) && p.enum.length > 0 && p.enum.every(isScalar) ? p.enum : undefined;
    return {
      key,
      label: str(p.title) ?? key,
      description: str(p.description),
      kind: options ? "enum" : kindOf(p.type),
      required: required.has(key),
      options,
      minimum: num(p.minimum),
      maximum: num(p.maximum),
      exclusiveMinimum: num(p.exclusiveMinimum),
      exclusiveMaximum: num(p.exclusiveMaximum),
      multipleOf: num(p.multipleOf),
      minLength: num(p.minLength),
      maxLength: num(p.maxLength),
      pattern: str(p.pattern),
    };
  });
}

/** A number's bounds in words ("between 1024 and 104857600"), or undefined when it has none. */
export function rangeText(f: SettingsField): string | undefined {
  if (f.minimum !== undefined && f.maximum !== undefined) return `between ${f.minimum} and ${f.maximum}`;
  const parts = [
    f.minimum !== undefined && `at least ${f.minimum}`,
    f.exclusiveMinimum !== undefined && `greater than ${f.exclusiveMinimum}`,
    f.maximum !== undefined && `at most ${f.maximum}`,
    f.exclusiveMaximum !== undefined && `less than ${f.exclusiveMaximum}`,
  ].filter((p): p is string => typeof p === "string");
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

/** The form showing `settings` (the values in force). */
export function settingsToForm(fields: SettingsField[], settings: SettingsObject): SettingsForm {
  const form: SettingsForm = {};
  for (const f of fields) {
    const value = settings[f.key];
    if (f.kind === "other") continue;
    if (f.kind === "boolean") form[f.key] = value === true;
    else if (f.kind === "enum") form[f.key] = value === undefined ? "" : JSON.stringify(value);
    else form[f.key] = value === undefined || value === null ? "" : String(value);
  }
  return form;
}

type Parsed = { value?: unknown } | { error: string };

function parseNumber(f: SettingsField, text: string): Parsed {
  const n = Number(text);
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(n)) return { error: `${f.label} must be a number.` };
  if (f.kind === "integer" && !Number.isSafeInteger(n)) return { error: `${f.label} must be a whole number.` };
  const outside =
    (f.minimum !== undefined && n < f.minimum) ||
    (f.maximum !== undefined && n > f.maximum) ||
    (f.exclusiveMinimum !== undefined && n <= f.exclusiveMinimum) ||
    (f.exclusiveMaximum !== undefined && n >= f.exclusiveMaximum);
  if (outside) return { error: `${f.label} must be ${rangeText(f)}.` };
  // A quotient off a whole number by less than float noise counts as a multiple (0.3 of 0.1).
  if (f.multipleOf !== undefined && f.multipleOf > 0 && Math.abs(n / f.multipleOf - Math.round(n / f.multipleOf)) > 1e-9)
    return { error: `${f.label} must be a multiple of ${f.multipleOf}.` };
  return { value: n };
}

function parseString(f: SettingsField, text: string): Parsed {
  const length = [...text].length; // JSON Schema counts code points, not UTF-16 units
  if (f.minLength !== undefined && length < f.minLength) return { error: `${f.label} must be at least ${f.minLength} characters.` };
  if (f.maxLength !== undefined && length > f.maxLength) return { error: `${f.label} must be at most ${f.maxLength} characters.` };
  if (f.pattern !== undefined) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(f.pattern, "u");
    } catch {
      // A pattern this browser cannot compile is left to the backend's validator.
    }
    if (pattern && !pattern.test(text)) return { error: `${f.label} does not have the expected form (${f.pattern}).` };
  }
  return { value: text };
}

function parseField(f: SettingsField, input: string | boolean | undefined): Parsed {
  if (f.kind === "boolean") return { value: input === true };
  const text = typeof input === "string" ? input : "";
  if (text.trim() === "") return f.required ? { error: `${f.label} is required.` } : {};
  if (f.kind === "enum") {
    const option = f.options?.find((o) => JSON.stringify(o) === text);
    return option === undefined ? { error: `${f.label} must be one of ${f.options?.map(String).join(", ")}.` } : { value: option };
  }
  if (f.kind === "integer" || f.kind === "number") return parseNumber(f, text.trim());
  return parseString(f, text);
}

/**
 * Checks the form; errors are keyed `${prefix}-${key}`, the ids of the inputs. Fields the form
 * does not edit keep their value from `kept` (the settings in force); an optional field left
 * empty is omitted, so the manifest's default applies to it.
 */
export function checkSettingsForm(fields: SettingsField[], form: SettingsForm, kept: SettingsObject, prefix: string): Checked<SettingsObject> {
  const errors: FieldErrors = {};
  const value: SettingsObject = {};
  for (const f of fields) {
    if (f.kind === "other") {
      if (kept[f.key] !== undefined) value[f.key] = kept[f.key];
      continue;
    }
    const parsed = parseField(f, form[f.key]);
    if ("error" in parsed) errors[`${prefix}-${f.key}`] = parsed.error;
    else if (parsed.value !== undefined) value[f.key] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** Settings values are JSON: equal when their JSON is. */
export const sameSetting = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A value as a person reads it. */
export function formatSetting(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export interface SettingChange {
  key: string;
  label: string;
  before: unknown;
  after: unknown;
}

/** What storing `next` would change: it is stored over the defaults, and compared with what is in force. */
export function settingsChanges(fields: SettingsField[], inForce: SettingsObject, defaults: SettingsObject, next: SettingsObject): SettingChange[] {
  const after: SettingsObject = { ...defaults, ...next };
  return fields
    .filter((f) => !sameSetting(inForce[f.key], after[f.key]))
    .map((f) => ({ key: f.key, label: f.label, before: inForce[f.key], after: after[f.key] }));
}
