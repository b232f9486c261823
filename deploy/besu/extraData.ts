import { decodeRlp, encodeRlp, getAddress, getBytes, hexlify, isAddress, zeroPadValue } from "ethers";

/**
 * QBFT's extraData: RLP([32-byte vanity, [validators], vote, round, [seals]]). In a genesis the
 * vote is the empty list, the round 0 (the empty string, 0x80) and the seals the empty list. The
 * order of the validators is kept as given (the caller sorts them when it wants them sorted).
 * IBFT 2.0 lays it out differently: this is for QBFT only.
 */
export function encodeQbftExtraData(validators: readonly string[], vanity = "0x"): string {
  for (const v of validators) if (!isAddress(v)) throw new Error(`Not an address: ${v}`);
  const lowered = validators.map((v) => v.toLowerCase());
  const duplicate = lowered.find((v, i) => lowered.indexOf(v) !== i);
  if (duplicate) throw new Error(`Validator ${duplicate} is listed twice`);
  if (getBytes(vanity).length > 32) throw new Error("The vanity holds at most 32 bytes");
  return encodeRlp([zeroPadValue(vanity, 32), lowered, [], "0x", []]);
}

export interface QbftExtraData {
  vanity: string;
  /** Checksummed, in the order the header lists them. */
  validators: string[];
  round: number;
}

/** Reads a QBFT extraData (a genesis's, or a block header's: a vote and seals are allowed there). */
export function decodeQbftExtraData(extraData: string): QbftExtraData {
  const decoded = decodeRlp(extraData);
  if (!Array.isArray(decoded) || decoded.length !== 5) throw new Error("Not a QBFT extraData: expected a list of 5 items");
  const [vanity, validators, , round] = decoded;
  if (typeof vanity !== "string" || getBytes(vanity).length !== 32) throw new Error("Not a QBFT extraData: the vanity must be 32 bytes");
  if (!Array.isArray(validators) || validators.some((v) => typeof v !== "string" || getBytes(v).length !== 20)) {
    throw new Error("Not a QBFT extraData: the validators must be a list of 20-byte addresses");
  }
  if (typeof round !== "string") throw new Error("Not a QBFT extraData: the round must be a number");
  return {
    vanity: hexlify(vanity),
    validators: (validators as string[]).map((v) => getAddress(v)),
    round: round === "0x" ? 0 : Number(BigInt(round)),
  };
}

/** Ascending by numeric value, as Besu's documentation advises for a genesis (Besu sorts them itself on reading). */
export function sortValidators(validators: readonly string[]): string[] {
  return [...validators].sort((a, b) => {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
