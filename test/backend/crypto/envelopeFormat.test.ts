import { expect } from "chai";
import { createHash } from "node:crypto";
import { decrypt, EnvelopeFormatError, FORMAT_VERSION, keyFingerprint, keyFromHex, parseEnvelope, publicKeyOf } from "../../../core/crypto/index.js";

/**
 * A version-2 envelope frozen when the format was made, for RFC 7748's test key. Documents
 * in IPFS outlive the code that wrote them: if this stops decrypting, the format changed and
 * needs a new version number, not a silent edit.
 */
const SECRET_KEY = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const PLAINTEXT = "Anchored on chain, readable by members.\n";
const ENVELOPE_V2 =
  "4350444502000001ee7b22636970686572223a227863686163686132302d706f6c7931333035222c226b657957726170223a227832353531392d686b64662d7368613235362d7863686163686132302d706f6c7931333035222c226e6f6e6365223a22643462313237366430646135383637613961653063346565353131623831326164386236323333393761333065333335222c22726563697069656e7473223a5b7b226964223a22307837303939373937306335313831326463336130313063376430316235306530643137646337396338222c226b65794964223a223330306339633936303362393261346233396564333935386266393234303131222c2265706b223a2232353039313263326233396430366534366661643861613665633038373037306437366133303465376536383138373136366630346162653664393338343235222c226e6f6e6365223a22646664316533313530393139363562633738646533653466373863313565643237376135373737363438363865666131222c22777261707065644b6579223a22653537303636633635333665386433373933633363653434636335613938313064666565393661313730386637363061646263636237613831616531383532313934653139313461346438626264343932376564623837623231373261363564227d5d7d6d8d79a10568ed6efdba2d833ffb8549daa417afbc30e33f6d0ba257a3940748c614e49ed592a934645eec034f064d92620b080330b906f47ff22ca0e7dee22bf9debfb790deed30cfdd67189616bfd1707261b0dc3080bf";
const SALT = "5b8e6d5fe7fd492985c42e74cd02564074affbb51c344c56cccd28a92d76534d";
const COMMITMENT = "2f62f0bdf0afeef80fd91ee3c2ca59e303e44d015f491f644cb9599494a4580e";
/** The same document in format version 1 (no salt: the plain SHA-256 was anchored), which is no longer read. */
const ENVELOPE_V1 =
  "4350444501000001ee7b22636970686572223a227863686163686132302d706f6c7931333035222c226b657957726170223a227832353531392d686b64662d7368613235362d7863686163686132302d706f6c7931333035222c226e6f6e6365223a22663966663536323037323733313431343532383262333632663933323465323430626535656530313630373139363635222c22726563697069656e7473223a5b7b226964223a22307837303939373937306335313831326463336130313063376430316235306530643137646337396338222c226b65794964223a223330306339633936303362393261346233396564333935386266393234303131222c2265706b223a2230386435386461623764386562623334626564636461653432303262383239316234393530653737303764376462383435343230613935313239653736373064222c226e6f6e6365223a22363530656333616330303432346435356137393665383262643936346364663266633462656365373530353134306366222c22777261707065644b6579223a22303861383466363565343436626666663865316164323835396334386130303261663934613039353634616336616163333864316663323261373134616461666461323935356238616632326430356136613837623337366261633533356534227d5d7dfbd04f25fe2d529c8c3bf669211b1340ed6590bcbc5b55da08ca0265ddbab590725df9de67434e985626e8c13c098f7039d069f132674b79";

describe("document envelope format", () => {
  const envelope = Uint8Array.from(Buffer.from(ENVELOPE_V2, "hex"));

  it("still decrypts an envelope written by format version 2, with its sealed salt and commitment", () => {
    const opened = decrypt(envelope, RECIPIENT, keyFromHex(SECRET_KEY));
    expect(new TextDecoder().decode(opened.plaintext)).to.equal(PLAINTEXT);
    expect(Buffer.from(opened.salt).toString("hex")).to.equal(SALT);
    expect(Buffer.from(opened.commitment).toString("hex")).to.equal(COMMITMENT);
    const salted = createHash("sha256").update(Buffer.from(SALT, "hex")).update(PLAINTEXT).digest("hex");
    expect(COMMITMENT).to.equal(salted);
  });

  it("lists the recipients and algorithms without any key", () => {
    const { header, ciphertext } = parseEnvelope(envelope);
    expect(FORMAT_VERSION).to.equal(2);
    expect(header.version).to.equal(2);
    expect(header.cipher).to.equal("xchacha20-poly1305");
    expect(header.keyWrap).to.equal("x25519-hkdf-sha256-xchacha20-poly1305");
    expect(header.recipients.map((r) => ({ id: r.id, keyId: r.keyId }))).to.deep.equal([
      { id: RECIPIENT, keyId: keyFingerprint(publicKeyOf(keyFromHex(SECRET_KEY))) },
    ]);
    // The 32-byte salt, 40 bytes of plaintext and the 16-byte authentication tag.
    expect(ciphertext.length).to.equal(32 + 40 + 16);
  });

  it("refuses format version 1, whose plain content hash confirmed guesses, with a clear error", () => {
    const v1 = Uint8Array.from(Buffer.from(ENVELOPE_V1, "hex"));
    for (const attempt of [() => decrypt(v1, RECIPIENT, keyFromHex(SECRET_KEY)), () => parseEnvelope(v1)]) {
      expect(attempt).to.throw(
        EnvelopeFormatError,
        "Not a readable encrypted document: format version 1 is no longer read (it put the plain content hash on chain); encrypt the document again to get format version 2",
      );
    }
  });
});
