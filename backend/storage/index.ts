export type { AddOptions, AddResult, ContentSource, ContentStat, ContentStore, ContentStoreKind, ReadOptions } from "./contentStore.js";
export { createContentStore, DEFAULT_MAX_UPLOAD_BYTES, type ContentStoreConfig } from "./create.js";
export { EmbeddedStore, type EmbeddedStoreOptions } from "./embeddedStore.js";
export { KuboStore, type KuboStoreOptions } from "./kuboStore.js";
export { KUBO_CHUNK_SIZE, KUBO_MAX_CHILDREN_PER_NODE, kuboAddOptions, kuboImporterOptions } from "../../core/content/kuboDefaults.js";
export { parseCid } from "./cid.js";
export {
  ContentIntegrityError,
  ContentNotAFileError,
  ContentNotFoundError,
  ContentStoreError,
  ContentStoreUnavailableError,
  ContentTooLargeError,
  InvalidCidError,
} from "./errors.js";
