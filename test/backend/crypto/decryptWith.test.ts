import { expect } from "chai";
import { x25519 } from "@noble/curves/ed25519.js";
import {
  decrypt,
  decryptWith,
  encryptForRecipients,
  EnvelopeTamperedError,
  generateKeyPair,
  InvalidKeyError,
  keyFromHex,
  NotARecipientError,
  parseEnvelope,
  publicKeyOf,
  WrongKeyError,
  type EncryptionKeyPair,
  type KeyAgreement,
  type OpenedDocument,
} from "../../../core/crypto/index.js";

// The frozen format-2 envelope of envelopeFormat.test.ts, for RFC 7748's test key.
const FROZEN_SECRET_KEY = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const FROZEN_RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const FROZEN_ENVELOPE =
  "4350444502000001ee7b22636970686572223a227863686163686132302d706f6c7931333035222c226b657957726170223a227832353531392d686b64662d7368613235362d7863686163686132302d706f6c7931333035222c226e6f6e6365223a22643462313237366430646135383637613961653063346565353131623831326164386236323333393761333065333335222c22726563697069656e7473223a5b7b226964223a22307837303939373937306335313831326463336130313063376430316235306530643137646337396338222c226b65794964223a223330306339633936303362393261346233396564333935386266393234303131222c2265706b223a2232353039313263326233396430366534366661643861613665633038373037306437366133303465376536383138373136366630346162653664393338343235222c226e6f6e6365223a22646664316533313530393139363562633738646533653466373863313565643237376135373737363438363865666131222c22777261707065644b6579223a22653537303636633635333665386433373933633363653434636335613938313064666565393661313730386637363061646263636237613831616531383532313934653139313461346438626264343932376564623837623231373261363564227d5d7d6d8d79a10568ed6efdba2d833ffb8549daa417afbc30e33f6d0ba257a3940748c614e49ed592a934645eec034f064d92620b080330b906f47ff22ca0e7dee22bf9debfb790deed30cfdd67189616bfd1707261b0dc3080bf";

const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const MALLORY = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";

/** PKCS#8 wrapping of a raw X25519 private key (RFC 8410): how WebCrypto imports one. */
const PKCS8_X25519_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

/** A non-extractable WebCrypto private key holding `secretKey`, as the browser's key store imports an old key. */
async function webCryptoKey(secretKey: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", Buffer.concat([PKCS8_X25519_PREFIX, secretKey]), { name: "X25519" }, false, ["deriveBits"]);
}

/** The key agreement the browser does: WebCrypto's X25519 deriveBits, the secret key never in script. */
function webCryptoAgreement(privateKey: CryptoKey): KeyAgreement {
  return async (ephemeralPublicKey) => {
    // A copy: WebCrypto takes bytes over an ArrayBuffer, not any ArrayBufferLike.
    const peer = await crypto.subtle.importKey("raw", new Uint8Array(ephemeralPublicKey), { name: "X25519" }, true, []);
    return new Uint8Array(await crypto.subtle.deriveBits({ name: "X25519", public: peer }, privateKey, 256));
  };
}

/** The key agreement with raw bytes, as noble does it inside `decrypt`. */
function nobleAgreement(secretKey: Uint8Array): KeyAgreement {
  return async (ephemeralPublicKey) => x25519.getSharedSecret(secretKey, ephemeralPublicKey);
}

function hex(opened: OpenedDocument): { plaintext: string; salt: string; commitment: string } {
  return {
    plaintext: Buffer.from(opened.plaintext).toString("hex"),
    salt: Buffer.from(opened.salt).toString("hex"),
    commitment: Buffer.from(opened.commitment).toString("hex"),
  };
}

function caught(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

async function rejected(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

/** Rewrites the first recipient entry of the JSON header and re-frames the envelope, as an attacker could. */
function withEntry(envelope: Uint8Array, edit: (entry: Record<string, string>) => void): Uint8Array {
  const headerEnd = parseEnvelope(envelope).associatedData.length;
  const header = JSON.parse(Buffer.from(envelope.subarray(9, headerEnd)).toString("utf8"));
  edit(header.recipients[0]);
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.from(envelope.subarray(0, 9));
  prefix.writeUInt32BE(json.length, 5);
  return Buffer.concat([prefix, json, envelope.subarray(headerEnd)]);
}

describe("decrypting with a key agreement instead of the raw secret key (a browser's non-extractable key)", () => {
  const plaintext = new TextEncoder().encode("Delivery schedule, confidential: 40 castings a week from May.\n");
  let alice: EncryptionKeyPair;
  let mallory: EncryptionKeyPair;
  let envelope: Uint8Array;
  before(() => {
    [alice, mallory] = [generateKeyPair(), generateKeyPair()];
    envelope = encryptForRecipients(plaintext, [
      { id: ALICE, publicKey: alice.publicKey },
      { id: BOB, publicKey: generateKeyPair().publicKey },
    ]).envelope;
  });

  it("gets from WebCrypto's X25519 deriveBits the same shared secret as noble, so the wrap key's HKDF input is unchanged", async () => {
    const ephemeral = generateKeyPair();
    const agreed = await webCryptoAgreement(await webCryptoKey(alice.secretKey))(ephemeral.publicKey);
    expect(Buffer.from(agreed).toString("hex")).to.equal(Buffer.from(x25519.getSharedSecret(alice.secretKey, ephemeral.publicKey)).toString("hex"));
    // RFC 7748 section 6.1: Alice's secret with Bob's public key.
    const rfcAgreed = await webCryptoAgreement(await webCryptoKey(keyFromHex(FROZEN_SECRET_KEY)))(
      keyFromHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
    );
    expect(Buffer.from(rfcAgreed).toString("hex")).to.equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  });

  it("opens the frozen format-2 envelope to the same plaintext, salt and commitment as decrypt", async () => {
    const frozen = Uint8Array.from(Buffer.from(FROZEN_ENVELOPE, "hex"));
    const secretKey = keyFromHex(FROZEN_SECRET_KEY);
    const expected = hex(decrypt(frozen, FROZEN_RECIPIENT, secretKey));
    expect(hex(await decryptWith(frozen, FROZEN_RECIPIENT, publicKeyOf(secretKey), webCryptoAgreement(await webCryptoKey(secretKey))))).to.deep.equal(expected);
    expect(hex(await decryptWith(frozen, FROZEN_RECIPIENT, publicKeyOf(secretKey), nobleAgreement(secretKey)))).to.deep.equal(expected);
  });

  it("opens a fresh envelope to the same plaintext, salt and commitment as decrypt", async () => {
    const opened = await decryptWith(envelope, ALICE, alice.publicKey, webCryptoAgreement(await webCryptoKey(alice.secretKey)));
    expect(hex(opened)).to.deep.equal(hex(decrypt(envelope, ALICE, alice.secretKey)));
    expect(new TextDecoder().decode(opened.plaintext)).to.equal(new TextDecoder().decode(plaintext));
  });

  it("refuses a recipient's id with another key pair by WrongKeyError, as decrypt does, before any key agreement", async () => {
    let agreements = 0;
    const counting: KeyAgreement = async (epk) => {
      agreements += 1;
      return webCryptoAgreement(await webCryptoKey(mallory.secretKey))(epk);
    };
    const error = await rejected(decryptWith(envelope, ALICE, mallory.publicKey, counting));
    const expected = caught(() => decrypt(envelope, ALICE, mallory.secretKey));
    expect(error).to.be.instanceOf(WrongKeyError);
    expect(error).to.deep.include({
      id: ALICE,
      expectedKeyId: (expected as WrongKeyError).expectedKeyId,
      actualKeyId: (expected as WrongKeyError).actualKeyId,
    });
    expect((error as Error).message).to.equal((expected as Error).message);
    expect(agreements).to.equal(0);
  });

  it("refuses a non-recipient by NotARecipientError, as decrypt does", async () => {
    const error = await rejected(decryptWith(envelope, MALLORY, mallory.publicKey, webCryptoAgreement(await webCryptoKey(mallory.secretKey))));
    expect(error).to.be.instanceOf(NotARecipientError);
    expect((error as Error).message).to.equal((caught(() => decrypt(envelope, MALLORY, mallory.secretKey)) as Error).message);
  });

  it("refuses the right public key with a wrong key agreement (another secret behind it) as a failed wrapped key", async () => {
    const error = await rejected(decryptWith(envelope, ALICE, alice.publicKey, webCryptoAgreement(await webCryptoKey(mallory.secretKey))));
    expect(error).to.be.instanceOf(EnvelopeTamperedError);
    expect(error).to.include({ part: "wrapped key" });
  });

  it("refuses an altered wrapped key and a low-order ephemeral key by EnvelopeTamperedError, as decrypt does", async () => {
    const agreement = webCryptoAgreement(await webCryptoKey(alice.secretKey));
    const alteredWrap = withEntry(envelope, (e) => (e.wrappedKey = (e.wrappedKey[0] === "0" ? "1" : "0") + e.wrappedKey.slice(1)));
    // u = 0 is a point of small order: its shared secret is all zeros, which noble and WebCrypto both refuse.
    const lowOrder = withEntry(envelope, (e) => (e.epk = "00".repeat(32)));
    for (const altered of [alteredWrap, lowOrder]) {
      const error = await rejected(decryptWith(altered, ALICE, alice.publicKey, agreement));
      expect(error).to.be.instanceOf(EnvelopeTamperedError);
      expect(error).to.include({ part: "wrapped key" });
      expect(caught(() => decrypt(altered, ALICE, alice.secretKey)))
        .to.be.instanceOf(EnvelopeTamperedError)
        .and.to.include({ part: "wrapped key" });
    }
  });

  it("refuses a key agreement that gives other than 32 bytes as the caller's error (InvalidKeyError), not as tampering", async () => {
    for (const length of [31, 33]) {
      const error = await rejected(decryptWith(envelope, ALICE, alice.publicKey, async () => new Uint8Array(length).fill(7)));
      expect(error).to.be.instanceOf(InvalidKeyError);
      expect((error as Error).message).to.equal(`A key agreement gives a 32-byte shared secret; got ${length}`);
    }
  });
});
