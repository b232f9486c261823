import { expect } from "chai";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createInterface } from "node:readline";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import type { ClusterSpecJson } from "../../deploy/spec.js";
import { ROOT } from "../../scripts/lib/processes.js";
import { IMembership__factory } from "../../types/typechain/index.js";
import { account, sharedChain, type TestChain } from "./support/chain.js";
import { dumpIndex, indexOf, tempDir } from "./support/index.js";
import { demoSpec, send } from "./support/world.js";
import { SqliteDb } from "../../backend/db/sqlite.js";

const BATCH = 2;
const CHILD = join(ROOT, "test", "backend", "support", "indexerChild.ts");

interface ChildRun {
  /** The batch ends ("commit <to>") the child printed before it ended. */
  commits: number[];
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

/**
 * Runs the indexer child; with `killAfterCommits` it is SIGKILLed as soon as it reports that
 * many batches (with TEST_PAUSE_IN_TX_MS it is then blocked inside that batch's open
 * transaction); with `killAfterMs`, after that long whatever it is doing.
 */
function runChild(env: NodeJS.ProcessEnv, opts: { killAfterCommits?: number; killAfterMs?: number } = {}): Promise<ChildRun> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const commits: number[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    const m = /^commit (\d+)$/.exec(line);
    if (!m) return;
    commits.push(Number(m[1]));
    if (opts.killAfterCommits !== undefined && commits.length >= opts.killAfterCommits) child.kill("SIGKILL");
  });
  const timer = opts.killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs);
  return new Promise((resolve) => {
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal === null) console.error(stderr);
      resolve({ commits, exit: { code, signal } });
    });
  });
}

function inspect(dbPath: string): { checkpoint: number; integrity: string; logs: number } {
  const db = new DatabaseSync(dbPath);
  try {
    const checkpoint = db.prepare("SELECT value FROM meta WHERE key = 'checkpoint_block'").get() as { value: string } | undefined;
    const integrity = (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
    const logs = (db.prepare("SELECT COUNT(*) AS n FROM chain_events").get() as { n: number }).n;
    return { checkpoint: Number(checkpoint?.value ?? -1), integrity, logs };
  } finally {
    db.close();
  }
}

describe("indexer restart after kill -9", function () {
  let chain: TestChain;
  let recordPath: string;
  let env: NodeJS.ProcessEnv;
  let dbPath: string;

  before(async function () {
    this.timeout(300_000);
    chain = await sharedChain();
    const dir = await tempDir();
    recordPath = join(dir, "deployment.json");
    dbPath = join(dir, "killed.sqlite");
    // A platform of its own with many events: clusters, then membership changes in many blocks.
    const cdc = account(0, chain.provider);
    const cdo = account(9, chain.provider);
    const record = await deployPlatform(cdc, { recordPath });
    const spec = await demoSpec();
    for (let i = 0; i < 8; i++) {
      const created = await createClusterFromSpec(cdc, record, { ...spec, name: `Crash Test Cluster ${i}` } as ClusterSpecJson);
      const membership = IMembership__factory.connect(created.membership, cdo);
      await send(membership.addPartner(`Partner ${i}`));
      await send(membership.addLink(10n, 1n, 1, true));
      await send(membership.removeLink(2n));
      // Roles change only by a passed proposal (issue 9): a member's own profile edit instead.
      const member = account(5, chain.provider);
      await send(membership.connect(member).updateProfile(member.address, `Renamed ${i}`, 0, ""));
    }
    env = {
      CLUSTER_RPC_URL: chain.url,
      CLUSTER_DEPLOYMENT: recordPath,
      CLUSTER_DB: dbPath,
      CLUSTER_SESSION_SECRET: "s".repeat(32),
      CLUSTER_INDEXER_BATCH: String(BATCH),
      CLUSTER_INDEXER_POLL_MS: "20",
    };
  });

  it("loses and duplicates nothing when killed inside batches, and ends equal to a clean index", async function () {
    this.timeout(300_000);
    let last = -1;
    // Killed with a batch's transaction open (the child blocks inside it after reporting it).
    for (const killAfterCommits of [1, 3, 2, 4, 1]) {
      const run = await runChild({ ...env, TEST_PAUSE_IN_TX_MS: "2000" }, { killAfterCommits });
      expect(run.exit.signal).to.equal("SIGKILL");
      const uncommitted = run.commits.at(-1)!;
      const state = inspect(dbPath);
      expect(state.integrity).to.equal("ok");
      expect(state.checkpoint, "the killed batch is not committed").to.be.below(uncommitted);
      expect(state.checkpoint, "earlier batches stay committed").to.equal(uncommitted - BATCH);
      last = state.checkpoint;
    }
    // Killed at arbitrary moments (starting, fetching, applying, committing).
    for (const killAfterMs of [1200, 1800, 2400]) {
      await runChild({ ...env, TEST_PAUSE_IN_TX_MS: "400" }, { killAfterMs });
      const state = inspect(dbPath);
      expect(state.integrity).to.equal("ok");
      expect(state.checkpoint).to.be.at.least(last);
      last = state.checkpoint;
    }
    const head = await chain.provider.getBlockNumber();
    expect(last, "the kills happened before the end").to.be.below(head);

    const final = await runChild(env);
    expect(final.exit.code).to.equal(0);

    const clean = await indexOf(chain.provider, recordPath);
    try {
      const killed = new SqliteDb(dbPath);
      try {
        const dumpKilled = await dumpIndex(killed);
        const dumpClean = await dumpIndex(clean.db);
        expect(dumpKilled.chain_events.length).to.be.greaterThan(300);
        expect(dumpKilled).to.deep.equal(dumpClean);
      } finally {
        await killed.close();
      }
    } finally {
      await clean.close();
    }
  });
});
