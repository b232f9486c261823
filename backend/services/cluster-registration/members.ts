import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { directoryEntry, member } from "../../../core/api/schemas/clusters.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { members } from "./tables.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
import { firstPage, type PageRequest } from "../../../core/api/schemas/page.js";
import type { MemberSort } from "../../../core/api/schemas/clusters.js";

type Member = z.input<typeof member>;
type DirectoryEntry = z.input<typeof directoryEntry>;

type MemberRow = Pick<Row<typeof members>, "address" | "node_id" | "name" | "kind" | "role" | "registration_cid" | "encryption_key" | "joined_at">;

/** How the member lists page: by node id (the default), name or joining time; `q` searches name and address. */
const MEMBER_LIST: ListShape<MemberSort> = {
  sorts: { nodeId: { sql: "node_id", kind: "number" }, name: { sql: "name", kind: "text" }, joinedAt: { sql: "joined_at", kind: "number" } },
  key: { sql: "address", kind: "text" },
  search: ["name", "address"],
};

async function memberRows(db: Db, clusterId: number, request: PageRequest = firstPage("nodeId")): Promise<Page<MemberRow>> {
  return pageOf<MemberRow>(db, { columns: "*", from: "members", where: ["cluster_id = ?", "role <> 'none'"], params: [clusterId] }, MEMBER_LIST, request);
}

function toMember(r: MemberRow): Member {
  return {
    address: r.address,
    nodeId: r.node_id,
    name: r.name,
    kind: r.kind,
    role: r.role,
    registrationCid: r.registration_cid,
    hasEncryptionKey: r.encryption_key !== null,
    joinedAt: isoFromUnix(r.joined_at),
  };
}

/** A page of the current members (an expelled member's role is none and it is left out). */
export async function listMembers(db: Db, clusterId: number, request: PageRequest = firstPage("nodeId")): Promise<Page<Member>> {
  const page = await memberRows(db, clusterId, request);
  return { rows: page.rows.map(toMember), next: page.next };
}

/** A page of the member-only directory: the same members with their encryption keys. */
export async function memberDirectory(db: Db, clusterId: number, request: PageRequest = firstPage("nodeId")): Promise<Page<DirectoryEntry>> {
  const page = await memberRows(db, clusterId, request);
  return { rows: page.rows.map((r) => ({ ...toMember(r), encryptionKey: r.encryption_key })), next: page.next };
}

/** The role of `address` in the cluster, or null for a non-member. */
export async function memberRole(db: Db, clusterId: number, address: string): Promise<Member["role"] | null> {
  const row = (await statement(db, "SELECT role FROM members WHERE cluster_id = ? AND address = ? AND role <> 'none'").get(clusterId, address)) as
    { role: Member["role"] } | undefined;
  return row?.role ?? null;
}
