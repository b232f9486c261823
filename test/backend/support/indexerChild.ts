/**
 * The indexer as a separate process, for the crash tests. Prints "commit <to>" inside each
 * batch's open transaction and, when TEST_PAUSE_IN_TX_MS is set, blocks there that long, so the
 * parent can SIGKILL it with the transaction open. By default it indexes to the head and exits;
 * with TEST_REPLICA set it is one replica on a shared PostgreSQL index: it asks for the indexer's
 * role, prints "leading" when elected and "indexed <to>" on each batch it sees (its own or the
 * leader's), and follows the chain until stopped.
 */
import { readDeployment } from "../../../core/node/deploymentFile.js";
import { createProvider } from "../../../core/chain/provider.js";
import { indexLocation, loadConfig } from "../../../backend/config.js";
import { Leadership } from "../../../backend/db/leader.js";
import { openDatabase } from "../../../backend/db/open.js";
import { Indexer } from "../../../backend/indexer/indexer.js";

const config = loadConfig();
const pauseMs = Number(process.env.TEST_PAUSE_IN_TX_MS ?? 0);
const replica = process.env.TEST_REPLICA !== undefined;
const db = await openDatabase(indexLocation(config));
const provider = createProvider(config.rpcUrl, { chainId: 31337, pollMs: 50 });
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const say = (line: string) => process.stdout.write(`${line}\n`); // synchronous on Linux pipes

const leadership = replica ? new Leadership(db, "indexer") : undefined;
leadership?.on("elected", () => say("leading"));
const indexer = new Indexer({
  db,
  provider,
  leadership,
  loadDeployment: () => readDeployment(config.deploymentPath),
  batchBlocks: config.indexer.batchBlocks,
  pollMs: config.indexer.pollMs,
  hooks: {
    beforeCommit: ({ to }) => {
      say(`commit ${to}`);
      if (pauseMs > 0) Atomics.wait(sleeper, 0, 0, pauseMs);
    },
  },
});

if (replica) {
  indexer.on("indexed", (e) => say(`indexed ${e.to}`));
  indexer.on("error", () => {});
  indexer.start();
  process.on("SIGTERM", () => {
    void indexer.stop().then(async () => {
      provider.destroy();
      await db.close();
      process.exit(0);
    });
  });
} else {
  const report = await indexer.syncToHead();
  say(`done ${report.toBlock}`);
  provider.destroy();
  await db.close();
}
