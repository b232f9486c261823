import { stringify } from "smol-toml";

/**
 * RPC groups a validator serves and the RPC node serves (to the backend and operators). Every node
 * serves PERM and ADMIN: the permissioning operator keeps each node's own allowlists and reads its
 * peers. No validator's RPC port is published outside the consortium's network (compose.ts).
 */
export const VALIDATOR_RPC_APIS = ["ETH", "NET", "WEB3", "QBFT", "ADMIN", "PERM"];
export const RPC_NODE_APIS = ["ETH", "NET", "WEB3", "QBFT", "ADMIN", "TXPOOL", "PERM"];

export const P2P_PORT = 30303;
export const RPC_PORT = 8545;

/** Where a node finds its files inside its container (compose mounts them there). */
export const NODE_PATHS = { config: "/config", data: "/data" } as const;

export interface NodeConfigOptions {
  apis: readonly string[];
  bootnodes: readonly string[];
  /** Accounts permissioning on (false when the kit was given no account to allow). */
  accountsPermissioning: boolean;
}

/**
 * A node's Besu configuration file (TOML keys are the command-line options): free gas
 * (`min-gas-price=0`), the RPC groups, and local permissioning from the permissions file, which
 * the node rewrites itself when the permissioning operator calls perm_* (so it is writable).
 */
export function nodeConfigToml(o: NodeConfigOptions): string {
  const config: Record<string, unknown> = {
    "data-path": NODE_PATHS.data,
    "genesis-file": `${NODE_PATHS.config}/genesis.json`,
    "node-private-key-file": `${NODE_PATHS.config}/key`,
    "p2p-host": "0.0.0.0",
    "p2p-port": P2P_PORT,
    "rpc-http-enabled": true,
    "rpc-http-host": "0.0.0.0",
    "rpc-http-port": RPC_PORT,
    "rpc-http-api": [...o.apis],
    // Containers reach each other by service name; the host binds RPC on 127.0.0.1 only (compose).
    "host-allowlist": ["*"],
    "min-gas-price": 0,
    "sync-mode": "FULL",
    bootnodes: [...o.bootnodes],
    "permissions-nodes-config-file-enabled": true,
    "permissions-nodes-config-file": `${NODE_PATHS.config}/permissions_config.toml`,
  };
  if (o.accountsPermissioning) {
    config["permissions-accounts-config-file-enabled"] = true;
    config["permissions-accounts-config-file"] = `${NODE_PATHS.config}/permissions_config.toml`;
  }
  return `${stringify(config)}\n`;
}

/** The local permissioning file every node starts from: all the kit's nodes, and the accounts given. */
export function permissionsToml(nodes: readonly string[], accounts: readonly string[]): string {
  const file: Record<string, unknown> = { "nodes-allowlist": [...nodes] };
  if (accounts.length > 0) file["accounts-allowlist"] = accounts.map((a) => a.toLowerCase());
  return `${stringify(file)}\n`;
}
