import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { ServiceManifest } from "./manifest.js";

/**
 * A service's per-cluster settings: its manifest's JSON Schema (2020-12) and defaults, checked
 * with Ajv. A cluster's settings document holds the complete object (defaults filled in), so what
 * the chain's digest names is exactly what is in force.
 */

export type Settings = Record<string, unknown>;
export type ManifestSettings = NonNullable<ServiceManifest["settings"]>;

/** Settings that do not validate, with every field that is wrong named. */
export class SettingsError extends Error {
  constructor(
    readonly service: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`Invalid settings for ${service}: ${issues.map((i) => `${i.path || "(settings)"}: ${i.message}`).join("; ")}`);
    this.name = "SettingsError";
  }
}

// Strict: a schema with an unknown keyword or a typo is refused, not silently ignored.
const ajv = new Ajv2020({ allErrors: true, strict: true });
const compiled = new WeakMap<object, ValidateFunction>();

function issuesOf(errors: ErrorObject[] | null | undefined): { path: string; message: string }[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === "required" ? `/${String(e.params.missingProperty)}` : "";
    const extra = e.keyword === "additionalProperties" ? `/${String(e.params.additionalProperty)}` : "";
    return { path: `${e.instancePath}${missing}${extra}`.replace(/^\//, "").replaceAll("/", "."), message: e.message ?? e.keyword };
  });
}

function validator(service: string, settings: ManifestSettings): ValidateFunction {
  let validate = compiled.get(settings.schema);
  if (!validate) {
    try {
      validate = ajv.compile(settings.schema);
    } catch (err) {
      throw new SettingsError(service, [{ path: "schema", message: (err as Error).message }]);
    }
    compiled.set(settings.schema, validate);
  }
  return validate;
}

/** The problems of a manifest's settings declaration: a schema Ajv cannot compile, or defaults it refuses. */
export function settingsDeclarationIssues(manifest: ServiceManifest): { path: string; message: string }[] {
  if (!manifest.settings) return [];
  try {
    const validate = validator(manifest.id, manifest.settings);
    return validate(manifest.settings.defaults) ? [] : issuesOf(validate.errors).map((i) => ({ ...i, path: `settings.defaults.${i.path}` }));
  } catch (err) {
    return err instanceof SettingsError ? err.issues.map((i) => ({ ...i, path: `settings.${i.path}` })) : [{ path: "settings", message: String(err) }];
  }
}

/** The complete settings `given` makes over the defaults; a SettingsError names each wrong field. */
export function completeSettings(manifest: ServiceManifest, given: Settings): Settings {
  if (!manifest.settings) throw new SettingsError(manifest.id, [{ path: "", message: `${manifest.id} has no settings` }]);
  const complete = { ...manifest.settings.defaults, ...given };
  const validate = validator(manifest.id, manifest.settings);
  if (!validate(complete)) throw new SettingsError(manifest.id, issuesOf(validate.errors));
  return complete;
}
