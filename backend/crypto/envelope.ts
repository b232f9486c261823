import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { concatBytes } from "@noble/hashes/utils.js";
import { encodeEnvelopePrefix, MAX_RECIPIENTS, parseEnvelope, type RecipientEntry } from "./envelope-format.js";
import { EnvelopeTamperedError, InvalidKeyError, NotARecipientError, WrongKeyError } from "./errors.js";
import { assertKey, keyFingerprint, publicKeyOf } from "./keys.js";
import { NONCE_LENGTH, unwrapDocumentKey, wrapDocumentKey } from "./key-wrap.js";

export interface Recipient {
  /** The recipient's platform id (its address, lowercase 0x hex); compared exactly on decrypt. */
  id: string;
  /** Its X25519 public key, as registered in Membership. */
  publicKey: Uint8Array;
}

/**
 * Encrypts a document for the given recipients: a fresh random 32-byte key encrypts the
 * content with XChaCha20-Poly1305 (a 24-byte random nonce is safe to pick at random), and
 * that key is wrapped for each recipient. Returns the envelope bytes to upload. Include the
 * author among the recipients if the author should be able to read it back.
 */
export function encryptForRecipients(plaintext: Uint8Array, recipients: readonly Recipient[]): Uint8Array {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError("The plaintext must be a Uint8Array");
  if (recipients.length === 0) throw new InvalidKeyError("A document needs at least one recipient");
  if (recipients.length > MAX_RECIPIENTS) throw new InvalidKeyError(`A document can have at most ${MAX_RECIPIENTS} recipients`);
  const seen = new Set<string>();
  for (const r of recipients) {
    if (typeof r.id !== "string" || r.id.length === 0) throw new InvalidKeyError("Every recipient needs an id");
    if (seen.has(r.id)) throw new InvalidKeyError(`Recipient ${r.id} is listed twice`);
    seen.add(r.id);
    assertKey(r.publicKey, `public key of ${r.id}`);
  }
  const documentKey = randomBytes(32);
  const entries: RecipientEntry[] = recipients.map((r) => ({
    id: r.id,
    keyId: keyFingerprint(r.publicKey),
    ...wrapDocumentKey(documentKey, r.id, r.publicKey),
  }));
  const nonce = randomBytes(NONCE_LENGTH);
  const prefix = encodeEnvelopePrefix(nonce, entries);
  const ciphertext = xchacha20poly1305(documentKey, nonce, prefix).encrypt(plaintext);
  documentKey.fill(0);
  return concatBytes(prefix, ciphertext);
}

/**
 * Decrypts an envelope as recipient `myId` holding `mySecretKey`. Refuses with
 * NotARecipientError, WrongKeyError, EnvelopeTamperedError or EnvelopeFormatError; never
 * returns bytes that failed authentication.
 */
export function decrypt(envelope: Uint8Array, myId: string, mySecretKey: Uint8Array): Uint8Array {
  const { header, associatedData, ciphertext } = parseEnvelope(envelope);
  const entry = header.recipients.find((r) => r.id === myId);
  if (!entry) throw new NotARecipientError(myId, header.recipients.map((r) => r.id));
  const myPublicKey = publicKeyOf(mySecretKey);
  const myKeyId = keyFingerprint(myPublicKey);
  if (entry.keyId !== myKeyId) throw new WrongKeyError(myId, entry.keyId, myKeyId);
  const documentKey = unwrapDocumentKey(entry, myId, mySecretKey, myPublicKey);
  try {
    return xchacha20poly1305(documentKey, header.nonce, associatedData).decrypt(ciphertext);
  } catch {
    throw new EnvelopeTamperedError("content");
  } finally {
    documentKey.fill(0);
  }
}

/** Who can read an envelope, without decrypting it (for the API's recipient check and the UI). */
export function envelopeRecipients(envelope: Uint8Array): { id: string; keyId: string }[] {
  return parseEnvelope(envelope).header.recipients.map((r) => ({ id: r.id, keyId: r.keyId }));
}
