import type { DatabaseSync } from "node:sqlite";
import type { ServiceManifest } from "../../core/services/manifest.js";
import { statement } from "../db/statements.js";
import type { ManifestLibrary } from "../services/manifests.js";

/** A catalog service that runs as its own process: its catalog row and its manifest's external part. */
export interface ExternalService {
  id: number;
  name: string;
  status: "active" | "deprecated";
  manifest: ServiceManifest & { external: NonNullable<ServiceManifest["external"]> };
}

/** The external service registered under `name`, or undefined (unknown, or a built-in service, or its manifest unreadable). */
export async function externalService(db: DatabaseSync, manifests: ManifestLibrary, name: string): Promise<ExternalService | undefined> {
  const row = statement(db, "SELECT id, name, repository, status, manifest_cid FROM services WHERE name = ?").get(name) as
    { id: number; name: string; repository: string; status: "active" | "deprecated"; manifest_cid: string } | undefined;
  if (!row) return undefined;
  const manifest = await manifests.manifest(row.manifest_cid);
  if (!manifest?.external || manifest.id !== row.name || manifest.repository !== row.repository) return undefined;
  return { id: row.id, name: row.name, status: row.status, manifest: { ...manifest, external: manifest.external } };
}

/** Every external service in the catalog (for webhook delivery). */
export async function externalServices(db: DatabaseSync, manifests: ManifestLibrary): Promise<ExternalService[]> {
  const names = statement(db, "SELECT name FROM services ORDER BY id").all() as { name: string }[];
  const found = await Promise.all(names.map((n) => externalService(db, manifests, n.name)));
  return found.filter((s): s is ExternalService => s !== undefined);
}
