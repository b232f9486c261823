import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "../config.js";

/** What the backend's parts log through: one message a call (the indexer, the operators, the webhooks, the API). */
export type LogLine = (line: string) => void;

/**
 * The process's logger, on stdout: JSON lines for log collectors; on a terminal (or with
 * CLUSTER_LOG_FORMAT=pretty) one readable line an entry, since no pretty-printer is installed.
 */
export function createLogger(options: Config["log"]): Logger {
  const pretty = options.format === "pretty" || (options.format === "auto" && process.stdout.isTTY === true);
  // pino's own stdout stream flushes what it buffered when the process exits.
  return pretty ? pino({ level: options.level }, readableLines(process.stdout)) : pino({ level: options.level });
}

/**
 * The logger in the shape every part already logs through, each line tagged with its component.
 * The parts prefix their lines with their name ("indexer: block 7 of 9"); the component field says
 * that now, so the prefix is left out of the message.
 */
export function componentLog(logger: Logger, component: string, level: "info" | "warn" | "error" = "info"): LogLine {
  const child = logger.child({ component });
  const prefix = `${component}: `;
  return (line) => child[level](line.startsWith(prefix) ? line.slice(prefix.length) : line);
}

/** One answered (or abandoned) API request, by route pattern: never its URL, query or headers, which may carry tokens. */
export interface RequestLogEntry {
  method: string;
  route: string;
  status: number;
  ms: number;
  /** The client went away before the whole answer was sent. */
  aborted: boolean;
}

export type RequestLog = (entry: RequestLogEntry) => void;

/** Probes arrive every few seconds from orchestrators and Prometheus: they would drown the log at info. */
const PROBE_ROUTES = new Set(["/livez", "/readyz", "/metrics"]);

export function requestLog(logger: Logger): RequestLog {
  const child = logger.child({ component: "http" });
  return ({ method, route, status, ms, aborted }) => {
    const level = status >= 500 ? "error" : PROBE_ROUTES.has(route) ? "debug" : "info";
    const rounded = Math.round(ms * 10) / 10;
    child[level](
      { method, route, status, ms: rounded, ...(aborted ? { aborted } : {}) },
      `${method} ${route} ${status} ${rounded} ms${aborted ? " (aborted)" : ""}`,
    );
  };
}

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** `14:03:07.512 INFO  indexer: block 7 of 9`, and an error's stack below its line. */
export function readableLine(json: string): string {
  const entry = JSON.parse(json) as { level?: number; time?: number; component?: string; msg?: string; err?: { stack?: string } };
  const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8) + "." + String((entry.time ?? 0) % 1000).padStart(3, "0");
  const level = (LEVEL_NAMES[entry.level ?? 30] ?? String(entry.level)).padEnd(5);
  const component = entry.component ? `${entry.component}: ` : "";
  const stack = entry.err?.stack ? `\n${entry.err.stack}` : "";
  return `${time} ${level} ${component}${entry.msg ?? ""}${stack}\n`;
}

function readableLines(out: NodeJS.WritableStream): DestinationStream {
  return { write: (json: string) => void out.write(readableLine(json)) };
}
