import { FLOW_KINDS, MEMBER_KINDS, MEMBER_ROLES, enumName } from "../../../core/chain/enums.js";
import { statement } from "../../db/statements.js";
import { IMembership__factory } from "../../../types/typechain/index.js";
import type {
  EncryptionKeySetEvent,
  LinkAddedEvent,
  LinkRemovedEvent,
  MemberAddedEvent,
  MemberRemovedEvent,
  MemberRoleChangedEvent,
  PartnerAddedEvent,
  ProfileUpdatedEvent,
} from "../../../types/typechain/cluster/IMembership.js";
import { on, onLater } from "../../indexer/context.js";
import { clusterOfComponent } from "../../indexer/component.js";

const iface = IMembership__factory.createInterface();

export const membershipHandlers = [
  on<MemberAddedEvent.OutputObject>(iface, "MemberAdded", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO members (cluster_id, address, node_id, name, kind, role, registration_cid, encryption_key, joined_block, joined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
       ON CONFLICT (cluster_id, address) DO UPDATE SET node_id = excluded.node_id, name = excluded.name,
         kind = excluded.kind, role = excluded.role, registration_cid = excluded.registration_cid,
         joined_block = excluded.joined_block, joined_at = excluded.joined_at`,
    ).run(
      clusterOfComponent(ctx),
      e.account.toLowerCase(),
      e.nodeId,
      e.name,
      enumName(MEMBER_KINDS, e.kind),
      enumName(MEMBER_ROLES, e.role),
      e.registrationCid,
      ctx.at.blockNumber,
      ctx.at.time,
    );
  }),
  // An expelled member's seat is burnt: it is no longer a member (its node stays in the graph).
  on<MemberRemovedEvent.OutputObject>(iface, "MemberRemoved", async (ctx, e) => {
    await statement(ctx.db, "DELETE FROM members WHERE cluster_id = ? AND address = ?").run(clusterOfComponent(ctx), e.account.toLowerCase());
  }),
  on<MemberRoleChangedEvent.OutputObject>(iface, "MemberRoleChanged", async (ctx, e) => {
    await statement(ctx.db, "UPDATE members SET role = ? WHERE cluster_id = ? AND address = ?").run(
      enumName(MEMBER_ROLES, e.to),
      clusterOfComponent(ctx),
      e.account.toLowerCase(),
    );
  }),
  on<ProfileUpdatedEvent.OutputObject>(iface, "ProfileUpdated", async (ctx, e) => {
    await statement(ctx.db, "UPDATE members SET name = ?, kind = ?, registration_cid = ? WHERE cluster_id = ? AND address = ?").run(
      e.name,
      enumName(MEMBER_KINDS, e.kind),
      e.registrationCid,
      clusterOfComponent(ctx),
      e.account.toLowerCase(),
    );
  }),
  on<EncryptionKeySetEvent.OutputObject>(iface, "EncryptionKeySet", async (ctx, e) => {
    const key = e.key === "0x" ? null : e.key.toLowerCase();
    await statement(ctx.db, "UPDATE members SET encryption_key = ? WHERE cluster_id = ? AND address = ?").run(
      key,
      clusterOfComponent(ctx),
      e.account.toLowerCase(),
    );
  }),
  on<PartnerAddedEvent.OutputObject>(iface, "PartnerAdded", async (ctx, e) => {
    await statement(ctx.db, "INSERT INTO partners (cluster_id, node_id, name, block_number) VALUES (?, ?, ?, ?)").run(
      clusterOfComponent(ctx),
      e.nodeId,
      e.name,
      ctx.at.blockNumber,
    );
  }),
  // A large cluster's links are added by the thousand: each is written with the like ones around it.
  onLater<LinkAddedEvent.OutputObject>(iface, "LinkAdded", async (ctx, e) => {
    ctx.later.insert("links", {
      cluster_id: clusterOfComponent(ctx),
      link_id: e.linkId,
      from_node: e.from,
      to_node: e.to,
      kind: enumName(FLOW_KINDS, e.kind),
      cluster_activity: e.clusterActivity ? 1 : 0,
      active: 1,
      block_number: ctx.at.blockNumber,
    });
  }),
  on<LinkRemovedEvent.OutputObject>(iface, "LinkRemoved", async (ctx, e) => {
    await statement(ctx.db, "UPDATE links SET active = 0 WHERE cluster_id = ? AND link_id = ?").run(clusterOfComponent(ctx), e.linkId);
  }),
];
