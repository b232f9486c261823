import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import type { ClusterSpecJson } from "../../deploy/spec.js";
import { readDeployment } from "../../core/node/deploymentFile.js";
import { Leadership } from "../../backend/db/leader.js";
import { openDatabase } from "../../backend/db/open.js";
import { Indexer, type IndexedEvent } from "../../backend/indexer/indexer.js";
import { ROOT } from "../../scripts/lib/processes.js";
import { IMembership__factory } from "../../types/typechain/index.js";
import { account, sharedChain, type TestChain } from "./support/chain.js";
import { dumpIndex, indexOf, tempDir } from "./support/index.js";
import { TEST_DIALECT, testLocation } from "./support/store.js";
import { demoSpec, send } from "./support/world.js";

const CHILD = join(ROOT, "test", "backend", "support", "indexerChild.ts");

interface Replica {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching `pattern` (already printed or still to come). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<{ line: string; at: number }>;
}

function startReplica(env: NodeJS.ProcessEnv): Replica {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env, TEST_REPLICA: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const seen: { line: string; at: number }[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (hit: { line: string; at: number }) => void }>();
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const hit = { line, at: Date.now() };
    lines.push(line);
    seen.push(hit);
    for (const w of [...waiters]) if (w.pattern.test(line)) (waiters.delete(w), w.resolve(hit));
  });
  return {
    child,
    lines,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const found = seen.find((h) => pattern.test(h.line));
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; printed: ${lines.slice(-5).join(" | ")} ${stderr}`)), timeoutMs);
        waiters.add({ pattern, resolve: (hit) => (clearTimeout(timer), resolve(hit)) });
      }),
  };
}

function stopReplica(r: Replica, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return Promise.resolve();
  const closed = new Promise<void>((resolve) => r.child.once("close", () => resolve()));
  r.child.kill(signal);
  return closed;
}

describe("replicas on one PostgreSQL index: one elected indexer and operators, failover, notices", function () {
  let chain: TestChain;
  let recordPath: string;
  let record: DeploymentRecord;
  let dir: string;

  before(async function () {
    // SQLite is one process's store: replicas need PostgreSQL (the suite's second run).
    if (TEST_DIALECT !== "postgres") this.skip();
    this.timeout(300_000);
    chain = await sharedChain();
    dir = await tempDir();
    recordPath = join(dir, "deployment.json");
    const cdc = account(0, chain.provider);
    const cdo = account(9, chain.provider);
    record = await deployPlatform(cdc, { recordPath });
    const spec = await demoSpec();
    for (let i = 0; i < 4; i++) {
      const created = await createClusterFromSpec(cdc, record, { ...spec, name: `Replica Cluster ${i}` } as ClusterSpecJson);
      const membership = IMembership__factory.connect(created.membership, cdo);
      await send(membership.addPartner(`Partner ${i}`));
      await send(membership.addLink(10n, 1n, 1, true));
    }
  });

  it("elects exactly one holder of a role, and another within a second of it stepping down", async function () {
    const location = testLocation(join(dir, "roles"));
    const dbs = await Promise.all([0, 1, 2].map(() => openDatabase(location)));
    const roles = dbs.map((db) => new Leadership(db, "clearing operator", () => {}, 100));
    try {
      roles.forEach((r) => r.start());
      const deadline = Date.now() + 5000;
      while (!roles.some((r) => r.writer) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 400)); // several campaigns of the others
      expect(roles.filter((r) => r.writer !== null)).to.have.length(1);
      const leader = roles.find((r) => r.writer)!;
      const stepped = Date.now();
      await leader.stop();
      const others = roles.filter((r) => r !== leader);
      while (!others.some((r) => r.writer) && Date.now() < stepped + 5000) await new Promise((r) => setTimeout(r, 20));
      expect(Date.now() - stepped).to.be.below(1000);
      expect(others.filter((r) => r.writer !== null)).to.have.length(1);
    } finally {
      await Promise.all(roles.map((r) => r.stop()));
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it("after a kill -9 of the leading indexer inside a batch, another replica leads within 5 s and the index ends equal to a clean one", async function () {
    this.timeout(300_000);
    const location = testLocation(join(dir, "failover"));
    const env = {
      CLUSTER_RPC_URL: chain.url,
      CLUSTER_DEPLOYMENT: recordPath,
      CLUSTER_DATABASE_URL: location,
      CLUSTER_SESSION_SECRET: "s".repeat(32),
      CLUSTER_INDEXER_BATCH: "2",
      CLUSTER_INDEXER_POLL_MS: "20",
    };
    // The first replica blocks 3 s inside each batch's open transaction; the second, started once
    // the first leads, does not.
    const first = startReplica({ ...env, TEST_PAUSE_IN_TX_MS: "3000" });
    let second: Replica | undefined;
    try {
      await first.waitFor(/^leading$/, 30_000);
      second = startReplica(env);
      await second.waitFor(/^indexed \d+$/, 30_000); // following: it has read the index
      const inBatch = await first.waitFor(/^commit \d+$/, 60_000);
      expect(second.lines, "the second replica does not index while the first leads").not.to.include("leading");
      first.child.kill("SIGKILL");
      const killedAt = Date.now();
      const took = await second.waitFor(/^leading$/, 10_000);
      expect(took.at - killedAt, "takeover time (ms)").to.be.below(5000);
      console.log(`      (the second replica led ${took.at - killedAt} ms after the kill)`);
      const uncommitted = Number(inBatch.line.split(" ")[1]);
      const head = await chain.provider.getBlockNumber();
      expect(uncommitted, "the kill came before the head").to.be.below(head);
      await second.waitFor(new RegExp(`^indexed ${head}$`), 120_000);
    } finally {
      await stopReplica(first, "SIGKILL");
      if (second) await stopReplica(second);
    }
    const replicated = await openDatabase(location);
    const clean = await indexOf(chain.provider, recordPath);
    try {
      const dump = await dumpIndex(replicated);
      expect(dump.chain_events.length).to.be.greaterThan(20);
      expect(dump, "no batch lost, none applied twice").to.deep.equal(await dumpIndex(clean.db));
    } finally {
      await replicated.close();
      await clean.close();
    }
  });

  it("a follower hears of each batch the leader commits at once (LISTEN/NOTIFY), not at its next poll", async function () {
    this.timeout(120_000);
    const location = testLocation(join(dir, "notices"));
    const [leaderDb, followerDb] = [await openDatabase(location), await openDatabase(location)];
    const make = (db: typeof leaderDb, pollMs: number) =>
      new Indexer({
        db,
        provider: chain.provider,
        leadership: new Leadership(db, "indexer", () => {}, 200),
        loadDeployment: () => readDeployment(recordPath),
        batchBlocks: 2000,
        pollMs,
      });
    const leader = make(leaderDb, 20);
    const follower = make(followerDb, 600_000); // it would look again in ten minutes: only a notice can wake it
    try {
      leader.start();
      await leader.waitFor(await chain.provider.getBlockNumber(), 60_000);
      expect(leader.leading).to.equal(true);
      follower.start();
      await new Promise((r) => setTimeout(r, 500));
      expect(follower.leading).to.equal(false);
      const heard = new Promise<IndexedEvent>((resolve) => follower.on("indexed", (e) => resolve(e)));
      const membership = IMembership__factory.connect(
        (await leaderDb.prepare("SELECT address FROM components WHERE kind = 'Membership' LIMIT 1").get())!.address as string,
        account(9, chain.provider),
      );
      const minedIn = await send(membership.addPartner("Heard Everywhere"));
      const event = await Promise.race([
        heard,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the follower heard nothing within 5 s")), 5000)),
      ]);
      expect(event.to).to.be.at.least(minedIn);
      expect(follower.state.indexedBlock).to.be.at.least(minedIn);
    } finally {
      await follower.stop();
      await leader.stop();
      await leaderDb.close();
      await followerDb.close();
    }
  });
});
