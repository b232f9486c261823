import type { ContentStore } from "./contentStore.js";
import { EmbeddedStore } from "./embeddedStore.js";
import { KuboStore } from "./kuboStore.js";

/** 100 MiB: a generous default for contracts, drawings and reports; set per deployment. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export type ContentStoreConfig = { kind: "embedded"; dir: string; maxBytes?: number } | { kind: "kubo"; url: string; maxBytes?: number };

/** The one place that picks the content store implementation from configuration. */
export async function createContentStore(config: ContentStoreConfig): Promise<ContentStore> {
  const maxBytes = config.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  switch (config.kind) {
    case "embedded":
      return EmbeddedStore.open({ dir: config.dir, maxBytes });
    case "kubo":
      return KuboStore.open({ url: config.url, maxBytes });
  }
}
