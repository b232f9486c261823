import type { DatabaseSync } from "node:sqlite";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { directoryEntry, member } from "../../../core/api/schemas/clusters.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { members } from "./tables.js";

type Member = z.input<typeof member>;
type DirectoryEntry = z.input<typeof directoryEntry>;

type MemberRow = Pick<Row<typeof members>, "address" | "node_id" | "name" | "kind" | "role" | "registration_cid" | "encryption_key" | "joined_at">;

function memberRows(db: DatabaseSync, clusterId: number): MemberRow[] {
  return statement(db, "SELECT * FROM members WHERE cluster_id = ? AND role <> 'none' ORDER BY node_id").all(clusterId) as unknown as MemberRow[];
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
export function listMembers(db: DatabaseSync, clusterId: number): Member[] {
  return memberRows(db, clusterId).map(toMember);
}

/** The member-only directory: the same members with their encryption keys. */
export function memberDirectory(db: DatabaseSync, clusterId: number): DirectoryEntry[] {
  return memberRows(db, clusterId).map((r) => ({ ...toMember(r), encryptionKey: r.encryption_key }));
}

/** The role of `address` in the cluster, or null for a non-member. */
export function memberRole(db: DatabaseSync, clusterId: number, address: string): Member["role"] | null {
  const row = statement(db, "SELECT role FROM members WHERE cluster_id = ? AND address = ? AND role <> 'none'").get(clusterId, address) as
    { role: Member["role"] } | undefined;
  return row?.role ?? null;
}
