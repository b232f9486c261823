import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { DELIVERY_STATUSES, delivery, DeliverySort } from "../../../core/api/schemas/services.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
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

/**
 * How a service's deliveries page: by their event's place in the chain (block, then log: one
 * number, unique within a service, as a block holds far fewer than a million logs) or attempts;
 * `q` searches the event's name and the delivery's id.
 */
const DELIVERY_LIST: ListShape<DeliverySort> = {
  sorts: { position: { sql: "(block_number * 1000000 + log_index)", kind: "number" }, attempts: { sql: "attempts", kind: "number" } },
  key: { sql: "id", kind: "text" },
  search: ["event", "id"],
};

/** A page of a service's webhook deliveries, in any status or one. */
export async function listDeliveries(db: Db, service: string, query: PageRequest & { status?: (typeof DELIVERY_STATUSES)[number] }): Promise<Page<Delivery>> {
  const where = ["service = ?", ...(query.status ? ["status = ?"] : [])];
  const page = await pageOf<DeliveryRow>(
    db,
    { columns: "*", from: "webhook_deliveries", where, params: [service, ...(query.status ? [query.status] : [])] },
    DELIVERY_LIST,
    query,
  );
  return { rows: page.rows.map(toDelivery), next: page.next };
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
