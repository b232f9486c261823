import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { ManifestLibrary } from "../manifests.js";
import type { service } from "../../../core/api/schemas/services.js";
import type { Repository } from "../../../core/chain/enums.js";
import type { Row } from "../../db/table.js";
import type { services, serviceVersions } from "./tables.js";

type Service = z.input<typeof service>;

type ServiceRow = Row<typeof services>;

type VersionRow = Row<typeof serviceVersions>;

async function withVersions(rows: ServiceRow[], versions: VersionRow[], manifests: ManifestLibrary, installed: ReadonlySet<string>): Promise<Service[]> {
  const byService = new Map<number, Service["versions"]>();
  for (const v of versions) {
    let list = byService.get(v.service_id);
    if (!list) byService.set(v.service_id, (list = []));
    list.push({ version: v.version, manifestCid: v.manifest_cid, blockNumber: v.block_number, txHash: v.tx_hash });
  }
  return Promise.all(
    rows.map(async (r) => {
      // A manifest counts only if it describes this catalog entry (a CID pointing elsewhere is ignored).
      const found = await manifests.manifest(r.manifest_cid);
      const manifest = found && found.id === r.name && found.repository === r.repository ? found : null;
      return {
        id: r.id,
        name: r.name,
        repository: r.repository,
        version: r.version,
        manifestCid: r.manifest_cid,
        status: r.status,
        title: manifest?.title ?? null,
        description: manifest?.description ?? null,
        // Built into this backend, or an external service whose manifest says where it runs.
        installed: installed.has(r.name) || manifest?.external !== undefined,
        manifest,
        versions: byService.get(r.id) ?? [],
      };
    }),
  );
}

const VERSION_ORDER = "ORDER BY service_id, block_number, log_index";

export async function listServices(db: Db, manifests: ManifestLibrary, installed: ReadonlySet<string>, repository?: Repository): Promise<Service[]> {
  const rows = (repository
    ? await statement(db, "SELECT * FROM services WHERE repository = ? ORDER BY id").all(repository)
    : await statement(db, "SELECT * FROM services ORDER BY id").all()) as unknown as ServiceRow[];
  const versions = (repository
    ? await statement(db, `SELECT v.* FROM service_versions v JOIN services s ON s.id = v.service_id WHERE s.repository = ? ${VERSION_ORDER}`).all(repository)
    : await statement(db, `SELECT * FROM service_versions ${VERSION_ORDER}`).all()) as unknown as VersionRow[];
  return withVersions(rows, versions, manifests, installed);
}

/** A catalog row by its id or its name. */
async function serviceRow(db: Db, idOrName: number | string): Promise<ServiceRow | undefined> {
  return (typeof idOrName === "number"
    ? await statement(db, "SELECT * FROM services WHERE id = ?").get(idOrName)
    : await statement(db, "SELECT * FROM services WHERE name = ?").get(idOrName)) as unknown as ServiceRow | undefined;
}

/** The catalog name of a service given by its id or its name, if the catalog has it. */
export async function serviceName(db: Db, idOrName: number | string): Promise<string | undefined> {
  return (await serviceRow(db, idOrName))?.name;
}

/** One service by its catalog id or its name. */
export async function getService(db: Db, manifests: ManifestLibrary, installed: ReadonlySet<string>, idOrName: number | string): Promise<Service | undefined> {
  const row = await serviceRow(db, idOrName);
  if (!row) return undefined;
  const versions = (await statement(db, `SELECT * FROM service_versions WHERE service_id = ? ${VERSION_ORDER}`).all(row.id)) as unknown as VersionRow[];
  return (await withVersions([row], versions, manifests, installed))[0];
}

/** Whether cluster `clusterId`'s configuration, as indexed now, enables the catalog service named `service`. */
export async function serviceEnabled(db: Db, clusterId: number, service: string): Promise<boolean> {
  return (
    (await statement(db, "SELECT 1 AS found FROM cluster_services cs JOIN services s ON s.id = cs.service_id WHERE cs.cluster_id = ? AND s.name = ?").get(
      clusterId,
      service,
    )) !== undefined
  );
}
