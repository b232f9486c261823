// A batch's deferred writes (backend/indexer/deferred.ts) merge like writes and reorder them
// only where the outcome cannot change: on either store, a random run of inserts, updates and
// additions must leave the same rows as the same writes made one at a time.
import { expect } from "chai";
import { openDatabase, type Db } from "../../backend/db/open.js";
import type { SqlValue } from "../../backend/db/db.js";
import { statement } from "../../backend/db/statements.js";
import { inTransaction } from "../../backend/db/transaction.js";
import { BatchWrites } from "../../backend/indexer/deferred.js";
import { testLocation } from "./support/store.js";

type Write =
  | { kind: "insert"; row: { cluster_id: bigint; id: bigint; status: string; n: number }; unlessExists: boolean }
  | { kind: "update"; status: string; cluster_id: bigint; id: bigint }
  | { kind: "add"; cluster_id: bigint; id: bigint; amount: number };

const TABLES = ["direct", "deferred"];

/**
 * Writes on few keys (`ids` per cluster), so that rows are written again and again in every
 * order: after a first round of inserts, `inserts` and `updates` in ten are those, the rest additions.
 */
function randomWrites(seed: number, count: number, ids: number, inserts: number, updates: number): Write[] {
  let state = seed;
  // The high bits: a power-of-two LCG's low bits repeat within a few steps.
  const next = (n: number) => Math.floor(((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
  const writes: Write[] = [];
  const inserted = new Set<string>();
  for (let i = 0; i < count; i++) {
    const cluster_id = BigInt(1 + next(3));
    const id = BigInt(next(ids));
    const pick = i < 2 * ids ? 0 : next(10);
    if (pick < inserts) {
      const known = inserted.has(`${cluster_id}/${id}`);
      // A plain insert of a key already there would fail both ways; those go as inserts that skip it.
      writes.push({ kind: "insert", row: { cluster_id, id, status: `new${next(3)}`, n: next(5) }, unlessExists: known || next(2) === 0 });
      inserted.add(`${cluster_id}/${id}`);
    } else if (pick < inserts + updates) writes.push({ kind: "update", status: `s${next(4)}`, cluster_id, id });
    else writes.push({ kind: "add", cluster_id, id, amount: 1 + next(3) });
  }
  return writes;
}

async function writeDirectly(db: Db, w: Write): Promise<void> {
  if (w.kind === "insert") {
    const { cluster_id, id, status, n } = w.row;
    const skip = w.unlessExists ? " ON CONFLICT (cluster_id, id) DO NOTHING" : "";
    await statement(db, `INSERT INTO direct (cluster_id, id, status, n) VALUES (?, ?, ?, ?)${skip}`).run(cluster_id, id, status, n);
  } else if (w.kind === "update") await statement(db, "UPDATE direct SET status = ? WHERE cluster_id = ? AND id = ?").run(w.status, w.cluster_id, w.id);
  else await statement(db, "UPDATE direct SET n = n + ? WHERE cluster_id = ? AND id = ?").run(w.amount, w.cluster_id, w.id);
}

function defer(later: BatchWrites, w: Write): void {
  if (w.kind === "insert") later.insert("deferred", w.row, w.unlessExists ? ["cluster_id", "id"] : undefined);
  else if (w.kind === "update") later.update("deferred", { status: w.status }, { cluster_id: w.cluster_id, id: w.id });
  else later.add("deferred", "n", { cluster_id: w.cluster_id, id: w.id }, w.amount);
}

const rowsOf = async (db: Db, table: string) =>
  (await statement(db, `SELECT cluster_id, id, status, n FROM ${table} ORDER BY cluster_id, id`).all()) as Record<string, SqlValue>[];

describe("deferred writes of a batch", function () {
  let db: Db;

  before(async function () {
    db = await openDatabase(testLocation(":memory:"));
  });
  after(async () => db?.close());

  beforeEach(async function () {
    for (const table of TABLES) {
      await db.exec(`DROP TABLE IF EXISTS ${table}`);
      await db.exec(
        `CREATE TABLE ${table} (cluster_id BIGINT NOT NULL, id BIGINT NOT NULL, status TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (cluster_id, id))`,
      );
    }
  });

  // Runs of mixed writes on many rows, and runs of mostly updates on few rows (where a merge past a later update of the same row would show).
  for (const [seed, ids, inserts, updates] of [
    [1, 40, 4, 4],
    [2, 40, 4, 4],
    [3, 40, 4, 4],
    [4, 3, 1, 8],
    [5, 3, 1, 8],
    [6, 3, 1, 8],
  ] as const) {
    it(`leaves the rows that writing one at a time leaves (random run ${seed} on ${ids} rows per cluster, written at random points and at the end)`, async function () {
      const writes = randomWrites(seed, 600, ids, inserts, updates);
      await inTransaction(db, async () => {
        const later = new BatchWrites();
        let flushes = 0;
        for (const [i, w] of writes.entries()) {
          await writeDirectly(db, w);
          defer(later, w);
          // As a handler that uses the table does: what was deferred to it is written first.
          if ((i * 7919 + seed) % 97 === 0) {
            await later.flush(db, ["deferred"]);
            flushes++;
          }
        }
        await later.flush(db);
        expect(flushes).to.be.greaterThan(2);
      });
      const direct = await rowsOf(db, "direct");
      expect(direct.length).to.be.at.least(ids);
      expect(await rowsOf(db, "deferred")).to.deep.equal(direct);
    });
  }

  it("writes 300 like rows as a few statements, leaving a table it was not asked to flush alone", async function () {
    await inTransaction(db, async () => {
      const later = new BatchWrites();
      for (let id = 0n; id < 300n; id++) later.insert("deferred", { cluster_id: 1n, id, status: "new", n: 0 });
      later.add("direct", "n", { cluster_id: 1n, id: 0n }, 5);
      await later.flush(db, ["deferred"]);
      expect(await rowsOf(db, "deferred")).to.have.length(300);
      await later.flush(db, []);
      expect(await rowsOf(db, "deferred")).to.have.length(300);
    });
  });
});
