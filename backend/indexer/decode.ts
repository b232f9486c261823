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

/**
 * A decoder of one event that gives what `iface.decodeEventLog` gives (the same Result, values
 * and names), several times faster: events of static elementary types (addresses, integers,
 * booleans, fixed bytes; most of the platform's, and all of the frequent ones) are read straight
 * from their words. Any other event, or a log ethers would refuse, goes to ethers itself.
 */
export function eventDecoder(iface: Interface, fragment: EventFragment): EventDecoder {
  const viaEthers: EventDecoder = (log) => iface.decodeEventLog(fragment, log.data, log.topics);
  const readers = fragment.inputs.map(readerOf);
  if (fragment.anonymous || readers.some((r) => r === null)) return viaEthers;
  const keys = fragment.inputs.map((input) => input.name || null);
  const indexedCount = fragment.inputs.filter((input) => input.indexed).length;
  const dataLength = 2 + 64 * (fragment.inputs.length - indexedCount);
  const topic = fragment.topicHash;
  return (log) => {
    if (log.topics.length !== indexedCount + 1 || log.topics[0]?.toLowerCase() !== topic || log.data.length < dataLength) return viaEthers(log);
    const values: unknown[] = [];
    let nextTopic = 1;
    let offset = 2;
    for (let i = 0; i < readers.length; i++) {
      let word: string;
      if (fragment.inputs[i]!.indexed) word = log.topics[nextTopic++]!.slice(2);
      else {
        word = log.data.slice(offset, offset + 64);
        offset += 64;
      }
      const value = readers[i]!(word);
      if (value === undefined) return viaEthers(log);
      values.push(value);
    }
    return Result.fromItems(values, keys);
  };
}
