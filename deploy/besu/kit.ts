import { randomBytes } from "node:crypto";
import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { composeYaml } from "./compose.js";
import { qbftGenesis } from "./genesis.js";
import { sortValidators } from "./extraData.js";
import { VALIDATOR_SET_ADDRESS, validatorSetAlloc } from "./validatorSet.js";
import { enodeUrl, generateNodeKey, nodeKeyFromPublic, writeNodeKey, type NodeKey } from "./nodeKeys.js";
import { nodeConfigToml, P2P_PORT, permissionsToml, RPC_NODE_APIS, RPC_PORT, VALIDATOR_RPC_APIS } from "./nodeConfig.js";

export interface KitValidator {
  /** The organisation's node name: lowercase words joined by hyphens (its service and folder). */
  name: string;
  /** Its node's public key, when the organisation keeps its own key; otherwise one is generated here. */
  publicKey?: string;
}

export interface KitOptions {
  outDir: string;
  chainId: number;
  validators: readonly KitValidator[];
  /** Accounts allowed to send transactions from the start (the CDC's); none: accounts permissioning off. */
  accounts: readonly string[];
  blockPeriodSeconds?: number;
  epochLength?: number;
  requestTimeoutSeconds?: number;
  /** A /24 for the nodes' static addresses (enode URLs need addresses). */
  subnet?: string;
  /** The repository, relative to `outDir`: the backend's container runs from it. */
  repository: string;
  apiPort?: number;
  /**
   * Contract mode: the validators live in a ValidatorSet at VALIDATOR_SET_ADDRESS, in the genesis
   * alloc, changed by `admin` (the CDC's account or a governor); the extraData then lists none.
   */
  validatorContract?: { admin: string; runtimeCode: string };
}

export interface KitNode {
  name: string;
  role: "validator" | "rpc";
  ip: string;
  key: NodeKey;
  enode: string;
  /** False for a validator that brought its own key: its organisation puts it in nodes/<name>/key. */
  keyWritten: boolean;
}

export interface Kit {
  genesis: Record<string, unknown>;
  nodes: KitNode[];
  files: string[];
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RPC_NAME = "rpc";

function subnetPrefix(subnet: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/.exec(subnet);
  if (!m || m.slice(1).some((x) => Number(x) > 255)) throw new Error(`The subnet must be a /24 such as 172.28.0.0/24, not ${subnet}`);
  return `${m[1]}.${m[2]}.${m[3]}.`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The permissioning operator's view of the kit (backend/operators/permissioning/networkFile.ts):
 * every node by its compose name, validators marked. In contract mode the validator set is the
 * genesis contract; in header mode the CDC deploys a ValidatorSet later and adds its address.
 */
function networkFileOf(validators: KitNode[], rpc: KitNode, o: KitOptions) {
  const entry = (n: KitNode) => ({ name: n.name, rpcUrl: `http://${n.name}:${RPC_PORT}`, validator: n.role === "validator" });
  return {
    mode: o.validatorContract ? "contract" : "header",
    ...(o.validatorContract ? { validatorSet: VALIDATOR_SET_ADDRESS.toLowerCase() } : {}),
    accounts: o.accounts.length > 0,
    nodes: [...validators, rpc].map(entry),
  };
}

/**
 * Generates a QBFT consortium for the validator organisations: the genesis (validators sorted
 * into its extraData), each node's configuration, key and permissions file, and a compose file
 * with one RPC node, Kubo, PostgreSQL and the backend. Refuses a folder that already holds a kit:
 * its keys would be lost.
 */
export async function generateKit(o: KitOptions): Promise<Kit> {
  if (o.validators.length === 0) throw new Error("A network needs at least one validator organisation");
  if (o.validators.length > 200) throw new Error("At most 200 validators fit the kit's /24 subnet");
  for (const v of o.validators) {
    if (!NAME.test(v.name) || v.name === RPC_NAME) throw new Error(`A node name is lowercase words joined by hyphens (not "${RPC_NAME}"): ${v.name}`);
  }
  const names = o.validators.map((v) => v.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`Validator ${twice} is listed twice`);
  if (await exists(join(o.outDir, "genesis.json"))) throw new Error(`${o.outDir} already holds a network kit: its keys would be lost (choose another folder)`);

  const prefix = subnetPrefix(o.subnet ?? "172.28.0.0/24");
  const node = (name: string, role: KitNode["role"], ip: string, key: NodeKey, keyWritten: boolean): KitNode => ({
    name,
    role,
    ip,
    key,
    enode: enodeUrl(key, ip, P2P_PORT),
    keyWritten,
  });
  const validators = o.validators.map((v, i) =>
    v.publicKey
      ? node(v.name, "validator", `${prefix}${11 + i}`, nodeKeyFromPublic(v.publicKey), false)
      : node(v.name, "validator", `${prefix}${11 + i}`, generateNodeKey(), true),
  );
  const keys = [...validators.map((v) => v.key.address.toLowerCase())];
  const sameKey = keys.find((k, i) => keys.indexOf(k) !== i);
  if (sameKey) throw new Error(`Two validators have the same key (${sameKey})`);
  const rpc = node(RPC_NAME, "rpc", `${prefix}10`, generateNodeKey(), true);
  const nodes = [...validators, rpc];

  const addresses = sortValidators(validators.map((v) => v.key.address));
  const contract = o.validatorContract;
  const genesis = qbftGenesis({
    chainId: o.chainId,
    validators: contract ? [] : addresses,
    ...(contract
      ? { validatorContract: VALIDATOR_SET_ADDRESS, alloc: { [VALIDATOR_SET_ADDRESS]: validatorSetAlloc(contract.admin, addresses, contract.runtimeCode) } }
      : {}),
    blockPeriodSeconds: o.blockPeriodSeconds,
    epochLength: o.epochLength,
    requestTimeoutSeconds: o.requestTimeoutSeconds,
  });
  const files: string[] = [];
  const write = async (path: string, content: string, mode?: number) => {
    await writeFile(join(o.outDir, path), content, mode === undefined ? {} : { mode });
    files.push(path);
  };
  await mkdir(join(o.outDir, "secrets"), { recursive: true, mode: 0o700 });
  // Keys and secrets never belong in a repository, whatever folder the kit is written to.
  await write(".gitignore", "nodes/*/key\nsecrets/\n");
  await write("genesis.json", `${JSON.stringify(genesis, null, 2)}\n`);
  const permissions = permissionsToml(
    nodes.map((n) => n.enode),
    o.accounts,
  );
  for (const n of nodes) {
    const dir = join("nodes", n.name);
    await mkdir(join(o.outDir, dir), { recursive: true });
    if (n.keyWritten) {
      await writeNodeKey(join(o.outDir, dir), n.key);
      files.push(join(dir, "key"), join(dir, "key.pub"));
    } else {
      await write(join(dir, "key.pub"), `0x${n.key.enodeId}`);
    }
    const bootnodes = validators.filter((v) => v !== n).map((v) => v.enode);
    await write(
      join(dir, "config.toml"),
      nodeConfigToml({ apis: n.role === "rpc" ? RPC_NODE_APIS : VALIDATOR_RPC_APIS, bootnodes, accountsPermissioning: o.accounts.length > 0 }),
    );
    // Each node its own copy: Besu rewrites it when perm_* changes its allowlists.
    await write(join(dir, "permissions_config.toml"), permissions);
  }
  await write("secrets/db-password", randomBytes(24).toString("base64url"), 0o600);
  await write("network.json", `${JSON.stringify(networkFileOf(validators, rpc, o), null, 2)}\n`);
  await write(
    "compose.yaml",
    composeYaml({
      validators: validators.map((v) => ({ name: v.name, ip: v.ip })),
      rpc: { name: rpc.name, ip: rpc.ip },
      subnet: `${prefix}0/24`,
      repository: o.repository,
      apiPort: o.apiPort ?? 8080,
    }),
  );
  return { genesis, nodes, files };
}
