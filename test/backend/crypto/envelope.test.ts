import { expect } from "chai";
import { createHash } from "node:crypto";
import {
  contentCommitment,
  decrypt,
  encryptForRecipients,
  envelopeRecipients,
  EnvelopeFormatError,
  EnvelopeTamperedError,
  generateKeyPair,
  InvalidKeyError,
  keyFingerprint,
  keyFromHex,
  keyToHex,
  looksLikeEnvelope,
  NotARecipientError,
  parseEnvelope,
  publicKeyOf,
  validateEnvelope,
  WrongKeyError,
  type EncryptionKeyPair,
} from "../../../core/crypto/index.js";

const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const CAROL = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const MALLORY = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";

/** The envelope bytes of an encryption (most tests need only them). */
function seal(...args: Parameters<typeof encryptForRecipients>): Uint8Array {
  return encryptForRecipients(...args).envelope;
}

/** The plaintext of a decryption. */
function open(...args: Parameters<typeof decrypt>): Uint8Array {
  return decrypt(...args).plaintext;
}

function caught(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

/** Offsets inside an envelope, from its own header, so tampering hits the intended part. */
function layout(envelope: Uint8Array): { headerStart: number; ciphertextStart: number } {
  const { associatedData } = parseEnvelope(envelope);
  return { headerStart: 9, ciphertextStart: associatedData.length };
}

describe("document encryption", () => {
  let alice: EncryptionKeyPair;
  let bob: EncryptionKeyPair;
  let carol: EncryptionKeyPair;
  let mallory: EncryptionKeyPair;
  const plaintext = new TextEncoder().encode("Supply agreement No. 7: 1,200 castings by 30 June.\n");

  before(() => {
    [alice, bob, carol, mallory] = [generateKeyPair(), generateKeyPair(), generateKeyPair(), generateKeyPair()];
  });

  it("round-trips a document for its recipient", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    expect(looksLikeEnvelope(envelope)).to.equal(true);
    expect(Buffer.from(open(envelope, ALICE, alice.secretKey)).equals(plaintext)).to.equal(true);
  });

  it("never carries the plaintext in the clear", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    expect(Buffer.from(envelope).includes(Buffer.from(plaintext.subarray(0, 16)))).to.equal(false);
  });

  it("round-trips empty and large (8 MiB) documents", () => {
    const large = new Uint8Array(8 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    for (const doc of [new Uint8Array(0), large]) {
      const envelope = seal(doc, [{ id: BOB, publicKey: bob.publicKey }]);
      expect(Buffer.from(open(envelope, BOB, bob.secretKey)).equals(doc)).to.equal(true);
    }
  });

  it("lets each of several recipients decrypt with its own key", () => {
    const recipients = [
      { id: ALICE, publicKey: alice.publicKey },
      { id: BOB, publicKey: bob.publicKey },
      { id: CAROL, publicKey: carol.publicKey },
    ];
    const envelope = seal(plaintext, recipients);
    expect(envelopeRecipients(envelope)).to.deep.equal(recipients.map((r) => ({ id: r.id, keyId: keyFingerprint(r.publicKey) })));
    for (const [id, keys] of [
      [ALICE, alice],
      [BOB, bob],
      [CAROL, carol],
    ] as const) {
      expect(Buffer.from(open(envelope, id, keys.secretKey)).equals(plaintext)).to.equal(true);
    }
  });

  it("encrypts the same document differently each time (fresh key and nonces)", () => {
    const recipients = [{ id: ALICE, publicKey: alice.publicKey }];
    expect(Buffer.from(seal(plaintext, recipients)).equals(seal(plaintext, recipients))).to.equal(false);
  });

  it("refuses a non-recipient with NotARecipientError", () => {
    const envelope = seal(plaintext, [
      { id: ALICE, publicKey: alice.publicKey },
      { id: BOB, publicKey: bob.publicKey },
    ]);
    const error = caught(() => open(envelope, MALLORY, mallory.secretKey));
    expect(error).to.be.instanceOf(NotARecipientError);
    expect(error).to.include({ id: MALLORY, code: "not_a_recipient" });
    expect((error as Error).message).to.equal(`${MALLORY} is not among the 2 recipient(s) of this document and cannot decrypt it`);
  });

  it("refuses a non-recipient who claims a recipient's id but holds another key with WrongKeyError", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    const error = caught(() => open(envelope, ALICE, mallory.secretKey));
    expect(error).to.be.instanceOf(WrongKeyError);
    expect(error).to.include({ id: ALICE, expectedKeyId: keyFingerprint(alice.publicKey), actualKeyId: keyFingerprint(mallory.publicKey) });
  });

  it("detects a changed ciphertext byte and returns nothing", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    const { ciphertextStart } = layout(envelope);
    for (const at of [ciphertextStart, ciphertextStart + 10, envelope.length - 1]) {
      const altered = envelope.slice();
      altered[at] ^= 0x01;
      const error = caught(() => open(altered, ALICE, alice.secretKey));
      expect(error).to.be.instanceOf(EnvelopeTamperedError);
      expect(error).to.include({ part: "content", code: "envelope_tampered" });
    }
  });

  it("detects a truncated ciphertext", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    expect(caught(() => open(envelope.subarray(0, envelope.length - 1), ALICE, alice.secretKey))).to.be.instanceOf(EnvelopeTamperedError);
  });

  /** Rewrites one field of the JSON header and re-frames the envelope, as an attacker could. */
  function withHeader(envelope: Uint8Array, edit: (header: { nonce: string; recipients: Record<string, string>[] }) => void): Uint8Array {
    const { ciphertextStart, headerStart } = layout(envelope);
    const header = JSON.parse(Buffer.from(envelope.subarray(headerStart, ciphertextStart)).toString("utf8"));
    edit(header);
    const json = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.from(envelope.subarray(0, headerStart));
    prefix.writeUInt32BE(json.length, 5);
    return Buffer.concat([prefix, json, envelope.subarray(ciphertextStart)]);
  }

  function flipHex(hex: string): string {
    return (hex[0] === "0" ? "1" : "0") + hex.slice(1);
  }

  it("detects a changed wrapped key", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    const altered = withHeader(envelope, (h) => (h.recipients[0].wrappedKey = flipHex(h.recipients[0].wrappedKey)));
    const error = caught(() => open(altered, ALICE, alice.secretKey));
    expect(error).to.be.instanceOf(EnvelopeTamperedError);
    expect(error).to.include({ part: "wrapped key" });
  });

  it("detects a changed ephemeral key or wrap nonce", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    for (const field of ["epk", "nonce"]) {
      const altered = withHeader(envelope, (h) => (h.recipients[0][field] = flipHex(h.recipients[0][field])));
      expect(
        caught(() => open(altered, ALICE, alice.secretKey)),
        field,
      ).to.be.instanceOf(EnvelopeTamperedError);
    }
  });

  it("detects a recipient removed from the header even though the remaining entry is intact", () => {
    const envelope = seal(plaintext, [
      { id: ALICE, publicKey: alice.publicKey },
      { id: BOB, publicKey: bob.publicKey },
    ]);
    const altered = withHeader(envelope, (h) => h.recipients.splice(1, 1));
    const error = caught(() => open(altered, ALICE, alice.secretKey));
    expect(error).to.be.instanceOf(EnvelopeTamperedError);
    expect(error).to.include({ part: "content" });
  });

  it("detects an entry moved to another recipient's id", () => {
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    const altered = withHeader(envelope, (h) => (h.recipients[0].id = MALLORY));
    // Mallory would also need Alice's key; with it, the id bound into the wrap still fails.
    expect(caught(() => open(altered, MALLORY, alice.secretKey))).to.be.instanceOf(EnvelopeTamperedError);
  });

  it("refuses bytes that are not an envelope with EnvelopeFormatError", () => {
    const cases: [Uint8Array, string][] = [
      [plaintext, "Not a readable encrypted document: it does not start with the envelope marker"],
      [
        Uint8Array.from([0x43, 0x50, 0x44, 0x45, 9, 0, 0, 0, 0]),
        "Not a readable encrypted document: format version 9 is not supported (this code reads version 2)",
      ],
      [Uint8Array.from([0x43, 0x50, 0x44, 0x45, 2, 0, 0, 0, 50]), "Not a readable encrypted document: it is truncated"],
    ];
    for (const [bytes, message] of cases) {
      const error = caught(() => open(bytes, ALICE, alice.secretKey));
      expect(error).to.be.instanceOf(EnvelopeFormatError);
      expect((error as Error).message).to.equal(message);
    }
    const envelope = seal(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    const badHeader = withHeader(envelope, (h) => (h.nonce = "zz"));
    expect((caught(() => open(badHeader, ALICE, alice.secretKey)) as Error).message).to.equal(
      "Not a readable encrypted document: its content nonce is not 24 bytes of hex",
    );
  });

  it("refuses to encrypt for no one, for a duplicate id, or for a malformed key", () => {
    expect((caught(() => seal(plaintext, [])) as Error).message).to.equal("A document needs at least one recipient");
    const twice = caught(() =>
      seal(plaintext, [
        { id: ALICE, publicKey: alice.publicKey },
        { id: ALICE, publicKey: bob.publicKey },
      ]),
    );
    expect(twice).to.be.instanceOf(InvalidKeyError);
    expect((twice as Error).message).to.equal(`Recipient ${ALICE} is listed twice`);
    const short = caught(() => seal(plaintext, [{ id: ALICE, publicKey: new Uint8Array(31) }]));
    expect(short).to.be.instanceOf(InvalidKeyError);
    expect((short as Error).message).to.equal(`An X25519 public key of ${ALICE} is 32 bytes; got 31`);
    // The all-zero point is of low order: the shared secret would be zero, known to anyone.
    const zero = caught(() => seal(plaintext, [{ id: ALICE, publicKey: new Uint8Array(32) }]));
    expect(zero).to.be.instanceOf(InvalidKeyError);
    expect((zero as Error).message).to.equal(`The public key of ${ALICE} is not a usable X25519 key`);
  });
});

describe("the salted commitment to a confidential document", () => {
  const plaintext = new TextEncoder().encode("Price list 2026: castings at 412 per tonne.\n");
  const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash("sha256")).digest();

  it("commits to SHA-256(salt || plaintext) with a fresh 32-byte salt that only a recipient reads back", () => {
    const alice = generateKeyPair();
    const sealed = encryptForRecipients(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    expect(sealed.salt).to.have.length(32);
    expect(Buffer.from(sealed.commitment).equals(sha256(sealed.salt, plaintext))).to.equal(true);
    const opened = decrypt(sealed.envelope, ALICE, alice.secretKey);
    expect(Buffer.from(opened.plaintext).equals(plaintext)).to.equal(true);
    expect(Buffer.from(opened.salt).equals(sealed.salt)).to.equal(true);
    expect(Buffer.from(opened.commitment).equals(sealed.commitment)).to.equal(true);
    // The salt travels only sealed: neither it nor the commitment appears in the envelope's bytes.
    expect(Buffer.from(sealed.envelope).includes(Buffer.from(sealed.salt))).to.equal(false);
  });

  it("gives a commitment that a guess of the plaintext cannot reproduce, different for every encryption", () => {
    const alice = generateKeyPair();
    const one = encryptForRecipients(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    const two = encryptForRecipients(plaintext, [{ id: ALICE, publicKey: alice.publicKey }]);
    expect(Buffer.from(one.commitment).equals(sha256(plaintext))).to.equal(false);
    expect(Buffer.from(one.commitment).equals(two.commitment)).to.equal(false);
    expect(Buffer.from(contentCommitment(one.salt, plaintext)).equals(one.commitment)).to.equal(true);
  });
});

describe("validating an envelope's whole structure (as the backend does before storing one)", () => {
  const alice = generateKeyPair();
  const envelope = encryptForRecipients(new Uint8Array(0), [{ id: ALICE, publicKey: alice.publicKey }]).envelope;
  const headerEnd = parseEnvelope(envelope).associatedData.length;

  /** The envelope with its JSON header replaced by `edit`'s result. */
  function reframed(edit: (h: { recipients: Record<string, string>[] }) => unknown): Uint8Array {
    const header = JSON.parse(Buffer.from(envelope.subarray(9, headerEnd)).toString("utf8"));
    const json = Buffer.from(JSON.stringify(edit(header) ?? header));
    const prefix = Buffer.from(envelope.subarray(0, 9));
    prefix.writeUInt32BE(json.length, 5);
    return Buffer.concat([prefix, json, envelope.subarray(headerEnd)]);
  }

  const reason = (bytes: Uint8Array) => (caught(() => validateEnvelope(bytes)) as Error).message.replace("Not a readable encrypted document: ", "");

  it("accepts the smallest envelope (an empty document: salt and tag) and refuses one byte less", () => {
    expect(envelope.length - headerEnd).to.equal(32 + 16);
    expect(validateEnvelope(envelope).header.recipients).to.have.length(1);
    expect(reason(envelope.subarray(0, envelope.length - 1))).to.equal(
      "its body has 47 bytes, fewer than the 48 of the sealed salt and the authentication tag",
    );
    expect(reason(envelope.subarray(0, headerEnd))).to.equal("its body has 0 bytes, fewer than the 48 of the sealed salt and the authentication tag");
  });

  it("refuses a header that is not JSON, names another cipher, or lists no recipients", () => {
    const junk = Buffer.from(envelope.subarray(0, headerEnd));
    junk.fill(0x20, 9, 20);
    junk[9] = 0x7b; // "{" followed by spaces and the rest: broken JSON
    junk[10] = 0x7b;
    expect(reason(Buffer.concat([junk, envelope.subarray(headerEnd)]))).to.equal("its header is not valid JSON");
    expect(reason(reframed((h) => ({ ...h, cipher: "rot13" })))).to.equal('content cipher "rot13" is not supported');
    expect(reason(reframed((h) => ({ ...h, recipients: [] })))).to.equal("it lists no recipients");
  });

  it("refuses recipients that are not lowercase addresses, a recipient listed twice, and malformed key ids", () => {
    for (const id of [ALICE.toUpperCase().replace("0X", "0x"), "alice", `${ALICE}00`, ALICE.slice(0, 41)]) {
      expect(reason(reframed((h) => void (h.recipients[0].id = id))), id).to.match(/^recipient 0's id .* is not an address \(lowercase 0x hex\)$/);
    }
    expect(reason(reframed((h) => void h.recipients.push({ ...h.recipients[0] })))).to.equal(`recipient ${ALICE} is listed twice`);
    expect(reason(reframed((h) => void (h.recipients[0].keyId = "xyz")))).to.equal("recipient 0's key id is not 16 bytes of hex");
    expect(reason(reframed((h) => void (h.recipients[0].epk = "00")))).to.equal("its recipient 0 ephemeral key is not 32 bytes of hex");
  });

  it("refuses to encrypt for a recipient named otherwise than by its lowercase address", () => {
    const error = caught(() => encryptForRecipients(new Uint8Array(1), [{ id: "Alice", publicKey: alice.publicKey }]));
    expect(error).to.be.instanceOf(InvalidKeyError);
    expect((error as Error).message).to.equal('Recipient "Alice" is not an address (lowercase 0x hex)');
  });
});

describe("encryption keys", () => {
  it("derives the public key from the secret key", () => {
    const pair = generateKeyPair();
    expect(pair.publicKey).to.have.length(32);
    expect(pair.secretKey).to.have.length(32);
    expect(Buffer.from(publicKeyOf(pair.secretKey)).equals(pair.publicKey)).to.equal(true);
  });

  it("round-trips keys through 0x hex as the chain and the API carry them", () => {
    const { publicKey } = generateKeyPair();
    const hex = keyToHex(publicKey);
    expect(hex).to.match(/^0x[0-9a-f]{64}$/);
    expect(Buffer.from(keyFromHex(hex)).equals(publicKey)).to.equal(true);
    expect(Buffer.from(keyFromHex(hex.slice(2))).equals(publicKey)).to.equal(true);
  });

  it("refuses hex that is not a 32-byte key", () => {
    const error = caught(() => keyFromHex("0x1234"));
    expect(error).to.be.instanceOf(InvalidKeyError);
    expect((error as Error).message).to.equal('An X25519 key is 32 bytes (64 hex digits); got "0x1234"');
  });

  it("agrees with the RFC 7748 test vector, so keys interoperate with other X25519 implementations", () => {
    // RFC 7748 section 6.1: Alice's secret key and public key.
    const secret = keyFromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    expect(keyToHex(publicKeyOf(secret))).to.equal("0x8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  });
});
