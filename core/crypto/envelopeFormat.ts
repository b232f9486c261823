import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { EnvelopeFormatError } from "./errors.js";

/**
 * The byte layout of an encrypted document, as stored in IPFS:
 *
 *   "CPDE" (4 bytes) | format version (1 byte) | header length (uint32, big-endian) |
 *   header (UTF-8 JSON) | ciphertext of (salt (32 bytes) | document) with its 16-byte Poly1305 tag
 *
 * The header is JSON so that anyone (the backend checking "encrypted documents only", an
 * auditor) can list the recipients without a key; the binary prefix keeps the ciphertext
 * raw instead of base64-inflated. The whole prefix and header are the content cipher's
 * associated data, so changing any recipient entry makes decryption fail.
 *
 * Version 2 seals a fresh random salt in front of the document: what the chain anchors for a
 * confidential document is SHA-256(salt || document), which only a recipient can recompute, so a
 * guess of the content cannot be confirmed against the public commitment. Version 1 (no salt,
 * the plain SHA-256 on chain) is refused: no document of that format needs reading any more.
 */
export const MAGIC = utf8ToBytes("CPDE");
export const ENVELOPE_MARKER_LENGTH = MAGIC.length;
export const FORMAT_VERSION = 2;
/** Bytes of the random salt sealed in front of the document. */
export const SALT_LENGTH = 32;
export const CONTENT_CIPHER = "xchacha20-poly1305";
export const KEY_WRAP = "x25519-hkdf-sha256-xchacha20-poly1305";
/** Bytes before the header: magic, version, header length. */
export const PREFIX_LENGTH = MAGIC.length + 1 + 4;
export const TAG_LENGTH = 16;
/** The least ciphertext a version-2 envelope can carry: the sealed salt and the tag (an empty document). */
export const MIN_CIPHERTEXT_LENGTH = SALT_LENGTH + TAG_LENGTH;
/** Bounds that keep a hostile header from costing much to parse. */
export const MAX_RECIPIENTS = 1024;
const MAX_HEADER_BYTES = 1024 * 1024;

export interface RecipientEntry {
  /** How the platform names the recipient: its address (lowercase 0x hex, checked on parse). */
  id: string;
  /** keyFingerprint() of the public key the document key was wrapped for. */
  keyId: string;
  ephemeralPublicKey: Uint8Array;
  nonce: Uint8Array;
  wrappedKey: Uint8Array;
}

export interface EnvelopeHeader {
  version: number;
  cipher: typeof CONTENT_CIPHER;
  keyWrap: typeof KEY_WRAP;
  /** Nonce of the content cipher. */
  nonce: Uint8Array;
  recipients: RecipientEntry[];
}

export interface ParsedEnvelope {
  header: EnvelopeHeader;
  /** Prefix and header bytes exactly as stored: the content cipher's associated data. */
  associatedData: Uint8Array;
  ciphertext: Uint8Array;
}

/** The JSON form of the header: bytes as hex, so it can be logged and served as is. */
interface HeaderJson {
  cipher: string;
  keyWrap: string;
  nonce: string;
  recipients: { id: string; keyId: string; epk: string; nonce: string; wrappedKey: string }[];
}

/** Builds the prefix and header; the ciphertext is appended once it is computed over them. */
export function encodeEnvelopePrefix(nonce: Uint8Array, recipients: RecipientEntry[]): Uint8Array {
  const json: HeaderJson = {
    cipher: CONTENT_CIPHER,
    keyWrap: KEY_WRAP,
    nonce: bytesToHex(nonce),
    recipients: recipients.map((r) => ({
      id: r.id,
      keyId: r.keyId,
      epk: bytesToHex(r.ephemeralPublicKey),
      nonce: bytesToHex(r.nonce),
      wrappedKey: bytesToHex(r.wrappedKey),
    })),
  };
  const header = utf8ToBytes(JSON.stringify(json));
  const out = new Uint8Array(PREFIX_LENGTH + header.length);
  out.set(MAGIC, 0);
  out[MAGIC.length] = FORMAT_VERSION;
  new DataView(out.buffer).setUint32(MAGIC.length + 1, header.length, false);
  out.set(header, PREFIX_LENGTH);
  return out;
}

/** Whether bytes begin with the envelope marker: then they must be a whole, valid envelope. */
export function hasEnvelopeMarker(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/** Whether bytes start like an envelope (a cheap check for "is this ciphertext?"). */
export function looksLikeEnvelope(bytes: Uint8Array): boolean {
  return bytes.length >= PREFIX_LENGTH && MAGIC.every((b, i) => bytes[i] === b);
}

function headerLengthOf(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length + 1, false);
}

/**
 * How many bytes from its start an envelope (whose prefix `bytes` hold) needs for its recipients
 * to be read: prefix, header and the tag after it. A header over the allowed size counts as
 * that size, where parseEnvelope refuses it anyway.
 */
export function envelopeHeadLength(bytes: Uint8Array): number {
  return PREFIX_LENGTH + Math.min(headerLengthOf(bytes), MAX_HEADER_BYTES) + TAG_LENGTH;
}

/**
 * Checks the fixed prefix of an envelope (marker, version, header size) and returns where its
 * header ends: what a reader must have before the header can be parsed.
 */
export function envelopeHeaderEnd(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array)) throw new EnvelopeFormatError("expected bytes");
  if (!looksLikeEnvelope(bytes)) throw new EnvelopeFormatError("it does not start with the envelope marker");
  const version = bytes[MAGIC.length];
  if (version === 1) {
    throw new EnvelopeFormatError(
      `format version 1 is no longer read (it put the plain content hash on chain); encrypt the document again to get format version ${FORMAT_VERSION}`,
    );
  }
  if (version !== FORMAT_VERSION) throw new EnvelopeFormatError(`format version ${version} is not supported (this code reads version ${FORMAT_VERSION})`);
  const headerLength = headerLengthOf(bytes);
  if (headerLength > MAX_HEADER_BYTES) throw new EnvelopeFormatError(`its header claims ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} allowed`);
  return PREFIX_LENGTH + headerLength;
}

export function parseEnvelope(bytes: Uint8Array): ParsedEnvelope {
  const headerEnd = envelopeHeaderEnd(bytes);
  const version = bytes[MAGIC.length];
  if (bytes.length < headerEnd) throw new EnvelopeFormatError("it is truncated");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREFIX_LENGTH, headerEnd)));
  } catch {
    throw new EnvelopeFormatError("its header is not valid JSON");
  }
  return {
    header: { version, ...readHeader(json) },
    associatedData: bytes.subarray(0, headerEnd),
    ciphertext: bytes.subarray(headerEnd),
  };
}

/**
 * The whole structure of a complete envelope, as the backend checks an upload before storing it:
 * the header (parseEnvelope's checks) and a body that can hold at least the sealed salt and the
 * tag. Authentication itself needs a recipient's key and is not checked here.
 */
export function validateEnvelope(bytes: Uint8Array): ParsedEnvelope {
  const parsed = parseEnvelope(bytes);
  checkEnvelopeBody(parsed.ciphertext.length);
  return parsed;
}

/** Refuses an envelope body (what follows the header) too short to hold the sealed salt and the tag. */
export function checkEnvelopeBody(bodyLength: number): void {
  if (bodyLength < MIN_CIPHERTEXT_LENGTH) {
    throw new EnvelopeFormatError(`its body has ${bodyLength} bytes, fewer than the ${MIN_CIPHERTEXT_LENGTH} of the sealed salt and the authentication tag`);
  }
}

function readHeader(json: unknown): Omit<EnvelopeHeader, "version"> {
  const h = object(json, "header");
  if (h.cipher !== CONTENT_CIPHER) throw new EnvelopeFormatError(`content cipher ${JSON.stringify(h.cipher)} is not supported`);
  if (h.keyWrap !== KEY_WRAP) throw new EnvelopeFormatError(`key wrapping ${JSON.stringify(h.keyWrap)} is not supported`);
  if (!Array.isArray(h.recipients) || h.recipients.length === 0) throw new EnvelopeFormatError("it lists no recipients");
  if (h.recipients.length > MAX_RECIPIENTS) throw new EnvelopeFormatError(`it lists ${h.recipients.length} recipients, more than ${MAX_RECIPIENTS}`);
  const seen = new Set<string>();
  const recipients = h.recipients.map((value: unknown, i: number): RecipientEntry => {
    const r = object(value, `recipient ${i}`);
    if (typeof r.id !== "string" || r.id.length === 0) throw new EnvelopeFormatError(`recipient ${i} has no id`);
    if (!isRecipientId(r.id)) throw new EnvelopeFormatError(`recipient ${i}'s id ${JSON.stringify(r.id.slice(0, 50))} is not an address (lowercase 0x hex)`);
    if (seen.has(r.id)) throw new EnvelopeFormatError(`recipient ${r.id} is listed twice`);
    seen.add(r.id);
    if (typeof r.keyId !== "string" || !/^[0-9a-f]{32}$/.test(r.keyId)) throw new EnvelopeFormatError(`recipient ${i}'s key id is not 16 bytes of hex`);
    return {
      id: r.id,
      keyId: r.keyId,
      ephemeralPublicKey: hex(r.epk, 32, `recipient ${i} ephemeral key`),
      nonce: hex(r.nonce, 24, `recipient ${i} nonce`),
      wrappedKey: hex(r.wrappedKey, 48, `recipient ${i} wrapped key`),
    };
  });
  return { cipher: CONTENT_CIPHER, keyWrap: KEY_WRAP, nonce: hex(h.nonce, 24, "content nonce"), recipients };
}

/** A recipient is named by its address, lowercase 0x hex, as sessions and the chain's index name accounts. */
export function isRecipientId(id: string): boolean {
  return /^0x[0-9a-f]{40}$/.test(id);
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new EnvelopeFormatError(`its ${what} is not an object`);
  return value as Record<string, unknown>;
}

function hex(value: unknown, length: number, what: string): Uint8Array {
  if (typeof value !== "string" || value.length !== length * 2 || !/^[0-9a-f]*$/.test(value))
    throw new EnvelopeFormatError(`its ${what} is not ${length} bytes of hex`);
  return hexToBytes(value);
}
