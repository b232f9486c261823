import { leads, type Leadership } from "../db/leader.js";
import type { Db } from "../db/db.js";
import { Webhook } from "standardwebhooks";
import type { PlatformEvent } from "../../core/services/gateway.js";
import { serviceEnabled } from "../services/service-configuration/services.js";
import { chainScope } from "../db/meta.js";
import { statement } from "../db/statements.js";
import { inTransaction } from "../db/transaction.js";
import type { ManifestLibrary } from "../services/manifests.js";
import { externalServices, type ExternalService } from "./external.js";
import type { GatewayKeys } from "./keys.js";
import { EgressRefused, egressRequest, type EgressPolicy } from "./egress.js";
import type { Row } from "../db/table.js";
import type { webhookDeliveries } from "../services/service-configuration/tables.js";

export interface WebhookOptions {
  db: Db;
  manifests: ManifestLibrary;
  keys: GatewayKeys;
  /** Attempts before a delivery counts as failed (the CDC may replay it). */
  maxAttempts: number;
  /** The first retry's delay; each further retry waits twice as long, at most an hour. */
  retryMs: number;
  /** How long a receiver may take to answer one delivery. */
  timeoutMs: number;
  /** Which addresses deliveries may go to (see egress.ts). */
  egress: EgressPolicy;
  pollMs: number;
  log?: (line: string) => void;
  now?: () => number;
  /** Replicas: deliveries go out only from the process holding this role. */
  leadership?: Leadership;
}

type DeliveryRow = Pick<Row<typeof webhookDeliveries>, "service" | "id" | "cluster_id" | "payload" | "attempts" | "next_attempt_at">;

const MAX_RETRY_DELAY_MS = 3_600_000;
const SCAN_BATCH = 500;

/**
 * Delivers the chain events external services subscribe to as Standard Webhooks: signed with
 * the service's secret, in chain order per service and cluster, at least once. Deliveries are
 * rows of the database before the first attempt, so a restart of the backend or of the service
 * loses nothing; a failing receiver is retried with doubling delays and, after maxAttempts, its
 * delivery is marked failed (visible to the CDC, replayable) and the next one goes.
 */
export class WebhookDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private started = false;
  private busy = false;
  /** Asked to run again while a round was under way (new blocks indexed, or a scan batch left more). */
  private again = false;

  constructor(private readonly o: WebhookOptions) {}

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  start(): void {
    this.stopped = false;
    this.started = true;
    this.o.leadership?.start(() => this.wake());
    this.run();
  }

  /** New events may be in the index (the indexer applied a batch): look now rather than at the next poll. */
  wake(): void {
    if (this.stopped || !this.started) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.o.leadership?.stop();
  }

  private run(): void {
    if (this.stopped) return;
    this.busy = true;
    this.again = false;
    this.running = (leads(this.o.leadership) ? this.tick() : Promise.resolve(false))
      .then((more) => {
        this.again ||= more;
      })
      .catch((err: unknown) => {
        this.o.log?.(`webhooks: ${(err as Error).message}`);
      })
      .finally(() => {
        this.busy = false;
        if (!this.stopped) this.timer = setTimeout(() => this.run(), this.again ? 0 : this.o.pollMs);
      });
  }

  /**
   * One round: queue what each service's subscriptions matched since its cursor, then send what
   * is due. True when a scan stopped at its batch size (more events are waiting to be queued).
   */
  async tick(): Promise<boolean> {
    const services = (await externalServices(this.o.db, this.o.manifests)).filter((s) => s.manifest.external.subscribes.length > 0);
    let more = false;
    for (const service of services) more = (await this.scan(service)) === SCAN_BATCH || more;
    await Promise.all(services.map((s) => this.deliverDue(s)));
    return more;
  }

  /** Queues the service's next events after its cursor; the number of events read. */
  private async scan(service: ExternalService): Promise<number> {
    const { db } = this.o;
    const scope = await chainScope(db);
    const cursor = ((await statement(db, "SELECT block_number, log_index FROM webhook_cursors WHERE service = ? AND scope = ?").get(service.name, scope)) as
      { block_number: number; log_index: number } | undefined) ?? {
      // A new subscriber hears what happens from its registration on, not the chain's whole past.
      block_number: ((await statement(db, "SELECT registered_block FROM services WHERE id = ?").get(service.id)) as { registered_block: number })
        .registered_block,
      log_index: -1,
    };
    const events = service.manifest.external.subscribes;
    const rows = (await statement(
      db,
      `SELECT * FROM chain_events WHERE event IN (${events.map(() => "?").join(", ")})
         AND (block_number > ? OR (block_number = ? AND log_index > ?))
       ORDER BY block_number, log_index LIMIT ${SCAN_BATCH}`,
    ).all(...events, cursor.block_number, cursor.block_number, cursor.log_index)) as {
      block_number: number;
      log_index: number;
      block_hash: string;
      block_time: number;
      tx_hash: string;
      cluster_id: number | null;
      event: string;
      args_json: string;
    }[];
    if (rows.length === 0) return 0;
    const insert = statement(
      db,
      `INSERT INTO webhook_deliveries (service, id, scope, cluster_id, block_number, log_index, event, payload, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (service, id) DO NOTHING`,
    );
    const now = this.now();
    await inTransaction(db, async () => {
      for (const r of rows) {
        // Only where the cluster enables the service; platform events (no cluster) go to every subscriber.
        if (r.cluster_id !== null && !(await serviceEnabled(db, r.cluster_id, service.name))) continue;
        const id = `evt_${r.block_hash.slice(2, 18)}_${r.log_index}`;
        const event: PlatformEvent = {
          id,
          type: r.event,
          clusterId: r.cluster_id,
          blockNumber: r.block_number,
          blockTime: r.block_time,
          txHash: r.tx_hash,
          logIndex: r.log_index,
          args: JSON.parse(r.args_json) as Record<string, unknown>,
        };
        await insert.run(service.name, id, scope, r.cluster_id, r.block_number, r.log_index, r.event, JSON.stringify(event), now, now);
      }
      const last = rows.at(-1)!;
      await statement(
        db,
        `INSERT INTO webhook_cursors (service, scope, block_number, log_index) VALUES (?, ?, ?, ?)
         ON CONFLICT (service, scope) DO UPDATE SET block_number = excluded.block_number, log_index = excluded.log_index`,
      ).run(service.name, scope, last.block_number, last.log_index);
    });
    return rows.length;
  }

  /** Each cluster's queue in turn, oldest first, until its head is not due or fails: one failure stops only its own queue. */
  private async deliverDue(service: ExternalService): Promise<void> {
    const { db } = this.o;
    const signer = new Webhook(this.o.keys.webhookSecret(service.name));
    const url = new URL(service.manifest.external.webhookPath.replace(/^\//, ""), service.manifest.external.baseUrl.replace(/\/?$/, "/"));
    const clusters = (await statement(db, "SELECT DISTINCT cluster_id FROM webhook_deliveries WHERE service = ? AND status = 'pending'").all(service.name)) as {
      cluster_id: number | null;
    }[];
    const head = statement(
      db,
      `SELECT service, id, cluster_id, payload, attempts, next_attempt_at FROM webhook_deliveries
       WHERE service = ? AND status = 'pending' AND cluster_id IS NOT DISTINCT FROM ? ORDER BY block_number, log_index LIMIT 1`,
    );
    await Promise.all(
      clusters.map(async ({ cluster_id }) => {
        for (;;) {
          const due = (await head.get(service.name, cluster_id)) as DeliveryRow | undefined;
          if (!due || due.next_attempt_at > this.now() || this.stopped) return;
          if (!(await this.send(signer, url, due))) return;
        }
      }),
    );
  }

  /** One attempt; true when the receiver took it (2xx). */
  private async send(signer: Webhook, url: URL, d: DeliveryRow): Promise<boolean> {
    const { db } = this.o;
    const sentAt = new Date(this.now());
    let error: string;
    try {
      const response = await egressRequest(this.o.egress, url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": d.id,
          "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "webhook-signature": signer.sign(d.id, sentAt, d.payload),
        },
        body: new TextEncoder().encode(d.payload),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      // The answer's body means nothing here; reading it frees the connection.
      for await (const chunk of response.body) void chunk;
      if (response.status >= 200 && response.status < 300) {
        await statement(
          db,
          "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE service = ? AND id = ?",
        ).run(this.now(), d.service, d.id);
        return true;
      }
      error = `answered ${response.status}`;
    } catch (err) {
      const e = err as Error & { code?: string };
      error =
        e.name === "TimeoutError" || e.name === "AbortError"
          ? `no answer within ${this.o.timeoutMs} ms`
          : e instanceof EgressRefused
            ? e.message
            : (e.code ?? e.message);
    }
    const attempts = d.attempts + 1;
    const failed = attempts >= this.o.maxAttempts;
    const delay = Math.min(this.o.retryMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
    await statement(db, "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE service = ? AND id = ?").run(
      failed ? "failed" : "pending",
      attempts,
      this.now() + delay,
      error,
      d.service,
      d.id,
    );
    if (failed) this.o.log?.(`webhooks: ${d.service} ${d.id} failed after ${attempts} attempts (${error}); the CDC may replay it`);
    return false;
  }
}
