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
