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
  return `${(bps / 100).toLocaleString("en-GB", { maximumFractionDigits: 2 })} %`;
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
