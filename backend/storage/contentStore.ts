/**
 * The one interface the platform uses for document bytes. Implementations: the embedded
 * in-process IPFS store on disk (embeddedStore.ts) and a Kubo node over its RPC API
 * (kuboStore.ts), chosen in create.ts. Both give the CIDs `ipfs add` gives on a default
 * Kubo node, so moving from one to the other changes no CID.
 */

/** Bytes to store: all at once, or a stream of chunks (an upload body) so nothing needs buffering. */
export type ContentSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface AddOptions {
  signal?: AbortSignal;
}

export interface AddResult {
  /** CIDv0 (base58btc "Qm…"), exactly what `ipfs add` on a default Kubo node prints. */
  cid: string;
  /** Bytes of content stored (the file size, not the size of the DAG). */
  size: number;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** First byte to return (for HTTP range requests); default 0. */
  offset?: number;
  /** How many bytes to return from offset; default to the end. */
  length?: number;
}

export interface ContentStat {
  cid: string;
  /** File size in bytes. */
  size: number;
}

export type ContentStoreKind = "embedded" | "kubo";

export interface ContentStore {
  readonly kind: ContentStoreKind;
  /** Largest content add() accepts, in bytes. */
  readonly maxBytes: number;
  /**
   * Stores content and returns its CID. Refuses content larger than maxBytes with
   * ContentTooLargeError and then leaves nothing of it behind.
   */
  add(content: ContentSource, options?: AddOptions): Promise<AddResult>;
  /**
   * Streams the content of a file CID. Every block is hashed and checked against its CID
   * before any of its bytes are yielded; a mismatch ends the stream with ContentIntegrityError.
   * Errors (not found, invalid CID) surface on the first read; call stat() first to answer
   * with a status before streaming.
   */
  cat(cid: string, options?: ReadOptions): AsyncIterable<Uint8Array>;
  /** Whether the root block of cid is held locally (no network lookup). */
  has(cid: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  /** Size of a stored file; ContentNotFoundError when it is not held. */
  stat(cid: string, options?: { signal?: AbortSignal }): Promise<ContentStat>;
  close(): Promise<void>;
}
