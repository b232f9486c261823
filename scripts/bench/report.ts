import { cpus, loadavg } from "node:os";
import type { TransactionResponse } from "ethers";

/** One measured operation of a gas table. */
export interface GasRow {
  operation: string;
  gas: bigint;
  note?: string;
}

export function gasTable(rows: readonly GasRow[]): string {
  return [
    `| operation | gas | note |`,
    `| --- | ---: | --- |`,
    ...rows.map((r) => `| ${r.operation} | ${r.gas.toLocaleString("en-US")} | ${r.note ?? ""} |`),
  ].join("\n");
}

/** Gas used by a transaction, once mined. */
export async function gasOf(tx: Promise<TransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("A benchmark transaction was not mined");
  return receipt.gasUsed;
}

/** The q-quantile (0..1) of ascending `sorted` values, nearest rank; 0 when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The machine's load when a timing was taken, to read beside it (the bench shares 2 cores with whatever else runs). */
export function loadNow(): string {
  const [one, five] = loadavg();
  return `load ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${cpus().length} cores`;
}
