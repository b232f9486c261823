import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { DELIVERY_STATUSES, delivery } from "../../../core/api/schemas/services.js";
import type { Row } from "../../db/table.js";
import type { webhookDeliveries } from "./tables.js";

type Delivery = z.input<typeof delivery>;

type DeliveryRow = Pick<
  Row<typeof webhookDeliveries>,
  "id" | "event" | "cluster_id" | "block_number" | "log_index" | "status" | "attempts" | "next_attempt_at" | "last_error" | "delivered_at"
>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    event: r.event,
    clusterId: r.cluster_id,
    blockNumber: r.block_number,
    logIndex: r.log_index,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? iso(r.next_attempt_at) : null,
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
  };
}

/** A service's webhook deliveries, newest first. */
export async function listDeliveries(db: Db, service: string, query: { status?: (typeof DELIVERY_STATUSES)[number]; limit: number }): Promise<Delivery[]> {
  const rows = (await statement(
    db,
    "SELECT * FROM webhook_deliveries WHERE service = ?1 AND (CAST(?2 AS TEXT) IS NULL OR status = ?2) ORDER BY block_number DESC, log_index DESC LIMIT ?3",
  ).all(service, query.status ?? null, query.limit)) as unknown as DeliveryRow[];
  return rows.map(toDelivery);
}

/** Puts a delivery back in its queue with its attempts reset (delivered ones too: a receiver asked for it again). */
export async function replayDelivery(db: Db, service: string, id: string, now = Date.now()): Promise<Delivery | undefined> {
  const changed = (
    await statement(
      db,
      "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, delivered_at = NULL WHERE service = ? AND id = ?",
    ).run(now, service, id)
  ).changes;
  if (changed === 0) return undefined;
  return toDelivery((await statement(db, "SELECT * FROM webhook_deliveries WHERE service = ? AND id = ?").get(service, id)) as unknown as DeliveryRow);
}
