import { getAddress, Result, type EventFragment, type Interface, type ParamType } from "ethers";

/** What a decoder reads of a log: its topics and data, as the node sends them. */
export interface RawLog {
  topics: readonly string[];
  data: string;
}

export type EventDecoder = (log: RawLog) => Result;

/** Reads one 32-byte ABI word (64 hex digits) as ethers would, or undefined where ethers would refuse it. */
type WordReader = (word: string) => unknown;

const ZERO_PADDING = "0".repeat(24);
const checksummed = new Map<string, string>();
/** Beyond this many, addresses are checksummed each time rather than remembered. */
const REMEMBERED_ADDRESSES = 200_000;

/**
 * ethers' checksummed address for 40 hex digits. A keccak per address is most of what ethers
 * spends on a log, and a cluster's few thousand addresses recur in every batch: remembered.
 */
function checksumOf(hex40: string): string {
  const lower = hex40.toLowerCase();
  let address = checksummed.get(lower);
  if (address === undefined) {
    address = getAddress(`0x${lower}`);
    if (checksummed.size < REMEMBERED_ADDRESSES) checksummed.set(lower, address);
  }
  return address;
}

/** The reader of a static elementary type, giving exactly what ethers' coders give; null for any other type. */
function readerOf(type: ParamType): WordReader | null {
  const name = type.type;
  if (name === "address") return (w) => (w.startsWith(ZERO_PADDING) ? checksumOf(w.slice(24)) : undefined);
  if (name === "bool") return (w) => BigInt(`0x${w}`) !== 0n;
  const int = /^(u?)int(\d*)$/.exec(name);
  if (int) {
    const bits = Number(int[2] || 256);
    return int[1] ? (w) => BigInt.asUintN(bits, BigInt(`0x${w}`)) : (w) => BigInt.asIntN(bits, BigInt(`0x${w}`));
  }
  const bytes = /^bytes(\d+)$/.exec(name);
  if (bytes) {
    const digits = 2 * Number(bytes[1]);
    return (w) => `0x${w.slice(0, digits).toLowerCase()}`;
  }
  return null;
}

/** Where a log's data is read: its hex text, its length in bytes, and the bytes read so far. */
interface Data {
  hex: string;
  bytes: number;
  read: number;
}

const INDEX_PADDING = "0".repeat(52);
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const TOPIC = /^0x[0-9a-fA-F]{64}$/;

/** Reads a value from `data` at byte `at`, or undefined where ethers would refuse it or not give a plain value. */
type DataReader = (data: Data, at: number) => unknown;

/** The 32-byte word at byte `at`, or undefined past the end. */
function wordAt(data: Data, at: number): string | undefined {
  if (at + 32 > data.bytes) return undefined;
  data.read += 32;
  return data.hex.slice(2 + 2 * at, 66 + 2 * at);
}

/** A word read as an offset or a length: small ones only (ethers refuses any above 2^53; these are far past any data). */
function indexAt(data: Data, at: number): number | undefined {
  const word = wordAt(data, at);
  return word !== undefined && word.startsWith(INDEX_PADDING) ? parseInt(word.slice(INDEX_PADDING.length), 16) : undefined;
}

/** `fatal`: bytes that are not UTF-8 go to ethers, which gives its own error for them; a leading BOM is text like any other. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** `bytes` or `string`: a length, then that many bytes (their padding may be cut short at the data's end, as ethers allows). */
function dynamicBytesReader(asText: boolean): DataReader {
  return (data, at) => {
    const length = indexAt(data, at);
    if (length === undefined || at + 32 + length > data.bytes) return undefined;
    data.read += length;
    const hex = data.hex.slice(66 + 2 * at, 66 + 2 * (at + length)).toLowerCase();
    if (!asText) return `0x${hex}`;
    try {
      return utf8.decode(Buffer.from(hex, "hex"));
    } catch {
      return undefined;
    }
  };
}

/** A type encoded in place, in a fixed number of words: what reads it there. */
interface StaticReader {
  words: number;
  read: DataReader;
}

/** Reads `parts` one after another from `at`; a Result named by `names`, as ethers' tuples and arrays are. */
function inPlace(parts: readonly StaticReader[], names: (string | null)[]): StaticReader {
  return {
    words: parts.reduce((sum, part) => sum + part.words, 0),
    read: (data, at) => {
      const values: unknown[] = [];
      for (const part of parts) {
        const value = part.read(data, at);
        if (value === undefined) return undefined;
        values.push(value);
        at += 32 * part.words;
      }
      return Result.fromItems(values, names);
    },
  };
}

/** Static types: elementary ones, and structs and fixed-size arrays made of them; null for any other. */
function staticReaderOf(type: ParamType): StaticReader | null {
  const word = readerOf(type);
  if (word) {
    return {
      words: 1,
      read: (data, at) => {
        const w = wordAt(data, at);
        return w === undefined ? undefined : word(w);
      },
    };
  }
  if (type.isTuple()) {
    const parts = type.components!.map(staticReaderOf);
    return parts.every((p) => p !== null)
      ? inPlace(
          parts as StaticReader[],
          type.components!.map((c) => c.name || null),
        )
      : null;
  }
  if (type.isArray() && type.arrayLength! >= 0) {
    const item = staticReaderOf(type.arrayChildren!);
    // ethers names each item "_" (a name it then drops unless the item is alone).
    return item && inPlace(Array<StaticReader>(type.arrayLength!).fill(item), Array<string>(type.arrayLength!).fill("_"));
  }
  return null;
}

/** `T[]` of a static T: a count (ethers bounds it by the words left), then the items in place. */
function arrayReader(item: StaticReader): DataReader {
  return (data, at) => {
    const count = indexAt(data, at);
    if (count === undefined || count * 32 > data.bytes - at) return undefined;
    return inPlace(Array<StaticReader>(count).fill(item), Array<string>(count).fill("_")).read(data, at + 32);
  };
}

/** Dynamic types read in a tail: `string`, `bytes`, and dynamic arrays of static types; null for any other. */
function tailReaderOf(type: ParamType): DataReader | null {
  if (type.type === "string" || type.type === "bytes") return dynamicBytesReader(type.type === "string");
  const item = type.isArray() && type.arrayLength === -1 ? staticReaderOf(type.arrayChildren!) : null;
  return item && arrayReader(item);
}

/** How a non-indexed input is read from the data's head (in place, or at the offset its head word gives); null for types left to ethers. */
function dataReaderOf(type: ParamType): StaticReader | null {
  const fixed = staticReaderOf(type);
  if (fixed) return fixed;
  const tail = tailReaderOf(type);
  return (
    tail && {
      words: 1,
      read: (data, at) => {
        const offset = indexAt(data, at);
        return offset === undefined ? undefined : tail(data, offset);
      },
    }
  );
}

/**
 * A decoder of one event that gives what `iface.decodeEventLog` gives (the same Result, values
 * and names), several times faster. Read straight from the log: indexed inputs of static
 * elementary types (addresses, integers, booleans, fixed bytes); data inputs of those, of structs
 * and fixed-size arrays of them, of `string` and `bytes`, and of dynamic arrays of static types.
 * Every frequent event is made of these; the three that are not (the governor's ProposalCreated,
 * the two carrying a member's profile) are rare. Any other event, or a log ethers would refuse or
 * decode to an error value (bad UTF-8, an offset or count past the data, data read twice over),
 * goes to ethers.
 */
export function eventDecoder(iface: Interface, fragment: EventFragment): EventDecoder {
  const viaEthers: EventDecoder = (log) => iface.decodeEventLog(fragment, log.data, log.topics);
  let topic = 0;
  let head = 0;
  const readers = fragment.inputs.map((input): ((topics: readonly string[], data: Data) => unknown) | null => {
    if (input.indexed) {
      const word = readerOf(input);
      const at = ++topic;
      return word && ((topics) => word(topics[at]!.slice(2)));
    }
    const reader = dataReaderOf(input);
    const at = 32 * head;
    head += reader?.words ?? 1;
    return reader && ((_, data) => reader.read(data, at));
  });
  if (fragment.anonymous || readers.some((r) => r === null)) return viaEthers;
  const keys = fragment.inputs.map((input) => input.name || null);
  const topicHash = fragment.topicHash;
  return (log) => {
    const { topics } = log;
    if (topics.length !== topic + 1 || topics[0]?.toLowerCase() !== topicHash || !topics.every((t) => TOPIC.test(t)) || !HEX.test(log.data))
      return viaEthers(log);
    const data: Data = { hex: log.data, bytes: (log.data.length - 2) / 2, read: 0 };
    const values: unknown[] = [];
    for (const reader of readers) {
      const value = reader!(topics, data);
      if (value === undefined) return viaEthers(log);
      values.push(value);
    }
    // Canonical data is read once over; ethers accepts overlapping tails only up to a ratio, so any overlap is its to judge.
    if (data.read > data.bytes) return viaEthers(log);
    return Result.fromItems(values, keys);
  };
}
