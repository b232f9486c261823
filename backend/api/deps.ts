import type { DatabaseSync } from "node:sqlite";
import type { Config } from "../config.js";
import type { IndexerState } from "../indexer/indexer.js";

/** What the API reads from the indexer: its state only (no RPC on request paths). */
export interface IndexerView {
  readonly state: Readonly<IndexerState>;
}

export interface ApiDeps {
  db: DatabaseSync;
  config: Config;
  indexer: IndexerView;
  log?: (line: string) => void;
}
