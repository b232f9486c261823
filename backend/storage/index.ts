export type { AddOptions, AddResult, ContentSource, ContentStat, ContentStore, ContentStoreKind, ReadOptions } from "./content-store.js";
export { createContentStore, DEFAULT_MAX_UPLOAD_BYTES, type ContentStoreConfig } from "./create.js";
export { EmbeddedStore, type EmbeddedStoreOptions } from "./embedded-store.js";
export { KuboStore, type KuboStoreOptions } from "./kubo-store.js";
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
