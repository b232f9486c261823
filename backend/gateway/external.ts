import type { Db } from "../db/db.js";
import type { ServiceManifest } from "../../core/services/manifest.js";
import { statement } from "../db/statements.js";
import type { ManifestLibrary } from "../services/manifests.js";
import type { Row } from "../db/table.js";
import type { services } from "../services/service-configuration/tables.js";

/** A catalog service that runs as its own process: its catalog row and its manifest's external part. */
export interface ExternalService {
  id: number;
  name: string;
  manifest: ServiceManifest & { external: NonNullable<ServiceManifest["external"]> };
}

type CatalogRow = Pick<Row<typeof services>, "id" | "name" | "repository" | "manifest_cid">;

const COLUMNS = "SELECT id, name, repository, manifest_cid FROM services";

/** The row's service if its manifest (read under the catalog's CID) is an external one that names it. */
async function fromRow(manifests: ManifestLibrary, row: CatalogRow): Promise<ExternalService | undefined> {
  const manifest = await manifests.manifest(row.manifest_cid);
  if (!manifest?.external || manifest.id !== row.name || manifest.repository !== row.repository) return undefined;
  return { id: row.id, name: row.name, manifest: { ...manifest, external: manifest.external } };
}

/** The external service registered under `name`, or undefined (unknown, or a built-in service, or its manifest unreadable). */
export async function externalService(db: Db, manifests: ManifestLibrary, name: string): Promise<ExternalService | undefined> {
  const row = (await statement(db, `${COLUMNS} WHERE name = ?`).get(name)) as CatalogRow | undefined;
  return row && fromRow(manifests, row);
}

/** Every external service in the catalog (for webhook delivery). */
export async function externalServices(db: Db, manifests: ManifestLibrary): Promise<ExternalService[]> {
  const rows = (await statement(db, `${COLUMNS} ORDER BY id`).all()) as unknown as CatalogRow[];
  const found = await Promise.all(rows.map((row) => fromRow(manifests, row)));
  return found.filter((s): s is ExternalService => s !== undefined);
}
