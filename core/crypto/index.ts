/**
 * Document encryption for the browser, the CLI and the backend alike: only @noble/* and
 * Uint8Array, no node: imports, synchronous (no WebCrypto), so the same code runs everywhere.
 * The one exception is `decryptWith`, asynchronous because its caller does the key agreement
 * (the browser with a non-extractable WebCrypto key); it still imports no WebCrypto itself.
 */
export {
  contentCommitment,
  decrypt,
  decryptWith,
  encryptForRecipients,
  envelopeRecipients,
  type OpenedDocument,
  type Recipient,
  type SealedDocument,
} from "./envelope.js";
export {
  FORMAT_VERSION,
  isRecipientId,
  looksLikeEnvelope,
  parseEnvelope,
  SALT_LENGTH,
  validateEnvelope,
  type EnvelopeHeader,
  type ParsedEnvelope,
  type RecipientEntry,
} from "./envelopeFormat.js";
export { type KeyAgreement } from "./keyWrap.js";
export { generateKeyPair, keyFingerprint, keyFromHex, keyToHex, publicKeyOf, type EncryptionKeyPair } from "./keys.js";
export { EnvelopeError, EnvelopeFormatError, EnvelopeTamperedError, InvalidKeyError, NotARecipientError, WrongKeyError } from "./errors.js";
