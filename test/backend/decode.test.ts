// The indexer's event decoder (backend/indexer/decode.ts) must give exactly what ethers'
// decodeEventLog gives, for every event the indexer applies, and refuse what ethers refuses.
import { expect } from "chai";
import { getAddress, hexlify, Indexed, Result, type EventFragment, type ParamType } from "ethers";
import { handlerFor, SOURCE_CONTRACT, topicsFor, type SourceKind } from "../../backend/indexer/sources.js";
import type { EventHandler } from "../../backend/indexer/context.js";
import { eventDecoder } from "../../backend/indexer/decode.js";

const handlers: EventHandler[] = (Object.keys(SOURCE_CONTRACT) as SourceKind[]).flatMap((kind) => topicsFor([kind]).map((topic) => handlerFor(kind, topic)!));

const TEXTS = ["", "text #", "Кластер «Север» № #", "rocket 🚀 #", "\uFEFFmarked #", "a".repeat(70)];

/** A deterministic generator, so a failure names values that can be found again. */
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const bytes = (n: number) => hexlify(Uint8Array.from({ length: n }, () => Math.floor(next() * 256)));
  const value = (type: ParamType): unknown => {
    if (type.isArray()) return Array.from({ length: type.arrayLength === -1 ? Math.floor(next() * 4) : type.arrayLength! }, () => value(type.arrayChildren!));
    if (type.isTuple()) return type.components!.map(value);
    if (type.type === "address") return getAddress(bytes(20));
    if (type.type === "bool") return next() < 0.5;
    // Multi-byte text and a leading byte-order mark, which a UTF-8 decoder may drop unless told not to.
    if (type.type === "string") return TEXTS[Math.floor(next() * TEXTS.length)]!.replace("#", String(Math.floor(next() * 1e6)));
    if (type.type === "bytes") return bytes(Math.floor(next() * 70));
    const fixed = /^bytes(\d+)$/.exec(type.type);
    if (fixed) return bytes(Number(fixed[1]));
    const int = /^(u?)int(\d*)$/.exec(type.type)!;
    const bits = Number(int[2] || 256);
    // Extremes as well as ordinary values: the top bit is where signed and unsigned part.
    const pick = next();
    const raw = pick < 0.2 ? 2n ** BigInt(bits) - 1n : pick < 0.3 ? 0n : BigInt(bytes(bits / 8));
    return int[1] ? raw : BigInt.asIntN(bits, raw);
  };
  return value;
}

/** The names a Result gives its values, where it names them all (structs do; arrays do not). */
function namesOf(result: Result): string[] | null {
  try {
    return Object.keys(result.toObject(false));
  } catch {
    return null;
  }
}

/** A Result as plain data: its values in order and its names, nested Results and Indexed hashes included. */
function plain(value: unknown): unknown {
  if (value instanceof Indexed) return { indexed: value.hash };
  if (value instanceof Result) return { items: value.map((v: unknown) => plain(v)), names: namesOf(value) };
  return value;
}

function byName(fragment: EventFragment, result: Result): unknown[] {
  return fragment.inputs.map((input) => (input.name ? plain(result.getValue(input.name)) : null));
}

describe("event decoder", function () {
  it("covers every event the indexer applies", function () {
    expect(handlers.length).to.be.greaterThan(60);
  });

  it("gives exactly ethers' values, names and types for every event the indexer applies", function () {
    const value = generator(13);
    for (const handler of handlers) {
      for (let round = 0; round < 20; round++) {
        const args = handler.fragment.inputs.map(value);
        const log = handler.iface.encodeEventLog(handler.fragment, args);
        const expected = handler.iface.decodeEventLog(handler.fragment, log.data, log.topics);
        const decoded = handler.decode(log);
        expect(plain(decoded), `${handler.name} round ${round}`).to.deep.equal(plain(expected));
        expect(byName(handler.fragment, decoded), `${handler.name} by name`).to.deep.equal(byName(handler.fragment, expected));
      }
    }
  });

  // ethers defers some refusals to the value's first reading; reading every value finds them all.
  it("refuses what ethers refuses: an address with its high bytes set, data cut short, the wrong event's topic", function () {
    const handler = handlers.find((h) => h.name === "ObligationCreated")!;
    const decode = eventDecoder(handler.iface, handler.fragment);
    const log = handler.iface.encodeEventLog(handler.fragment, [
      7n,
      getAddress(`0x${"11".repeat(20)}`),
      getAddress(`0x${"22".repeat(20)}`),
      5n,
      9n,
      `0x${"33".repeat(32)}`,
    ]);
    const dirty = { ...log, topics: [log.topics[0]!, log.topics[1]!, `0x${"ff".repeat(12)}${"11".repeat(20)}`, log.topics[3]!] };
    const short = { ...log, data: log.data.slice(0, -64) };
    const other = { ...log, topics: [`0x${"44".repeat(32)}`, ...log.topics.slice(1)] };
    for (const bad of [dirty, short, other]) {
      expect(() => plain(handler.iface.decodeEventLog(handler.fragment, bad.data, bad.topics))).to.throw();
      expect(() => plain(decode(bad))).to.throw();
    }
  });

  describe("a log with strings and arrays (DocumentAnchored)", function () {
    const handler = handlers.find((h) => h.name === "DocumentAnchored")!;
    const signer = getAddress(`0x${"55".repeat(20)}`);
    const log = handler.iface.encodeEventLog(handler.fragment, [
      3n,
      signer,
      `0x${"66".repeat(32)}`,
      `0x${"77".repeat(32)}`,
      1n,
      0n,
      "ab",
      [signer],
      [signer, signer],
    ]);
    // The data's heads: contentHash, kind, previousVersion, then the offsets of title, signers and recipients.
    const TITLE = 3;
    const SIGNERS = 4;
    const RECIPIENTS = 5;
    const word = (data: string, index: number) => data.slice(2 + 64 * index, 66 + 64 * index);
    const withWord = (data: string, index: number, value: string) => `${data.slice(0, 2 + 64 * index)}${value}${data.slice(66 + 64 * index)}`;
    const offsetWord = (data: string, head: number) => Number(BigInt(`0x${word(data, head)}`)) / 32;
    const number = (n: bigint) => n.toString(16).padStart(64, "0");
    const cases: Record<string, string> = {
      "a title that is not UTF-8": withWord(log.data, offsetWord(log.data, TITLE) + 1, `ff${"00".repeat(31)}`),
      "a title's offset past the data": withWord(log.data, TITLE, number(10_000n)),
      "more signers than the data holds": withWord(log.data, offsetWord(log.data, SIGNERS), number(1_000n)),
      "an offset too large for a number": withWord(log.data, SIGNERS, "f".repeat(64)),
      "a signer with its high bytes set": withWord(log.data, offsetWord(log.data, SIGNERS) + 1, `${"ff".repeat(12)}${"55".repeat(20)}`),
      "recipients read from the signers' tail": withWord(log.data, RECIPIENTS, word(log.data, SIGNERS)),
      // A tail that ends the data may leave out its padding (ethers reads event data loosely).
      "a title at the end without its padding": `${withWord(log.data, TITLE, number(BigInt(log.data.length / 2 - 1)))}${number(2n)}6162`,
      "the last tail cut short": `${log.data.slice(0, -66)}`,
    };

    it("decodes the log as it was emitted, an array's lone item named as ethers names it", function () {
      const expected = handler.iface.decodeEventLog(handler.fragment, log.data, log.topics);
      const decoded = handler.decode(log);
      expect(plain(decoded)).to.deep.equal(plain(expected));
      const lone = (result: Result) => (result.getValue("signers") as Result).getValue("_");
      expect(lone(decoded)).to.equal(lone(expected)).and.to.equal(signer);
    });

    for (const [name, data] of Object.entries(cases)) {
      it(`${name}: the same values as ethers, or the same refusal`, function () {
        const bad = { ...log, data };
        let expected: unknown;
        try {
          expected = plain(handler.iface.decodeEventLog(handler.fragment, bad.data, bad.topics));
        } catch {
          expect(() => plain(handler.decode(bad))).to.throw();
          return;
        }
        expect(plain(handler.decode(bad))).to.deep.equal(expected);
      });
    }
  });
});
