import { stringify } from "yaml";
import { NODE_PATHS, RPC_PORT } from "./nodeConfig.js";

/** Images the kit runs, pinned (Besu 26.2.0 or later syncs QBFT blocks made under Shanghai: BESU.md). */
export const IMAGES = {
  besu: "hyperledger/besu:26.2.0",
  kubo: "ipfs/kubo:v0.34.1",
  postgres: "postgres:15.13",
  node: "node:24.11.1-bookworm-slim",
} as const;

export interface ComposeNode {
  /** The service name, also its folder under nodes/. */
  name: string;
  ip: string;
}

export interface ComposeOptions {
  validators: readonly ComposeNode[];
  rpc: ComposeNode;
  /** The network's subnet, e.g. 172.28.0.0/24 (nodes get static addresses: enode URLs need them). */
  subnet: string;
  /** Where the repository is, relative to the kit (the backend runs from it). */
  repository: string;
  apiPort: number;
}

const besuHealth = { test: ["CMD", "curl", "-fsS", `http://127.0.0.1:${RPC_PORT}/liveness`], interval: "10s", timeout: "5s", retries: 12, start_period: "20s" };

function besuService(node: ComposeNode, ports: string[]) {
  return {
    image: IMAGES.besu,
    command: [`--config-file=${NODE_PATHS.config}/config.toml`],
    volumes: [`./nodes/${node.name}:${NODE_PATHS.config}`, "./genesis.json:/config/genesis.json:ro", `${node.name}-data:${NODE_PATHS.data}`],
    networks: { consortium: { ipv4_address: node.ip } },
    ...(ports.length > 0 ? { ports } : {}),
    healthcheck: besuHealth,
    restart: "unless-stopped",
  };
}

/**
 * The kit's compose file: the validators, one RPC node (the only one with PERM and ADMIN, and the
 * only Besu port the host sees, on 127.0.0.1), Kubo, PostgreSQL and the platform's backend; each
 * with a health check, the backend started once the RPC node, Kubo and the database are healthy.
 */
export function composeYaml(o: ComposeOptions): string {
  const services: Record<string, unknown> = {};
  for (const v of o.validators) services[v.name] = besuService(v, []);
  services[o.rpc.name] = {
    ...besuService(o.rpc, [`127.0.0.1:${RPC_PORT}:${RPC_PORT}`]),
    depends_on: Object.fromEntries(o.validators.map((v) => [v.name, { condition: "service_started" }])),
  };
  services.kubo = {
    image: IMAGES.kubo,
    volumes: ["kubo-data:/data/ipfs"],
    networks: ["consortium"],
    healthcheck: { test: ["CMD", "ipfs", "--api=/ip4/127.0.0.1/tcp/5001", "id"], interval: "10s", timeout: "5s", retries: 12 },
    restart: "unless-stopped",
  };
  services.db = {
    image: IMAGES.postgres,
    environment: { POSTGRES_DB: "cluster", POSTGRES_USER: "cluster", POSTGRES_PASSWORD_FILE: "/run/secrets/db-password" },
    secrets: ["db-password"],
    volumes: ["db-data:/var/lib/postgresql/data"],
    networks: ["consortium"],
    healthcheck: { test: ["CMD", "pg_isready", "-U", "cluster", "-d", "cluster"], interval: "10s", timeout: "5s", retries: 12 },
    restart: "unless-stopped",
  };
  services.backend = {
    image: IMAGES.node,
    working_dir: "/app",
    command: ["node_modules/.bin/tsx", "backend/server.ts"],
    volumes: [`${o.repository}:/app`, "./network.json:/app/data/besu/network.json:ro"],
    environment: {
      CLUSTER_RPC_URL: `http://${o.rpc.name}:${RPC_PORT}`,
      // The permissioning operator keeps every node's allowlists (its key: add CLUSTER_PERMISSIONING_OPERATOR_KEY_FILE).
      CLUSTER_NETWORK_FILE: "/app/data/besu/network.json",
      CLUSTER_DEPLOYMENT: "/app/data/besu/deployment.json",
      CLUSTER_DB: "/app/data/besu/index.sqlite",
      CLUSTER_CONTENT_STORE: "kubo",
      CLUSTER_KUBO_URL: "http://kubo:5001",
      // Inside its container; the host sees it on 127.0.0.1 only (ports below).
      CLUSTER_API_HOST: "0.0.0.0",
      CLUSTER_API_PORT: String(o.apiPort),
      CLUSTER_PUBLIC_URL: `http://127.0.0.1:${o.apiPort}`,
    },
    ports: [`127.0.0.1:${o.apiPort}:${o.apiPort}`],
    networks: ["consortium"],
    depends_on: {
      [o.rpc.name]: { condition: "service_healthy" },
      kubo: { condition: "service_healthy" },
      db: { condition: "service_healthy" },
    },
    healthcheck: {
      test: ["CMD", "node", "-e", `fetch("http://127.0.0.1:${o.apiPort}/readyz").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
      interval: "10s",
      timeout: "5s",
      retries: 12,
      start_period: "30s",
    },
    restart: "unless-stopped",
  };
  const volumes = Object.fromEntries(
    [...o.validators, o.rpc]
      .map((n) => [`${n.name}-data`, {}])
      .concat([
        ["kubo-data", {}],
        ["db-data", {}],
      ]),
  );
  // Written out in full for each service (no YAML anchors): people read and edit this file.
  return stringify(
    {
      name: "cluster-platform",
      services,
      networks: { consortium: { ipam: { config: [{ subnet: o.subnet }] } } },
      volumes,
      secrets: { "db-password": { file: "./secrets/db-password" } },
    },
    { aliasDuplicateObjects: false },
  );
}
