import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_MAX_UPLOAD_BYTES, type ContentStoreConfig } from "./storage/create.js";

function privateKey() {
  return z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{64}$/, "must be a private key: 32 bytes as 64 hex digits, optionally 0x-prefixed")
    .transform((key) => (key.startsWith("0x") ? key : `0x${key}`).toLowerCase())
    .refine(isSigningKey, "is not a valid secp256k1 private key (zero or not below the curve order)");
}

/** Each variable with its embedded default (COMMON.md); empty strings count as unset. */
const envSchema = z.object({
  CLUSTER_RPC_URL: z.url({ protocol: /^(http|https|ws|wss)$/ }).default("http://127.0.0.1:8545"),
  CLUSTER_DEPLOYMENT: z.string().min(1).default("data/deployment.json"),
  CLUSTER_DB: z.string().min(1).default("data/index.sqlite"),
  // The production index: PostgreSQL, shared by every replica; CLUSTER_DB is then unused for the index.
  CLUSTER_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "a PostgreSQL URL like postgres://user:password@host:5432/cluster")
    .optional(),
  CLUSTER_API_HOST: z.string().min(1).default("127.0.0.1"),
  CLUSTER_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  CLUSTER_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  // A block explorer (Blockscout, Etherscan) for the chain: the web app links transactions to <url>/tx/<hash> and accounts to <url>/address/<address>.
  CLUSTER_EXPLORER_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLUSTER_AUTH_MAX_NONCES: z.coerce.number().int().positive().max(1_000_000).default(10_000),
  CLUSTER_AUTH_RATE_LIMIT: z.coerce.number().int().positive().max(1_000_000).default(60),
  CLUSTER_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  CLUSTER_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  CLUSTER_SESSION_TTL: z.coerce.number().int().positive().default(3600),
  CLUSTER_INDEXER_BATCH: z.coerce.number().int().positive().max(1_000_000).default(2000),
  CLUSTER_INDEXER_POLL_MS: z.coerce.number().int().min(10).default(250),
  CLUSTER_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // /readyz: how far behind the chain's head the index may be and still serve.
  CLUSTER_READY_MAX_LAG_BLOCKS: z.coerce.number().int().min(0).default(100),
  // /metrics answers only with this bearer token when set.
  CLUSTER_METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  CLUSTER_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // auto: readable lines on a terminal, JSON lines (for log collectors) otherwise.
  CLUSTER_LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  // On SIGTERM, how long requests in flight may take to finish before their connections are cut.
  CLUSTER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  CLUSTER_FRONTEND_DIST: z.string().min(1).default("dist/frontend"),
  CLUSTER_CONTENT_STORE: z.enum(["embedded", "kubo"]).default("embedded"),
  CLUSTER_IPFS_DIR: z.string().min(1).default("data/ipfs"),
  CLUSTER_KUBO_URL: z.url({ protocol: /^(http|https)$/ }).optional(),
  CLUSTER_MAX_UPLOAD_BYTES: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_MAX_UPLOAD_BYTES),
  CLUSTER_CLEARING_OPERATOR_KEY: privateKey().optional(),
  CLUSTER_CLEARING_OPERATOR_KEY_FILE: z.string().min(1).optional(),
  // The permissioning operator (backend/operators/permissioning) runs when a network file names the nodes it keeps.
  CLUSTER_NETWORK_FILE: z.string().min(1).optional(),
  CLUSTER_PERMISSIONING_OPERATOR_KEY: privateKey().optional(),
  CLUSTER_PERMISSIONING_OPERATOR_KEY_FILE: z.string().min(1).optional(),
  CLUSTER_PERMISSIONING_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  CLUSTER_KEYSTORE_PASSWORD: z.string().optional(),
  CLUSTER_GATEWAY_KEY_FILE: z.string().min(1).optional(),
  CLUSTER_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // Origins (http://10.0.0.5:8095) or hosts (127.0.0.1) of external services the gateway may reach on private networks.
  CLUSTER_GATEWAY_PRIVATE_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== ""),
    )
    .pipe(z.array(z.string().regex(/^(https?:\/\/[^/\s]+|[^/:\s]+|\[[0-9a-fA-F:]+\])$/, "an origin like http://10.0.0.5:8095, or a host like 127.0.0.1"))),
  CLUSTER_GATEWAY_MAX_BODY: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  CLUSTER_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  CLUSTER_WEBHOOK_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
});

/** Variables whose values never appear in an error message. */
const SECRET_VARIABLES = new Set([
  "CLUSTER_SESSION_SECRET",
  "CLUSTER_CLEARING_OPERATOR_KEY",
  "CLUSTER_PERMISSIONING_OPERATOR_KEY",
  "CLUSTER_KEYSTORE_PASSWORD",
]);

/** The order of secp256k1: a private key is a number from 1 to n - 1. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function isSigningKey(key: string): boolean {
  const k = BigInt(key);
  return k > 0n && k < SECP256K1_N;
}

/** Where people reach the web app: sign-in messages must name this domain and an URI on this origin. */
export interface PublicUrl {
  /** scheme://host[:port], e.g. https://cluster.example */
  origin: string;
  /** host[:port] as EIP-4361 writes it, e.g. cluster.example or 127.0.0.1:8080 */
  domain: string;
  /** http or https */
  scheme: string;
  /** False when derived from CLUSTER_API_HOST and CLUSTER_API_PORT (then a port 0 is replaced by the real one). */
  configured: boolean;
}

export function publicUrl(url: string, configured: boolean): PublicUrl {
  const u = new URL(url);
  return { origin: u.origin, domain: u.host, scheme: u.protocol.replace(/:$/, ""), configured };
}

export type Config = {
  rpcUrl: string;
  deploymentPath: string;
  dbPath: string;
  /** CLUSTER_DATABASE_URL: the index in PostgreSQL instead of the SQLite file at dbPath; null: SQLite. */
  databaseUrl: string | null;
  /** trustProxy: reverse proxies in front of the API whose X-Forwarded-For names the client (0: none; clients are the sockets' peers). */
  api: { host: string; port: number; trustProxy: number };
  publicUrl: PublicUrl;
  /** A block explorer's base URL, without a trailing slash; null: none configured. */
  explorerUrl: string | null;
  /** Sign-in limits: outstanding (unused, unexpired) nonces, and requests per minute per client to nonce and verify. */
  auth: { maxNonces: number; ratePerMinute: number };
  session: { secret: string; ttlSeconds: number };
  indexer: { batchBlocks: number; pollMs: number };
  /** How long one JSON-RPC call may take; the chain counts as unreachable without an answer for that long. */
  rpcTimeoutMs: number;
  frontendDist: string;
  /** Where document bytes live; maxBytes is also the upload limit of the API. */
  contentStore: ContentStoreConfig & { maxBytes: number };
  /** The key the clearing operator signs with (backend/operators/clearing); null = operator off, unless a key file is set. */
  clearingOperatorKey: string | null;
  /** Or a file holding it: hex, or an encrypted JSON keystore opened with keystorePassword (read when the server starts). */
  clearingOperatorKeyFile: string | null;
  keystorePassword: string | null;
  /** The permissioning operator: its network file (null: off), its key or key file (null: it prunes nothing on chain), its pass period. */
  permissioning: { networkFile: string | null; key: string | null; keyFile: string | null; pollMs: number };
  /**
   * The gateway to external services: the file of its token and webhook keys (null: in memory,
   * for an in-memory index), how long an upstream may take, and the largest request and response.
   */
  gateway: { keyFile: string | null; timeoutMs: number; maxBodyBytes: number; privateOrigins: string[] };
  /** Webhook delivery: attempts before a delivery counts as failed, and the first retry's delay (doubling after). */
  webhooks: { maxAttempts: number; retryMs: number };
  /**
   * Operations: the index lag /readyz tolerates, the token /metrics asks for (null: open), and how
   * long a stopping server waits for requests in flight.
   */
  ops: { readyMaxLagBlocks: number; metricsToken: string | null; shutdownGraceMs: number };
  /** The process's log: the least severe level written, and JSON or readable lines (auto: readable on a terminal). */
  log: { level: z.output<typeof envSchema>["CLUSTER_LOG_LEVEL"]; format: z.output<typeof envSchema>["CLUSTER_LOG_FORMAT"] };
};

export class ConfigError extends Error {}

/** Where the index lives: the one place the store is chosen (backend/db/open.ts opens either). */
export function indexLocation(config: Pick<Config, "dbPath" | "databaseUrl">): string {
  return config.databaseUrl ?? config.dbPath;
}

/**
 * Reads the backend's configuration from the environment. Relative paths resolve against
 * the working directory (the repository root when started by the scripts). When no session
 * secret is given one is generated once and kept beside the database, so sessions survive
 * a restart.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(Object.keys(envSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]));
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const shown = SECRET_VARIABLES.has(name) ? "(hidden)" : JSON.stringify(relevant[name] ?? "");
      return `${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid backend configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  for (const name of ["CLUSTER_CLEARING_OPERATOR_KEY", "CLUSTER_PERMISSIONING_OPERATOR_KEY"] as const) {
    if (e[name] && e[`${name}_FILE`]) throw new ConfigError(`Invalid backend configuration: set ${name} or ${name}_FILE, not both`);
  }
  const dbPath = e.CLUSTER_DB === ":memory:" ? e.CLUSTER_DB : resolve(e.CLUSTER_DB);
  return {
    rpcUrl: e.CLUSTER_RPC_URL,
    deploymentPath: resolve(e.CLUSTER_DEPLOYMENT),
    dbPath,
    databaseUrl: e.CLUSTER_DATABASE_URL ?? null,
    api: { host: e.CLUSTER_API_HOST, port: e.CLUSTER_API_PORT, trustProxy: e.CLUSTER_TRUST_PROXY },
    publicUrl: e.CLUSTER_PUBLIC_URL
      ? publicUrl(e.CLUSTER_PUBLIC_URL, true)
      : publicUrl(`http://${hostForUrl(e.CLUSTER_API_HOST)}:${e.CLUSTER_API_PORT}`, false),
    explorerUrl: e.CLUSTER_EXPLORER_URL ? e.CLUSTER_EXPLORER_URL.replace(/\/+$/, "") : null,
    auth: { maxNonces: e.CLUSTER_AUTH_MAX_NONCES, ratePerMinute: e.CLUSTER_AUTH_RATE_LIMIT },
    session: {
      secret: e.CLUSTER_SESSION_SECRET ?? persistedSecret(dbPath === ":memory:" ? resolve("data") : dirname(dbPath)),
      ttlSeconds: e.CLUSTER_SESSION_TTL,
    },
    indexer: { batchBlocks: e.CLUSTER_INDEXER_BATCH, pollMs: e.CLUSTER_INDEXER_POLL_MS },
    rpcTimeoutMs: e.CLUSTER_RPC_TIMEOUT_MS,
    frontendDist: resolve(e.CLUSTER_FRONTEND_DIST),
    contentStore: contentStoreConfig(e),
    clearingOperatorKey: e.CLUSTER_CLEARING_OPERATOR_KEY ?? null,
    clearingOperatorKeyFile: e.CLUSTER_CLEARING_OPERATOR_KEY_FILE ? resolve(e.CLUSTER_CLEARING_OPERATOR_KEY_FILE) : null,
    keystorePassword: e.CLUSTER_KEYSTORE_PASSWORD ?? null,
    permissioning: {
      networkFile: e.CLUSTER_NETWORK_FILE ? resolve(e.CLUSTER_NETWORK_FILE) : null,
      key: e.CLUSTER_PERMISSIONING_OPERATOR_KEY ?? null,
      keyFile: e.CLUSTER_PERMISSIONING_OPERATOR_KEY_FILE ? resolve(e.CLUSTER_PERMISSIONING_OPERATOR_KEY_FILE) : null,
      pollMs: e.CLUSTER_PERMISSIONING_POLL_MS,
    },
    gateway: {
      keyFile: e.CLUSTER_GATEWAY_KEY_FILE ? resolve(e.CLUSTER_GATEWAY_KEY_FILE) : dbPath === ":memory:" ? null : join(dirname(dbPath), "gateway-keys.json"),
      timeoutMs: e.CLUSTER_GATEWAY_TIMEOUT_MS,
      maxBodyBytes: e.CLUSTER_GATEWAY_MAX_BODY,
      privateOrigins: e.CLUSTER_GATEWAY_PRIVATE_ORIGINS,
    },
    webhooks: { maxAttempts: e.CLUSTER_WEBHOOK_MAX_ATTEMPTS, retryMs: e.CLUSTER_WEBHOOK_RETRY_MS },
    ops: { readyMaxLagBlocks: e.CLUSTER_READY_MAX_LAG_BLOCKS, metricsToken: e.CLUSTER_METRICS_TOKEN ?? null, shutdownGraceMs: e.CLUSTER_SHUTDOWN_GRACE_MS },
    log: { level: e.CLUSTER_LOG_LEVEL, format: e.CLUSTER_LOG_FORMAT },
  };
}

/** An IPv6 literal needs brackets in a URL. */
export function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function contentStoreConfig(e: z.output<typeof envSchema>): Config["contentStore"] {
  const maxBytes = e.CLUSTER_MAX_UPLOAD_BYTES;
  if (e.CLUSTER_CONTENT_STORE === "embedded") return { kind: "embedded", dir: resolve(e.CLUSTER_IPFS_DIR), maxBytes };
  if (!e.CLUSTER_KUBO_URL) {
    throw new ConfigError("Invalid backend configuration: CLUSTER_CONTENT_STORE=kubo needs CLUSTER_KUBO_URL (the Kubo RPC URL, e.g. http://127.0.0.1:5001)");
  }
  return { kind: "kubo", url: e.CLUSTER_KUBO_URL, maxBytes };
}

/** Startup only (never on a request path), hence the synchronous file calls. */
function persistedSecret(dir: string): string {
  const file = join(dir, "session-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
