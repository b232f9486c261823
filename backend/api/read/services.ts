import type { DatabaseSync } from "node:sqlite";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { service } from "../schemas/services.js";
import type { Repository } from "../../chain/enums.js";

type Service = z.input<typeof service>;

interface ServiceRow {
  id: number;
  name: string;
  repository: Service["repository"];
  version: string;
  manifest_cid: string;
  status: Service["status"];
}

interface VersionRow {
  service_id: number;
  version: string;
  manifest_cid: string;
  block_number: number;
  tx_hash: string;
}

function withVersions(rows: ServiceRow[], versions: VersionRow[]): Service[] {
  const byService = new Map<number, Service["versions"]>();
  for (const v of versions) {
    let list = byService.get(v.service_id);
    if (!list) byService.set(v.service_id, (list = []));
    list.push({ version: v.version, manifestCid: v.manifest_cid, blockNumber: v.block_number, txHash: v.tx_hash });
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    repository: r.repository,
    version: r.version,
    manifestCid: r.manifest_cid,
    status: r.status,
    versions: byService.get(r.id) ?? [],
  }));
}

const VERSION_ORDER = "ORDER BY service_id, block_number, log_index";

export function listServices(db: DatabaseSync, repository?: Repository): Service[] {
  const rows = (
    repository
      ? statement(db, "SELECT * FROM services WHERE repository = ? ORDER BY id").all(repository)
      : statement(db, "SELECT * FROM services ORDER BY id").all()
  ) as unknown as ServiceRow[];
  const versions = (
    repository
      ? statement(
          db,
          `SELECT v.* FROM service_versions v JOIN services s ON s.id = v.service_id WHERE s.repository = ? ${VERSION_ORDER}`,
        ).all(repository)
      : statement(db, `SELECT * FROM service_versions ${VERSION_ORDER}`).all()
  ) as unknown as VersionRow[];
  return withVersions(rows, versions);
}

export function getService(db: DatabaseSync, id: number): Service | undefined {
  const row = statement(db, "SELECT * FROM services WHERE id = ?").get(id) as unknown as ServiceRow | undefined;
  if (!row) return undefined;
  const versions = statement(db, `SELECT * FROM service_versions WHERE service_id = ? ${VERSION_ORDER}`).all(
    id,
  ) as unknown as VersionRow[];
  return withVersions([row], versions)[0];
}
