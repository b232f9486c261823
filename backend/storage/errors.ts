/**
 * Errors of the content store. Each carries a stable `code` the API maps to an HTTP status
 * (content_too_large → 413, content_not_found → 404, invalid_cid / not_a_file → 400,
 * content_corrupt → 500/502) and the values that explain it.
 */
export abstract class ContentStoreError extends Error {
  abstract readonly code: string;
}

export class ContentTooLargeError extends ContentStoreError {
  readonly code = "content_too_large";
  /**
   * @param limit the configured maximum in bytes
   * @param size the size in bytes: exact when known up front, otherwise how many bytes had
   *   arrived when the stream was cut off (so at least this much)
   */
  constructor(
    readonly limit: number,
    readonly size: number,
  ) {
    super(`Content of ${size} bytes or more exceeds the limit of ${limit} bytes; nothing was stored`);
    this.name = "ContentTooLargeError";
  }
}

export class InvalidCidError extends ContentStoreError {
  readonly code = "invalid_cid";
  constructor(readonly input: string) {
    super(`${JSON.stringify(input.slice(0, 100))} is not a valid CID`);
    this.name = "InvalidCidError";
  }
}

export class ContentNotFoundError extends ContentStoreError {
  readonly code = "content_not_found";
  /** @param missingBlock the block that is absent, when it is not the root (incomplete DAG) */
  constructor(
    readonly cid: string,
    readonly missingBlock?: string,
  ) {
    super(
      missingBlock === undefined || missingBlock === cid
        ? `Content ${cid} is not in the store`
        : `Content ${cid} is incomplete in the store: block ${missingBlock} is missing`,
    );
    this.name = "ContentNotFoundError";
  }
}

/** A block's bytes do not hash to its CID: the stored data was altered or damaged. */
export class ContentIntegrityError extends ContentStoreError {
  readonly code = "content_corrupt";
  constructor(
    readonly cid: string,
    readonly block: string,
    detail = "its bytes do not hash to its CID",
  ) {
    super(`Content ${cid} failed verification: block ${block} ${detail}; refusing to return it`);
    this.name = "ContentIntegrityError";
  }
}

export class ContentNotAFileError extends ContentStoreError {
  readonly code = "not_a_file";
  constructor(readonly cid: string) {
    super(`Content ${cid} is not a file (a directory or other DAG)`);
    this.name = "ContentNotAFileError";
  }
}

/** The production store (Kubo) could not be reached or answered with an error. */
export class ContentStoreUnavailableError extends ContentStoreError {
  readonly code = "content_store_unavailable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ContentStoreUnavailableError";
  }
}
