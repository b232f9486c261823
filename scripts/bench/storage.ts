/**
 * Embedded content store throughput, on disk in a temporary directory: add and verified cat
 * of a 10 MiB file (MB/s, 1 MB = 10^6 bytes), and operations per second for 2 KiB files.
 * `measureStorage()` feeds `npm run bench`; `npx tsx scripts/bench/storage.ts` runs it alone.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { EmbeddedStore } from "../../backend/storage/index.js";
import { deterministicBytes } from "../../test/backend/storage/fixtures.js";

export interface StorageBenchRow {
  operation: string;
  value: number;
  unit: "MB/s" | "ops/s";
  /** How it was measured (sizes, repetitions, concurrency). */
  note: string;
}

export interface StorageBenchOptions {
  /** Where to put the store; a fresh temporary directory (removed afterwards) by default. */
  dir?: string;
  log?: (line: string) => void;
  largeBytes?: number;
  largeRuns?: number;
  smallBytes?: number;
  smallFiles?: number;
  concurrency?: number;
}

/** Distinct, incompressible contents per seed (the storage tests' generator), so no two files dedupe into the same blocks. */
function bytesFor(seed: number, length: number): Uint8Array {
  return deterministicBytes(length, seed * 2654435761);
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += chunk.byteLength;
  return n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs tasks with at most `limit` in flight, like concurrent uploads to the API. */
async function pool(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export async function measureStorage(options: StorageBenchOptions = {}): Promise<StorageBenchRow[]> {
  const log = options.log ?? ((line: string) => console.log(`[bench storage] ${line}`));
  const largeBytes = options.largeBytes ?? 10 * 1024 * 1024;
  const largeRuns = options.largeRuns ?? 5;
  const smallBytes = options.smallBytes ?? 2 * 1024;
  const smallFiles = options.smallFiles ?? 2000;
  const concurrency = options.concurrency ?? 16;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "cluster-bench-storage-")));
  const rows: StorageBenchRow[] = [];
  const store = await EmbeddedStore.open({ dir, maxBytes: Math.max(largeBytes, smallBytes) });
  try {
    const mb = largeBytes / 1e6;
    log(`store in ${dir}; ${largeRuns} runs of add + cat of a ${(largeBytes / 2 ** 20).toFixed(0)} MiB file (after one warm-up)`);
    const addRates: number[] = [];
    const catRates: number[] = [];
    for (let run = 0; run <= largeRuns; run++) {
      const bytes = bytesFor(1_000_000 + run, largeBytes);
      let t = performance.now();
      const { cid } = await store.add(bytes);
      const addSeconds = (performance.now() - t) / 1000;
      t = performance.now();
      const read = await drain(store.cat(cid));
      const catSeconds = (performance.now() - t) / 1000;
      if (read !== largeBytes) throw new Error(`cat of ${cid} returned ${read} bytes, expected ${largeBytes}`);
      if (run === 0) continue;
      addRates.push(mb / addSeconds);
      catRates.push(mb / catSeconds);
      log(`  run ${run}: add ${(mb / addSeconds).toFixed(0)} MB/s, cat ${(mb / catSeconds).toFixed(0)} MB/s (${cid})`);
    }
    const largeNote = `${(largeBytes / 2 ** 20).toFixed(0)} MiB file, median of ${largeRuns} runs`;
    rows.push({ operation: "add a large file (chunk, hash, stage, commit to disk)", value: median(addRates), unit: "MB/s", note: largeNote });
    rows.push({ operation: "cat a large file (read, verify every block, stream)", value: median(catRates), unit: "MB/s", note: largeNote });

    const small = Array.from({ length: smallFiles }, (_, i) => bytesFor(i + 1, smallBytes));
    const cids: string[] = new Array(smallFiles);
    const smallNote = `${smallFiles} distinct ${smallBytes / 1024} KiB files`;

    log(`adding ${smallFiles} files of ${smallBytes} bytes one at a time`);
    let t = performance.now();
    for (let i = 0; i < smallFiles; i++) cids[i] = (await store.add(small[i])).cid;
    rows.push({ operation: "add small files, one at a time", value: smallFiles / ((performance.now() - t) / 1000), unit: "ops/s", note: smallNote });

    log(`adding ${smallFiles} other files of ${smallBytes} bytes, ${concurrency} at a time`);
    const others = small.map((_, i) => bytesFor(smallFiles + i + 1, smallBytes));
    t = performance.now();
    await pool(smallFiles, concurrency, (i) => store.add(others[i]));
    rows.push({
      operation: `add small files, ${concurrency} concurrent`,
      value: smallFiles / ((performance.now() - t) / 1000),
      unit: "ops/s",
      note: smallNote,
    });

    log(`reading the first ${smallFiles} back one at a time (verified cat)`);
    t = performance.now();
    for (const cid of cids) if ((await drain(store.cat(cid))) !== smallBytes) throw new Error(`cat of ${cid} returned the wrong size`);
    rows.push({ operation: "cat small files, one at a time", value: smallFiles / ((performance.now() - t) / 1000), unit: "ops/s", note: smallNote });

    log(`reading them back ${concurrency} at a time`);
    t = performance.now();
    await pool(smallFiles, concurrency, (i) => drain(store.cat(cids[i])));
    rows.push({
      operation: `cat small files, ${concurrency} concurrent`,
      value: smallFiles / ((performance.now() - t) / 1000),
      unit: "ops/s",
      note: smallNote,
    });
    return rows;
  } finally {
    await store.close();
    if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

export function storageTable(rows: StorageBenchRow[]): string {
  return [
    `| operation | value | unit | note |`,
    `| --- | ---: | --- | --- |`,
    ...rows.map((r) => `| ${r.operation} | ${Math.round(r.value).toLocaleString("en-US")} | ${r.unit} | ${r.note} |`),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measureStorage()
    .then((rows) => console.log(`\n${storageTable(rows)}`))
    .catch((err: Error) => {
      console.error(`bench storage: ${err.stack ?? err.message}`);
      process.exit(1);
    });
}
