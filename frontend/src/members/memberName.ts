import type { Member } from "../api/types.js";

/** Names members by address for tables and charts; an address that is no member shows as itself. */
export function memberNames(members: readonly Member[] | undefined): (address: string) => string {
  return (address) => members?.find((m) => m.address === address)?.name ?? address;
}
