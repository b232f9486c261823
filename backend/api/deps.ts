import type { Db } from "../db/db.js";
import type { Config } from "../config.js";
import type { IndexerState } from "../indexer/indexer.js";
import type { GatewayKeys } from "../gateway/keys.js";
import type { ManifestLibrary } from "../services/manifests.js";
import type { ContentStore } from "../storage/contentStore.js";
import type { BackendMetrics } from "../ops/metrics.js";
import type { RequestLog } from "../ops/logger.js";

/** What the API reads from the indexer: its state only (no RPC on request paths). */
export interface IndexerView {
  readonly state: Readonly<IndexerState>;
  /** "indexed" after each batch drives the notification feed; without it the feed only sends its first look. */
  on?(event: "indexed", listener: () => void): unknown;
  off?(event: "indexed", listener: () => void): unknown;
}

export interface ApiDeps {
  db: Db;
  config: Config;
  indexer: IndexerView;
  /** Document bytes; without one the upload and download routes answer 404 (not offered). */
  store?: ContentStore;
  log?: (line: string) => void;
  /** The manifests behind the catalog's CIDs; by default read through `store`. */
  manifests?: ManifestLibrary;
  /** The gateway's token and webhook keys; by default a key pair held in memory for this app only. */
  gatewayKeys?: GatewayKeys;
  /** Told of every answered request, by route pattern; by default requests are not logged. */
  requestLog?: RequestLog;
  /** The chain's and the operators' metrics, served with the app's at /metrics; by default the app's own (all zero). */
  metrics?: BackendMetrics;
  /** The addresses the platform's operators sign with, named in /api/names; by default none. */
  operators?: { clearing: string | null; permissioning: string | null };
  /** True once the server is stopping: /readyz then answers 503 so that load balancers send nothing new. */
  draining?: () => boolean;
}
