import { parseUnits } from "ethers";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
}

/** A chain timestamp (seconds since the epoch, as contracts store due dates). */
export function formatUnixTime(seconds: number): string {
  return formatTime(new Date(seconds * 1000).toISOString());
}

export function formatBps(bps: number): string {
  return formatPercent(bps / 100);
}

const UNITS: [number, string][] = [
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** A duration in seconds as the largest whole units, e.g. 90 000 -> "1 day 1 hour". */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0 seconds";
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${name}${count === 1 ? "" : "s"}`);
      rest -= count * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------
// Amounts of the settlement token, percentages and times relative to the chain's clock: one
// place for how the web app writes and reads them, in the reader's locale (issue 11, 3 and 4).

/** What the web app needs of a settlement token to show and read its amounts. */
export interface TokenUnit {
  decimals: number;
  symbol: string;
}

/** The reader's locale (the browser's), for every number and relative time the app writes. */
const READER_LOCALE: string | undefined = undefined;

// Built once: every amount and deadline on a page is formatted with them.
const grouped = new Intl.NumberFormat(READER_LOCALE, { useGrouping: true });
const DECIMAL_SEPARATOR = new Intl.NumberFormat(READER_LOCALE).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
const relative = new Intl.RelativeTimeFormat(READER_LOCALE, { numeric: "auto" });

/** `base` (an amount in the token's smallest units) as the reader writes it: "1,234.56 CSR".
 * Exact for any size: the whole part is formatted as a bigint, the fraction padded to the
 * token's decimals. Without the token (no wallet to read it through), the smallest units. */
export function formatAmount(base: bigint | string, unit: TokenUnit | undefined): string {
  let value: bigint;
  try {
    value = typeof base === "bigint" ? base : BigInt(base);
  } catch {
    return String(base);
  }
  const decimals = unit?.decimals ?? 0;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  let text = grouped.format(abs / scale);
  if (decimals > 0) text += DECIMAL_SEPARATOR + (abs % scale).toString().padStart(decimals, "0");
  return `${negative ? "−" : ""}${text} ${unit ? unit.symbol : "units"}`;
}

/** The largest amount the clearing and agreement contracts store (uint128). */
export const MAX_AMOUNT = 2n ** 128n - 1n;

/** An amount typed into a form, in the token's smallest units, or what is wrong with it. */
export type ParsedAmount = { ok: true; value: bigint } | { ok: false; error: string };

/**
 * Reads an amount as a person types it ("1234.56", "1 234,56" in a comma locale) into the
 * token's smallest units, exactly (parseUnits, never floats). Refuses more decimals than the
 * token has, and zero or less.
 */
export function parseAmount(text: string, unit: TokenUnit | undefined, what = "The amount"): ParsedAmount {
  if (!unit) return { ok: false, error: `${what} cannot be read yet: the settlement token's decimals are not known (connect your wallet).` };
  const localDecimal = DECIMAL_SEPARATOR;
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (compact === "") return { ok: false, error: `${what} is missing.` };
  const normalised = localDecimal !== "." && !compact.includes(".") ? compact.replace(localDecimal, ".") : compact;
  if (!/^[0-9]+(\.[0-9]*)?$/.test(normalised) && !/^\.[0-9]+$/.test(normalised)) {
    return { ok: false, error: `${what} must be a number of ${unit.symbol}, e.g. ${exampleAmount(unit)}.` };
  }
  const fraction = normalised.split(".")[1] ?? "";
  if (fraction.length > unit.decimals) {
    return {
      ok: false,
      error:
        unit.decimals === 0
          ? `${what} must be a whole number of ${unit.symbol}: it has no decimals.`
          : `${what} has ${fraction.length} decimals; ${unit.symbol} has ${unit.decimals}, e.g. ${exampleAmount(unit)}.`,
    };
  }
  const value = parseUnits(normalised.endsWith(".") ? normalised.slice(0, -1) : normalised.startsWith(".") ? `0${normalised}` : normalised, unit.decimals);
  if (value === 0n) return { ok: false, error: `${what} must be above 0.` };
  if (value > MAX_AMOUNT) return { ok: false, error: `${what} is beyond what the contracts hold: at most ${formatAmount(MAX_AMOUNT, unit)}.` };
  return { ok: true, value };
}

function exampleAmount(unit: TokenUnit): string {
  return unit.decimals === 0 ? "1234" : `1234.${"5".repeat(unit.decimals)}`;
}

/** A percentage already in percent (liquidity saving: 83.33), in the reader's locale: "83.33 %". */
export function formatPercent(percent: number): string {
  return `${new Intl.NumberFormat(READER_LOCALE, { maximumFractionDigits: 2 }).format(percent)} %`;
}

const RELATIVE_STEPS: [number, Intl.RelativeTimeFormatUnit][] = [
  [365 * 86_400, "year"],
  [30 * 86_400, "month"],
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/**
 * Seconds from now as the largest unit that fits: 172 800 -> [2, "day"]. Rounded to the nearest
 * count, so that two deadlines a second apart around a whole day do not read a day apart.
 */
function largestUnit(seconds: number): [number, Intl.RelativeTimeFormatUnit] {
  const abs = Math.abs(seconds);
  // Up to two months counts in days ("in 45 days"), as deadlines are thought of.
  for (const [size, unit] of RELATIVE_STEPS) {
    if (unit === "month" && abs < 60 * 86_400) continue;
    if (abs >= size) return [Math.round(seconds / size), unit];
  }
  return [0, "second"];
}

/** `targetMs` relative to `nowMs` (the chain's clock): "in 2 days", "3 hours ago". */
export function formatRelative(targetMs: number, nowMs: number): string {
  const [count, unit] = largestUnit(Math.round((targetMs - nowMs) / 1000));
  return relative.format(count, unit);
}

/** How far the chain's clock may drift from this computer's before the footer says so. */
const CLOCK_NOTE_AFTER_MS = 5 * 60_000;

/**
 * The footer's note on the chain's clock, when it differs from this computer's by more than
 * a few minutes: "Chain time: 06 Jan 2027, 14:02 (31 days ahead of this computer)".
 */
export function chainClockNote(chainMs: number, wallMs: number): string | undefined {
  const drift = chainMs - wallMs;
  if (Math.abs(drift) <= CLOCK_NOTE_AFTER_MS) return undefined;
  const [count, unit] = largestUnit(Math.round(Math.abs(drift) / 1000));
  const amount = new Intl.NumberFormat(READER_LOCALE, { style: "unit", unit, unitDisplay: "long" }).format(count);
  return `Chain time: ${dateTime.format(chainMs)} (${amount} ${drift > 0 ? "ahead of" : "behind"} this computer)`;
}
