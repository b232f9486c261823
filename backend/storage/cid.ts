import { CID } from "multiformats/cid";
import { InvalidCidError } from "./errors.js";

/** Parses a CID from user input (path parameter, anchor record) into the library's type. */
export function parseCid(input: string): CID {
  try {
    return CID.parse(input.trim());
  } catch {
    throw new InvalidCidError(input);
  }
}
