/**
 * The indexer as a separate process, for the crash tests: indexes to the head and exits.
 * Prints "commit <to>" inside each batch's open transaction and, when TEST_PAUSE_IN_TX_MS is
 * set, blocks there that long, so the parent can SIGKILL it with the transaction open.
 */
import { readDeployment } from "../../../core/node/deploymentFile.js";
import { createProvider } from "../../../core/chain/provider.js";
import { loadConfig } from "../../../backend/config.js";
import { openDatabase } from "../../../backend/db/open.js";
import { Indexer } from "../../../backend/indexer/indexer.js";

const config = loadConfig();
const pauseMs = Number(process.env.TEST_PAUSE_IN_TX_MS ?? 0);
const db = openDatabase(config.dbPath);
const provider = createProvider(config.rpcUrl, { chainId: 31337, pollMs: 50 });
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const indexer = new Indexer({
  db,
  provider,
  loadDeployment: () => readDeployment(config.deploymentPath),
  batchBlocks: config.indexer.batchBlocks,
  pollMs: config.indexer.pollMs,
  hooks: {
    beforeCommit: ({ to }) => {
      process.stdout.write(`commit ${to}\n`); // synchronous on Linux pipes
      if (pauseMs > 0) Atomics.wait(sleeper, 0, 0, pauseMs);
    },
  },
});

const report = await indexer.syncToHead();
process.stdout.write(`done ${report.toBlock}\n`);
provider.destroy();
db.close();
