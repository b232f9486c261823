/** What other parts of the project (scripts, benchmarks, tests) use from the backend. */
export { createApp, ROUTES } from "./api/app.js";
export type { ApiDeps, IndexerView } from "./api/deps.js";
export { createProvider } from "../core/chain/provider.js";
export { ClearingOperator, type ClearingOperatorOptions } from "./operators/clearing/operator.js";
export { loadConfig, type Config } from "./config.js";
export { openDatabase, type Db } from "./db/open.js";
export { Indexer, type IndexerState, type SyncReport } from "./indexer/indexer.js";
export { indexToHead, type IndexToHeadOptions } from "./indexer/run.js";
export { startServer, type RunningServer } from "./server.js";
