/**
 * Clearing solver benchmark: time and exactness of the maximum set-off on scale-free
 * obligation graphs (1k, 10k, 100k obligations among 100, 1,000, 5,000 members), plus one
 * run with 18-decimal token amounts (the bigint path). `measureClearing()` feeds the
 * `npm run bench` report; `npx tsx scripts/bench/clearing.ts` prints the table alone.
 *
 * Exactness, three ways per row: the dual certificate (an O(m) proof of optimality checked
 * independently of the solver), the same total from the second exact algorithm (network
 * simplex), and the same total from HiGHS's LP solver where totals stay below 2^53.
 */
import { cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { checkSetOff } from "../../backend/clearing/certificate.js";
import { clear } from "../../backend/clearing/clear.js";
import { scaleFreeObligations } from "../../backend/clearing/generate.js";
import { referenceSetOff } from "../../backend/clearing/reference.js";
import { maximumSetOff } from "../../backend/clearing/setOff.js";

export interface ClearingBenchRow {
  obligations: number;
  members: number;
  /** "float64" for amounts up to 1e12 units; "bigint" for 18-decimal token amounts. */
  arithmetic: "float64" | "bigint";
  /** First call in the process (includes compiling the hot paths). */
  firstMs: number;
  /** Median of the timed repeats of `clear()`: validation, set-off, net positions, plan, report. */
  medianMs: number;
  runs: number;
  gross: bigint;
  cancelled: bigint;
  setOffPercent: number;
  liquiditySavingPercent: number;
  payments: number;
  /** Dual certificate and circulation check passed; and how long the check took. */
  certified: boolean;
  certificateMs: number;
  /** Network simplex, the independent second algorithm: its time and whether its total agrees. */
  networkSimplexMs: number;
  networkSimplexAgrees: boolean;
  /** HiGHS LP: whether its optimum equals ours, or why it was not run; and its time. */
  highs: "equal" | "different" | "skipped (total above 2^53)";
  highsMs: number | null;
}

interface Size {
  obligations: number;
  members: number;
  scale?: bigint;
  runs: number;
}

const SIZES: Size[] = [
  { obligations: 1_000, members: 100, runs: 9 },
  { obligations: 10_000, members: 1_000, runs: 7 },
  { obligations: 100_000, members: 5_000, runs: 3 },
  { obligations: 10_000, members: 1_000, scale: 10n ** 18n, runs: 5 },
];

const SEED = 20_240_601;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

export async function measureClearing(log: (line: string) => void = (line) => console.log(`[bench clearing] ${line}`)): Promise<ClearingBenchRow[]> {
  const rows: ClearingBenchRow[] = [];
  for (const size of SIZES) {
    const label = `${size.obligations.toLocaleString("en-US")} obligations among ${size.members.toLocaleString("en-US")} members${size.scale ? " (18 decimals)" : ""}`;
    log(`${label}: generating (seed ${SEED})`);
    const obligations = scaleFreeObligations({ members: size.members, obligations: size.obligations, seed: SEED, scale: size.scale });
    const first = timed(() => clear(obligations));
    const times: number[] = [];
    for (let r = 0; r < size.runs; r++) times.push(timed(() => clear(obligations)).ms);
    const { setOff, report } = first.value;
    log(`${label}: solved in ${median(times).toFixed(1)} ms (median of ${size.runs}); checking`);

    const check = timed(() =>
      checkSetOff(
        obligations,
        setOff.obligations.map((o) => o.cancelled),
        setOff.potentials,
      ),
    );
    const simplex = timed(() => maximumSetOff(obligations, { algorithm: "network-simplex" }));
    log(`${label}: certificate ${check.ms.toFixed(1)} ms, network simplex ${simplex.ms.toFixed(0)} ms`);

    let highs: ClearingBenchRow["highs"] = "skipped (total above 2^53)";
    let highsMs: number | null = null;
    if (report.gross <= BigInt(Number.MAX_SAFE_INTEGER)) {
      log(`${label}: HiGHS`);
      const started = performance.now();
      const reference = await referenceSetOff(obligations);
      highsMs = performance.now() - started;
      highs = BigInt(reference.total) === setOff.total ? "equal" : "different";
    }
    rows.push({
      obligations: size.obligations,
      members: size.members,
      arithmetic: setOff.arithmetic,
      firstMs: first.ms,
      medianMs: median(times),
      runs: size.runs,
      gross: report.gross,
      cancelled: report.cancelled,
      setOffPercent: report.setOffPercent,
      liquiditySavingPercent: report.liquiditySavingPercent,
      payments: report.payments,
      certified: check.value.upperBound === setOff.total,
      certificateMs: check.ms,
      networkSimplexMs: simplex.ms,
      networkSimplexAgrees: simplex.value.total === setOff.total,
      highs,
      highsMs,
    });
  }
  return rows;
}

/** The rows as a Markdown table for the benchmark report. */
export function clearingTable(rows: readonly ClearingBenchRow[]): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  return [
    `| obligations | members | arithmetic | solve ms (median) | first run ms | set-off % | liquidity saving % | payments | dual certificate | network simplex | HiGHS |`,
    `| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |`,
    ...rows.map(
      (r) =>
        `| ${n(r.obligations)} | ${n(r.members)} | ${r.arithmetic} | ${r.medianMs.toFixed(1)} | ${r.firstMs.toFixed(1)} | ${r.setOffPercent.toFixed(2)} | ${r.liquiditySavingPercent.toFixed(2)} | ${n(r.payments)} | ${r.certified ? "optimal" : "FAILED"} (${r.certificateMs.toFixed(1)} ms) | ${r.networkSimplexAgrees ? "same total" : "DIFFERENT"} (${r.networkSimplexMs.toFixed(0)} ms) | ${r.highs}${r.highsMs === null ? "" : ` (${r.highsMs.toFixed(0)} ms)`} |`,
    ),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  measureClearing()
    .then((rows) => {
      console.log(`\nClearing solver · Node ${process.version} · ${cpus().length} cores · scale-free graphs, seed ${SEED}\n`);
      console.log(clearingTable(rows));
      if (rows.some((r) => !r.certified || !r.networkSimplexAgrees || r.highs === "different")) process.exit(1);
    })
    .catch((err: Error) => {
      console.error(`bench clearing: ${err.stack ?? err.message}`);
      process.exit(1);
    });
}
