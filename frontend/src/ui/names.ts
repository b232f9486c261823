import { useEffect, useSyncExternalStore } from "react";
import { api } from "../api/client.js";
import type { AccountName } from "../api/types.js";

// What people call each address on screen, asked of /api/names in batches: every <Address>
// asks for its own, and those asked within one tick travel in one request.

/** The API's limit per request. */
const BATCH = 100;
/** A name (or the lack of one) is asked again after this long: applicants become members, CDOs change. */
const FRESH_MS = 60_000;

interface Entry {
  name: AccountName | null;
  at: number;
}

const known = new Map<string, Entry>();
const asking = new Set<string>();
const queued = new Set<string>();
const listeners = new Set<() => void>();
let flushing = false;

function notify(): void {
  for (const l of listeners) l();
}

function flush(): void {
  flushing = false;
  const all = [...queued];
  queued.clear();
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    for (const a of batch) asking.add(a);
    api
      .names(batch)
      .then(
        ({ names }) => {
          const at = Date.now();
          const byAddress = new Map(names.map((n) => [n.address, n]));
          for (const a of batch) known.set(a, { name: byAddress.get(a) ?? null, at });
        },
        // Unreachable API: the address stays shown as itself and is asked again on the next render.
        () => {},
      )
      .finally(() => {
        for (const a of batch) asking.delete(a);
        notify();
      });
  }
}

function ask(address: string): void {
  const entry = known.get(address);
  if (asking.has(address) || queued.has(address) || (entry && Date.now() - entry.at < FRESH_MS)) return;
  queued.add(address);
  if (!flushing) {
    flushing = true;
    queueMicrotask(flush);
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The name of `address` once known; null when the platform knows no name for it. */
export function useAccountName(address: string): AccountName | null | undefined {
  const key = address.toLowerCase();
  useEffect(() => {
    if (/^0x[0-9a-f]{40}$/.test(key)) ask(key);
  }, [key]);
  return useSyncExternalStore(subscribe, () => known.get(key)?.name);
}

/** What a search over an account matches: its address, and its name once known. */
export function accountText(address: string): string[] {
  const name = known.get(address.toLowerCase())?.name;
  return name ? [address, name.name] : [address];
}
