/**
 * Builds `count` items in slices, yielding to the event loop between them: encoding a hundred
 * thousand calls takes seconds (ethers' ABI coder, ~70 µs a call), and a loop blocked that long
 * starves the progress timer and lets a kept-alive connection to the node go stale unnoticed.
 * `make` returns undefined for an item to leave out.
 */
export async function plan<T>(count: number, make: (k: number) => T | undefined, slice = 2000): Promise<T[]> {
  const out: T[] = [];
  for (let k = 0; k < count; k++) {
    const item = make(k);
    if (item !== undefined) out.push(item);
    if (k % slice === slice - 1) await new Promise((r) => setImmediate(r));
  }
  return out;
}
