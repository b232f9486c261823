import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { directoryEntry, member } from "../../../core/api/schemas/clusters.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { members } from "./tables.js";

type Member = z.input<typeof member>;
type DirectoryEntry = z.input<typeof directoryEntry>;

type MemberRow = Pick<Row<typeof members>, "address" | "node_id" | "name" | "kind" | "role" | "registration_cid" | "encryption_key" | "joined_at">;

async function memberRows(db: Db, clusterId: number): Promise<MemberRow[]> {
  return (await statement(db, "SELECT * FROM members WHERE cluster_id = ? AND role <> 'none' ORDER BY node_id").all(clusterId)) as unknown as MemberRow[];
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

/** Current members (an expelled member's role is none and it is left out), by node id. */
export async function listMembers(db: Db, clusterId: number): Promise<Member[]> {
  return (await memberRows(db, clusterId)).map(toMember);
}

/** The member-only directory: the same members with their encryption keys. */
export async function memberDirectory(db: Db, clusterId: number): Promise<DirectoryEntry[]> {
  return (await memberRows(db, clusterId)).map((r) => ({ ...toMember(r), encryptionKey: r.encryption_key }));
}

/** The role of `address` in the cluster, or null for a non-member. */
export async function memberRole(db: Db, clusterId: number, address: string): Promise<Member["role"] | null> {
  const row = (await statement(db, "SELECT role FROM members WHERE cluster_id = ? AND address = ? AND role <> 'none'").get(clusterId, address)) as
    { role: Member["role"] } | undefined;
  return row?.role ?? null;
}
