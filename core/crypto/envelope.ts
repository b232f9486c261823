import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes } from "@noble/hashes/utils.js";
import { encodeEnvelopePrefix, isRecipientId, MAX_RECIPIENTS, parseEnvelope, SALT_LENGTH, type RecipientEntry } from "./envelopeFormat.js";
import { EnvelopeFormatError, EnvelopeTamperedError, InvalidKeyError, NotARecipientError, WrongKeyError } from "./errors.js";
import { assertKey, keyFingerprint, publicKeyOf } from "./keys.js";
import { NONCE_LENGTH, unwrapDocumentKey, unwrapDocumentKeyWith, wrapDocumentKey, type KeyAgreement } from "./keyWrap.js";

export interface Recipient {
  /** The recipient's platform id (its address, lowercase 0x hex); compared exactly on decrypt. */
  id: string;
  /** Its X25519 public key, as registered in Membership. */
  publicKey: Uint8Array;
}

/** An encrypted document and the commitment to anchor for it. */
export interface SealedDocument {
  /** The envelope bytes to upload. */
  envelope: Uint8Array;
  /** The random salt sealed inside the envelope (recipients read it back on decrypt). */
  salt: Uint8Array;
  /** SHA-256(salt || plaintext): what the chain anchors as the document's content hash. */
  commitment: Uint8Array;
}

/** A decrypted document with the salt sealed beside it and the commitment they give. */
export interface OpenedDocument {
  plaintext: Uint8Array;
  salt: Uint8Array;
  /** SHA-256(salt || plaintext): compare it with the anchored content hash. */
  commitment: Uint8Array;
}

/**
 * The commitment to a confidential document: SHA-256 over a random salt and the plaintext. Only
 * who holds the salt (a recipient) can recompute it, so the public value confirms no guess.
 */
export function contentCommitment(salt: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (!(salt instanceof Uint8Array) || salt.length !== SALT_LENGTH) throw new InvalidKeyError(`A content salt is ${SALT_LENGTH} bytes`);
  return sha256.create().update(salt).update(plaintext).digest();
}

/**
 * Encrypts a document for the given recipients: a fresh random 32-byte key encrypts a fresh
 * random salt followed by the content with XChaCha20-Poly1305 (a 24-byte random nonce is safe
 * to pick at random), and that key is wrapped for each recipient. Returns the envelope bytes to
 * upload and the salted commitment to anchor. Include the author among the recipients if the
 * author should be able to read it back.
 */
export function encryptForRecipients(plaintext: Uint8Array, recipients: readonly Recipient[]): SealedDocument {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError("The plaintext must be a Uint8Array");
  if (recipients.length === 0) throw new InvalidKeyError("A document needs at least one recipient");
  if (recipients.length > MAX_RECIPIENTS) throw new InvalidKeyError(`A document can have at most ${MAX_RECIPIENTS} recipients`);
  const seen = new Set<string>();
  for (const r of recipients) {
    if (typeof r.id !== "string" || r.id.length === 0) throw new InvalidKeyError("Every recipient needs an id");
    if (!isRecipientId(r.id)) throw new InvalidKeyError(`Recipient ${JSON.stringify(r.id.slice(0, 50))} is not an address (lowercase 0x hex)`);
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
  const salt = randomBytes(SALT_LENGTH);
  const payload = concatBytes(salt, plaintext);
  const ciphertext = xchacha20poly1305(documentKey, nonce, prefix).encrypt(payload);
  documentKey.fill(0);
  payload.fill(0);
  return { envelope: concatBytes(prefix, ciphertext), salt, commitment: contentCommitment(salt, plaintext) };
}

/** An envelope parsed as far as its recipient can go without its secret key. */
interface Addressed {
  entry: RecipientEntry;
  nonce: Uint8Array;
  associatedData: Uint8Array;
  ciphertext: Uint8Array;
}

/** Parses the envelope and finds `myId`'s entry, refusing a non-recipient. */
function entryOf(envelope: Uint8Array, myId: string): Addressed {
  const { header, associatedData, ciphertext } = parseEnvelope(envelope);
  const entry = header.recipients.find((r) => r.id === myId);
  if (!entry)
    throw new NotARecipientError(
      myId,
      header.recipients.map((r) => r.id),
    );
  return { entry, nonce: header.nonce, associatedData, ciphertext };
}

/** Refuses an entry wrapped for another key than `myPublicKey` (so the holder hears "wrong key", not "tampered"). */
function assertMyKey(addressed: Addressed, myId: string, myPublicKey: Uint8Array): void {
  const myKeyId = keyFingerprint(myPublicKey);
  if (addressed.entry.keyId !== myKeyId) throw new WrongKeyError(myId, addressed.entry.keyId, myKeyId);
}

/** Decrypts and authenticates the content with the unwrapped document key (which it then wipes). */
function openPayload(addressed: Addressed, documentKey: Uint8Array): OpenedDocument {
  let payload: Uint8Array;
  try {
    payload = xchacha20poly1305(documentKey, addressed.nonce, addressed.associatedData).decrypt(addressed.ciphertext);
  } catch {
    throw new EnvelopeTamperedError("content");
  } finally {
    documentKey.fill(0);
  }
  // Authenticated, so only a writer of a malformed envelope (not an attacker) can get here.
  if (payload.length < SALT_LENGTH) throw new EnvelopeFormatError(`its sealed content has ${payload.length} bytes, fewer than the ${SALT_LENGTH}-byte salt`);
  const salt = payload.slice(0, SALT_LENGTH);
  const plaintext = payload.subarray(SALT_LENGTH);
  return { plaintext, salt, commitment: contentCommitment(salt, plaintext) };
}

/**
 * Decrypts an envelope as recipient `myId` whose key pair has public half `myPublicKey`, with the
 * X25519 key agreement done by `agree` (in a browser: WebCrypto's deriveBits with a
 * non-extractable key, so the secret key never reaches script). The same result and the same
 * refusals as `decrypt`: NotARecipientError, WrongKeyError, EnvelopeTamperedError (also when
 * `agree` refuses the entry's ephemeral key) or EnvelopeFormatError.
 */
export async function decryptWith(envelope: Uint8Array, myId: string, myPublicKey: Uint8Array, agree: KeyAgreement): Promise<OpenedDocument> {
  const addressed = entryOf(envelope, myId);
  assertKey(myPublicKey, "public key");
  assertMyKey(addressed, myId, myPublicKey);
  return openPayload(addressed, await unwrapDocumentKeyWith(addressed.entry, myId, myPublicKey, agree));
}

/**
 * Decrypts an envelope as recipient `myId` holding the raw `mySecretKey`: the plaintext, the salt
 * sealed with it and their commitment. The same steps as `decryptWith`, with noble doing the key
 * agreement, kept synchronous for tools and tests. Refuses with NotARecipientError, WrongKeyError,
 * EnvelopeTamperedError or EnvelopeFormatError; never returns bytes that failed authentication.
 */
export function decrypt(envelope: Uint8Array, myId: string, mySecretKey: Uint8Array): OpenedDocument {
  const addressed = entryOf(envelope, myId);
  const myPublicKey = publicKeyOf(mySecretKey);
  assertMyKey(addressed, myId, myPublicKey);
  return openPayload(addressed, unwrapDocumentKey(addressed.entry, myId, mySecretKey, myPublicKey));
}

/** Who can read an envelope, without decrypting it (for the API's recipient check and the UI). */
export function envelopeRecipients(envelope: Uint8Array): { id: string; keyId: string }[] {
  return parseEnvelope(envelope).header.recipients.map((r) => ({ id: r.id, keyId: r.keyId }));
}
