/**
 * One declaration per table: its columns give both the DDL and the row type its queries read.
 * Plain SQL types only (TEXT, INTEGER, BIGINT), which SQLite and PostgreSQL both accept: flags
 * are 0/1 integers, addresses lowercase hex text, enum values their API names, times unix
 * seconds, token amounts decimal text (they reach 2^128, beyond any SQL integer type).
 */

type SqlType = "TEXT" | "INTEGER" | "BIGINT";

/** A column: its SQL type, whether NULL is allowed, and (in the type only) the value a row holds. */
export interface Column<T = unknown, N extends boolean = boolean> {
  readonly type: SqlType;
  readonly nullable: N;
  /** A SQL literal, e.g. 0 or '0'. */
  readonly default?: string;
  /** Never set: carries the value type. */
  readonly value?: T;
}

export const text: Column<string, false> = { type: "TEXT", nullable: false };
export const integer: Column<number, false> = { type: "INTEGER", nullable: false };
export const bigint: Column<number, false> = { type: "BIGINT", nullable: false };

/** A TEXT column holding one of `values` (an enum's API names, from core/chain/enums.ts). */
export function oneOf<const V extends readonly string[]>(values: V): Column<V[number], false> {
  void values;
  return text as Column<V[number], false>;
}

/** The column, NULL allowed. */
export function nullable<T>(column: Column<T, false>): Column<T, true> {
  return { ...column, nullable: true } as Column<T, true>;
}

/** The column with a default, for rows written before it existed or by statements that leave it out. */
export function withDefault<T>(column: Column<T, false>, literal: string): Column<T, false> {
  return { ...column, default: literal };
}

type Columns = Record<string, Column>;

export interface Table<C extends Columns = Columns> {
  readonly name: string;
  readonly columns: C;
  readonly primaryKey: readonly (keyof C & string)[];
  readonly indexes: Readonly<Record<string, readonly (keyof C & string)[]>>;
  /**
   * Derived from chain events: dropped and rebuilt with the index when the chain or the
   * deployment changes. Tables of what the platform itself was told (uploads, sign-in nonces,
   * webhook deliveries) are kept.
   */
  readonly derived: boolean;
}

/** Declares a table; `derived` is true unless it keeps what no chain event can give back. */
export function table<const C extends Columns>(
  name: string,
  columns: C,
  options: { primaryKey: readonly (keyof C & string)[]; indexes?: Record<string, readonly (keyof C & string)[]>; derived?: boolean },
): Table<C> {
  return { name, columns, primaryKey: options.primaryKey, indexes: options.indexes ?? {}, derived: options.derived ?? true };
}

type Value<C> = C extends Column<infer T, infer N> ? T | (N extends true ? null : never) : never;

/** A row of `T` as node:sqlite reads it (integers as numbers). */
export type Row<T extends AnyTable> = { -readonly [K in keyof T["columns"]]: Value<T["columns"][K]> };

/** Any table, for lists of them (Table's key lists make it invariant in its columns). */
export interface AnyTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, Column>>;
  readonly primaryKey: readonly string[];
  readonly indexes: Readonly<Record<string, readonly string[]>>;
  readonly derived: boolean;
}

/** The table's CREATE statements (idempotent). */
export function tableSql(t: AnyTable): string {
  const lines = Object.entries(t.columns).map(
    ([name, c]) => `  ${name} ${c.type}${c.nullable ? "" : " NOT NULL"}${c.default === undefined ? "" : ` DEFAULT ${c.default}`}`,
  );
  lines.push(`  PRIMARY KEY (${t.primaryKey.join(", ")})`);
  const indexes = Object.entries(t.indexes).map(([name, columns]) => `CREATE INDEX IF NOT EXISTS ${name} ON ${t.name} (${columns.join(", ")});`);
  return [`CREATE TABLE IF NOT EXISTS ${t.name} (\n${lines.join(",\n")}\n);`, ...indexes].join("\n");
}
