import { expect } from "chai";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { issueNonce } from "../../backend/auth/nonces.js";
import { openDatabase } from "../../backend/db/open.js";
import { statement } from "../../backend/db/statements.js";
import { indexToHead } from "../../backend/indexer/run.js";
import { recordUpload } from "../../backend/services/document-management/documents.js";
import { ROOT } from "../../scripts/lib/processes.js";
import { dumpIndex, indexOf, tempDir } from "./support/index.js";
import { storeEnv, testLocation } from "./support/store.js";
import { platformWorld, type PlatformWorld } from "./support/world.js";

const run = promisify(execFile);
const INDEX_SCRIPT = join(ROOT, "scripts", "index.ts");

/** `scripts/clusterw index …` with the backend settings of `env`; its output and exit code. */
async function indexCommand(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", INDEX_SCRIPT, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe("moving an index: scripts/clusterw index copy and rebuild", function () {
  let world: PlatformWorld;
  let dir: string;

  before(async function () {
    this.timeout(300_000);
    world = await platformWorld();
    dir = await tempDir();
  });

  it("copies what no chain event gives back from a SQLite index, then rebuilds the rest from the chain equal to a clean index", async function () {
    this.timeout(300_000);
    // The installation being moved: a SQLite index with an upload and a sign-in in progress.
    const oldPath = join(dir, "old.sqlite");
    const old = await openDatabase(oldPath);
    await indexToHead({ db: old, provider: world.chain.provider, record: world.record });
    await recordUpload(old, {
      cid: "bafkreiupload",
      clusterId: Number(world.demo.clusterId),
      uploader: world.member.address,
      encrypted: true,
      at: 1_700_000_000,
    });
    const { nonce } = await issueNonce(old);
    await old.close();

    const env = { CLUSTER_RPC_URL: world.chain.url, CLUSTER_DEPLOYMENT: world.recordPath, ...storeEnv(join(dir, "new.sqlite")) };
    const copied = await indexCommand(["copy", oldPath], env);
    expect(copied.code, copied.output).to.equal(0);
    expect(copied.output)
      .to.contain("copied document_uploads: 1 rows")
      .and.contain("copied auth_nonces: 1 rows")
      .and.match(/Indexed blocks \d+–\d+: \d+ events/);

    const moved = await openDatabase(testLocation(join(dir, "new.sqlite")));
    const clean = await indexOf(world.chain.provider, world.recordPath);
    try {
      const upload = await statement(moved, "SELECT cluster_id, uploader, encrypted, uploaded_at FROM document_uploads WHERE cid = ?").get("bafkreiupload");
      expect(upload).to.deep.equal({
        cluster_id: Number(world.demo.clusterId),
        uploader: world.member.address.toLowerCase(),
        encrypted: 1,
        uploaded_at: 1_700_000_000,
      });
      expect(await statement(moved, "SELECT nonce FROM auth_nonces").all()).to.deep.equal([{ nonce }]);
      expect(await dumpIndex(moved)).to.deep.equal(await dumpIndex(clean.db));

      // A rebuild keeps what was copied and gives the same index again.
      const rebuilt = await indexCommand(["rebuild"], env);
      expect(rebuilt.code, rebuilt.output).to.equal(0);
      expect(await statement(moved, "SELECT COUNT(*) AS n FROM document_uploads").get()).to.deep.equal({ n: 1 });
      expect(await dumpIndex(moved)).to.deep.equal(await dumpIndex(clean.db));
    } finally {
      await moved.close();
      await clean.close();
    }
  });

  it("refuses a source that does not exist, or no command, saying how it is used, and changes nothing", async function () {
    this.timeout(60_000);
    const env = { CLUSTER_RPC_URL: world.chain.url, CLUSTER_DEPLOYMENT: world.recordPath, ...storeEnv(join(dir, "untouched.sqlite")) };
    const missing = await indexCommand(["copy", join(dir, "nowhere.sqlite")], env);
    expect(missing.code).to.equal(1);
    expect(missing.output).to.contain("usage: scripts/clusterw index rebuild | copy <from.sqlite>").and.contain("name an existing SQLite index");
    const none = await indexCommand([], env);
    expect(none.code).to.equal(1);
    expect(none.output).to.contain("usage:");
    const untouched = await openDatabase(testLocation(join(dir, "untouched.sqlite")));
    try {
      expect(await statement(untouched, "SELECT COUNT(*) AS n FROM chain_events").get()).to.deep.equal({ n: 0 });
    } finally {
      await untouched.close();
    }
  });
});
