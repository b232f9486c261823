import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { canonicalJson } from "../../../core/content/canonicalJson.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { completeSettings, SettingsError, type Settings } from "../../../core/services/settings.js";
import type { ServiceManifest } from "../../../core/services/manifest.js";
import type { serviceSettings, storedSettings } from "../../../core/api/schemas/services.js";
import { statement } from "../../db/statements.js";
import { Refusal } from "../../query/refusal.js";
import type { ContentStore } from "../../storage/contentStore.js";
import type { ManifestLibrary } from "../manifests.js";
import type { Row } from "../../db/table.js";
import type { clusterServiceSettings, services } from "./tables.js";

type ServiceSettings = z.input<typeof serviceSettings>;
type StoredSettings = z.input<typeof storedSettings>;

/** A settings document is a small JSON object; a CID naming anything larger is not read. */
const MAX_SETTINGS_BYTES = 64 * 1024;

/** A catalog service with this cluster's settings of it, if any (a LEFT JOIN: null without). */
type SettingsRow = { service_id: Row<typeof services>["id"]; manifest_cid: Row<typeof services>["manifest_cid"] } & {
  [K in "settings_cid" | "config_version"]: Row<typeof clusterServiceSettings>[K] | null;
};

/**
 * Each cluster's settings of each service: the document its configuration names (by CID, on
 * chain), checked against the service's manifest, or the manifest's defaults. Documents never
 * change under their CID, so each is read and checked once.
 */
export class SettingsBook {
  private readonly documents = new Map<string, Promise<Settings>>();

  constructor(
    private readonly db: Db,
    private readonly manifests: ManifestLibrary,
    private readonly content?: ContentStore,
  ) {}

  /** The settings of `service` in force in cluster `clusterId`, with where they come from. */
  async inForce(clusterId: number, service: string): Promise<ServiceSettings> {
    const { row, manifest, declared } = await this.declaration(clusterId, service);
    const base = {
      service,
      serviceId: row.service_id,
      schema: declared.schema,
      defaults: declared.defaults,
      settingsCid: row.settings_cid,
      configVersion: row.config_version,
    };
    if (!row.settings_cid) return { ...base, settings: declared.defaults, problem: null };
    try {
      return { ...base, settings: completeSettings(manifest, await this.document(row.settings_cid)), problem: null };
    } catch (err) {
      // Whoever set the digest bypassed the API's check, or the store lost the document: the
      // defaults hold meanwhile, and the reason is shown rather than hidden.
      const reason = err instanceof SettingsError ? err.message : `the settings document ${row.settings_cid} cannot be read (${(err as Error).message})`;
      return { ...base, settings: declared.defaults, problem: reason };
    }
  }

  /**
   * Just the values in force, for the parts of the platform that apply them (the upload limit,
   * the gateway token); null when the catalog's manifest of `service` declares no settings.
   */
  async values(clusterId: number, service: string): Promise<Settings | null> {
    try {
      return (await this.inForce(clusterId, service)).settings;
    } catch (err) {
      if (err instanceof Refusal) return null;
      throw err;
    }
  }

  /** Checks `given` over the defaults and stores the complete document; answers what the chain takes. */
  async store(clusterId: number, service: string, given: Settings): Promise<StoredSettings> {
    if (!this.content) throw new Error("No content store is configured: settings cannot be stored");
    const { manifest } = await this.declaration(clusterId, service);
    let settings: Settings;
    try {
      settings = completeSettings(manifest, given);
    } catch (err) {
      if (err instanceof SettingsError) throw Refusal.invalid(err.message);
      throw err;
    }
    const { cid } = await this.content.add(canonicalJson(settings));
    return { cid, digest: cidDigest(cid), settings };
  }

  private async declaration(clusterId: number, service: string) {
    const row = (await statement(
      this.db,
      `SELECT s.id AS service_id, s.manifest_cid, css.settings_cid, css.config_version
       FROM services s LEFT JOIN cluster_service_settings css ON css.service_id = s.id AND css.cluster_id = ?
       WHERE s.name = ?`,
    ).get(clusterId, service)) as SettingsRow | undefined;
    if (!row) throw Refusal.notFound(`Service ${service} is not in the catalog`);
    const found = await this.manifests.manifest(row.manifest_cid);
    const manifest: ServiceManifest | null = found?.id === service ? found : null;
    if (!manifest) throw Refusal.notFound(`The manifest of ${service} (${row.manifest_cid}) cannot be read`);
    if (!manifest.settings) throw Refusal.notFound(`Service ${service} has no settings`);
    return { row, manifest, declared: manifest.settings };
  }

  private document(cid: string): Promise<Settings> {
    let found = this.documents.get(cid);
    if (!found) {
      found = this.read(cid);
      this.documents.set(cid, found);
      // A store that was down must not pin a failure.
      found.catch(() => this.documents.delete(cid));
    }
    return found;
  }

  private async read(cid: string): Promise<Settings> {
    if (!this.content) throw new Error("no content store is configured");
    const { size } = await this.content.stat(cid);
    if (size > MAX_SETTINGS_BYTES) throw new Error(`it is ${size} bytes, more than ${MAX_SETTINGS_BYTES}`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.content.cat(cid)) chunks.push(chunk);
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("it is not a JSON object");
    return value as Settings;
  }
}
