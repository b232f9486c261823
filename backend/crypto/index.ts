/**
 * Document encryption for the browser, the CLI and the backend alike: only @noble/* and
 * Uint8Array, no node: imports, synchronous (no WebCrypto), so the same code runs everywhere.
 */
export { decrypt, encryptForRecipients, envelopeRecipients, type Recipient } from "./envelope.js";
export { FORMAT_VERSION, looksLikeEnvelope, parseEnvelope, type EnvelopeHeader, type ParsedEnvelope, type RecipientEntry } from "./envelope-format.js";
export { generateKeyPair, keyFingerprint, keyFromHex, keyToHex, publicKeyOf, type EncryptionKeyPair } from "./keys.js";
export { EnvelopeError, EnvelopeFormatError, EnvelopeTamperedError, InvalidKeyError, NotARecipientError, WrongKeyError } from "./errors.js";
