import { expect } from "chai";
import { decrypt, FORMAT_VERSION, keyFingerprint, keyFromHex, parseEnvelope, publicKeyOf } from "../../../backend/crypto/index.js";

/**
 * A version-1 envelope frozen when the format was made, for RFC 7748's test key. Documents
 * in IPFS outlive the code that wrote them: if this stops decrypting, the format changed and
 * needs a new version number, not a silent edit.
 */
const SECRET_KEY = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const ENVELOPE_V1 =
  "4350444501000001ee7b22636970686572223a227863686163686132302d706f6c7931333035222c226b657957726170223a227832353531392d686b64662d7368613235362d7863686163686132302d706f6c7931333035222c226e6f6e6365223a22663966663536323037323733313431343532383262333632663933323465323430626535656530313630373139363635222c22726563697069656e7473223a5b7b226964223a22307837303939373937306335313831326463336130313063376430316235306530643137646337396338222c226b65794964223a223330306339633936303362393261346233396564333935386266393234303131222c2265706b223a2230386435386461623764386562623334626564636461653432303262383239316234393530653737303764376462383435343230613935313239653736373064222c226e6f6e6365223a22363530656333616330303432346435356137393665383262643936346364663266633462656365373530353134306366222c22777261707065644b6579223a22303861383466363565343436626666663865316164323835396334386130303261663934613039353634616336616163333864316663323261373134616461666461323935356238616632326430356136613837623337366261633533356534227d5d7dfbd04f25fe2d529c8c3bf669211b1340ed6590bcbc5b55da08ca0265ddbab590725df9de67434e985626e8c13c098f7039d069f132674b79";

describe("document envelope format", () => {
  const envelope = Uint8Array.from(Buffer.from(ENVELOPE_V1, "hex"));

  it("still decrypts an envelope written by format version 1", () => {
    const plaintext = decrypt(envelope, RECIPIENT, keyFromHex(SECRET_KEY));
    expect(new TextDecoder().decode(plaintext)).to.equal("Anchored on chain, readable by members.\n");
  });

  it("lists the recipients and algorithms without any key", () => {
    const { header, ciphertext } = parseEnvelope(envelope);
    expect(FORMAT_VERSION).to.equal(1);
    expect(header.version).to.equal(1);
    expect(header.cipher).to.equal("xchacha20-poly1305");
    expect(header.keyWrap).to.equal("x25519-hkdf-sha256-xchacha20-poly1305");
    expect(header.recipients.map((r) => ({ id: r.id, keyId: r.keyId }))).to.deep.equal([
      { id: RECIPIENT, keyId: keyFingerprint(publicKeyOf(keyFromHex(SECRET_KEY))) },
    ]);
    // 40 bytes of plaintext plus the 16-byte authentication tag.
    expect(ciphertext.length).to.equal(40 + 16);
  });
});
