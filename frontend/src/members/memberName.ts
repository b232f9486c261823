import type { Member } from "../api/types.js";

/** Names members by address for tables and charts; an address that is no member shows as itself. */
export function memberNames(members: readonly Member[] | undefined): (address: string) => string {
  // Looked up once per row of tables thousands of rows long: by map, the first member of an address naming it.
  const names = new Map<string, string>();
  for (const m of members ?? []) if (!names.has(m.address)) names.set(m.address, m.name);
  return (address) => names.get(address) ?? address;
}
