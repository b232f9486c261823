import { getAddress } from "ethers";
import type { Obligation } from "./types.js";

/** Refused solver input; the message names the obligation and what is wrong with it. */
export class ClearingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClearingInputError";
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** Amounts live in uint256 on chain; anything larger could never be proposed. */
const UINT256_MAX = (1n << 256n) - 1n;

/**
 * Checks the solver's input and returns it with lowercase addresses. Refuses negative or
 * non-bigint amounts, a debtor owing itself, malformed addresses (mixed case must carry a
 * valid EIP-55 checksum, as ethers requires) and duplicate ids, since the result is keyed by id.
 */
export function validateObligations(input: readonly Obligation[]): Obligation[] {
  if (!Array.isArray(input)) throw new ClearingInputError("Obligations must be an array");
  const checked = new Map<string, string>();
  const address = (value: unknown, label: string, where: string): string => {
    if (typeof value !== "string" || !ADDRESS.test(value)) {
      throw new ClearingInputError(`${where}: ${label} ${JSON.stringify(value)} is not a 0x-prefixed 20-byte hex address`);
    }
    const known = checked.get(value);
    if (known !== undefined) return known;
    const lower = value.toLowerCase();
    // All-lower or all-upper hex carries no checksum; mixed case must match EIP-55.
    if (value.slice(2) !== lower.slice(2) && value.slice(2) !== value.slice(2).toUpperCase()) {
      let valid: boolean;
      try {
        valid = getAddress(value) === value;
      } catch {
        valid = false;
      }
      if (!valid) throw new ClearingInputError(`${where}: ${label} ${value} has an invalid EIP-55 checksum`);
    }
    checked.set(value, lower);
    return lower;
  };

  const ids = new Set<string>();
  return input.map((o, i) => {
    if (typeof o !== "object" || o === null) throw new ClearingInputError(`Obligation #${i} is not an object`);
    const { id, amount } = o;
    if (typeof id === "bigint") {
      if (id < 0n) throw new ClearingInputError(`Obligation #${i}: id ${id} is negative`);
    } else if (typeof id !== "string" || id.length === 0) {
      throw new ClearingInputError(`Obligation #${i}: id must be a non-empty string or a bigint`);
    }
    const where = `Obligation ${String(id)}`;
    const key = `${typeof id}:${String(id)}`;
    if (ids.has(key)) throw new ClearingInputError(`${where}: id appears more than once`);
    ids.add(key);
    if (typeof amount !== "bigint") {
      throw new ClearingInputError(`${where}: amount must be a bigint in integer token units, got ${typeof amount}`);
    }
    if (amount < 0n) throw new ClearingInputError(`${where}: amount ${amount} is negative`);
    if (amount > UINT256_MAX) throw new ClearingInputError(`${where}: amount ${amount} does not fit in uint256`);
    const debtor = address(o.debtor, "debtor", where);
    const creditor = address(o.creditor, "creditor", where);
    if (debtor === creditor) throw new ClearingInputError(`${where}: debtor and creditor are the same member ${debtor}`);
    return { id, debtor, creditor, amount };
  });
}
