/**
 * Errors of document encryption, each with a stable `code` and the facts that explain it.
 * Decryption failures are deliberately specific (not a recipient / wrong key / altered)
 * because each asks the user for a different action.
 */
export abstract class EnvelopeError extends Error {
  abstract readonly code: string;
}

/** The bytes are not an envelope this code can read (wrong magic, version, or a malformed header). */
export class EnvelopeFormatError extends EnvelopeError {
  readonly code = "envelope_format";
  /** What is wrong, without the sentence around it. */
  readonly reason: string;
  constructor(reason: string) {
    super(`Not a readable encrypted document: ${reason}`);
    this.reason = reason;
    this.name = "EnvelopeFormatError";
  }
}

export class NotARecipientError extends EnvelopeError {
  readonly code = "not_a_recipient";
  constructor(
    readonly id: string,
    readonly recipients: readonly string[],
  ) {
    super(`${id} is not among the ${recipients.length} recipient(s) of this document and cannot decrypt it`);
    this.name = "NotARecipientError";
  }
}

/** The caller is a recipient, but its secret key is not the one the document key was wrapped for. */
export class WrongKeyError extends EnvelopeError {
  readonly code = "wrong_key";
  constructor(
    readonly id: string,
    readonly expectedKeyId: string,
    readonly actualKeyId: string,
  ) {
    super(`The document was encrypted for ${id}'s key ${expectedKeyId}, but the key given is ${actualKeyId}`);
    this.name = "WrongKeyError";
  }
}

/** Authentication failed: the envelope was altered (or damaged) after it was made. */
export class EnvelopeTamperedError extends EnvelopeError {
  readonly code = "envelope_tampered";
  constructor(readonly part: "wrapped key" | "content") {
    super(`The encrypted document's ${part} failed authentication: it was altered or damaged; refusing to decrypt`);
    this.name = "EnvelopeTamperedError";
  }
}

/** A key or recipient list given to encryption is unusable. */
export class InvalidKeyError extends EnvelopeError {
  readonly code = "invalid_key";
  constructor(message: string) {
    super(message);
    this.name = "InvalidKeyError";
  }
}
