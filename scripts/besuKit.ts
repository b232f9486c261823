/**
 * `scripts/clusterw npm run besu-kit -- [options]`: writes a Besu QBFT consortium for the CDC
 * (deploy/besu/kit.ts) and draws it. Options:
 *   --out DIR             where (default data/besu-kit; refused if it already holds a kit)
 *   --validators N        N validator organisations with generated keys (default 4)
 *   --validator NAME[=PUBKEY]  one organisation, repeatable; PUBKEY when it keeps its own node key
 *   --account ADDRESS     an account allowed to send transactions from the start, repeatable (the CDC's)
 *   --chain-id N          (default 2026)   --block-period S (default 2)
 *   --contract-mode --admin ADDRESS   validators in a ValidatorSet contract in the genesis, changed by ADDRESS
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateKit, type Kit, type KitValidator } from "../deploy/besu/kit.js";
import { validatorSetRuntime } from "../deploy/besu/validatorSet.js";
import { ROOT } from "./lib/processes.js";

function validatorsFrom(values: { validators?: string; validator?: string[] }): KitValidator[] {
  if (values.validator?.length) {
    return values.validator.map((v) => {
      const [name, publicKey] = v.split("=", 2);
      return { name: name!, ...(publicKey ? { publicKey } : {}) };
    });
  }
  const count = Number(values.validators ?? 4);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--validators takes a positive whole number, not ${values.validators}`);
  return Array.from({ length: count }, (_, i) => ({ name: `validator-${i + 1}` }));
}

/** The network as people would sketch it: the validators, the RPC node they feed, and what uses it. */
export function drawKit(kit: Kit): string {
  const validators = kit.nodes.filter((n) => n.role === "validator");
  const rpc = kit.nodes.find((n) => n.role === "rpc")!;
  const faults = Math.floor((validators.length - 1) / 3);
  const width = Math.max(...validators.map((v) => v.name.length));
  const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
  const lines = validators.map((v, i) => {
    const joint = validators.length === 1 ? "──" : i === 0 ? "─┐" : i === validators.length - 1 ? "─┘" : "─┤";
    const key = v.keyWritten ? "" : "  (own key)";
    return `  ${v.name.padEnd(width)}  ${v.ip.padEnd(13)} ${short(v.key.address)} ${joint}${key}`;
  });
  const middle = Math.floor((validators.length - 1) / 2);
  lines[middle] = `${lines[middle]}── ${rpc.name} ${rpc.ip} ──▶ backend ──▶ Kubo, PostgreSQL`;
  const contract = (kit.genesis.config as { qbft: { validatorcontractaddress?: string } }).qbft.validatorcontractaddress;
  return [
    `QBFT consortium: ${validators.length} validator${validators.length === 1 ? "" : "s"}, tolerating ${faults} faulty (more than 2/3 must sign each block)`,
    contract ? `Validators kept by the ValidatorSet contract at ${contract} (contract mode)` : "Validators listed in the genesis extraData (header mode)",
    "",
    ...lines,
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "data/besu-kit" },
      validators: { type: "string" },
      validator: { type: "string", multiple: true },
      account: { type: "string", multiple: true },
      "chain-id": { type: "string", default: "2026" },
      "block-period": { type: "string", default: "2" },
      "contract-mode": { type: "boolean", default: false },
      admin: { type: "string" },
    },
  });
  if (values["contract-mode"] && !values.admin) throw new Error("--contract-mode needs --admin: the account (or governor) that changes the validator set");
  const outDir = resolve(values.out!);
  const kit = await generateKit({
    outDir,
    chainId: Number(values["chain-id"]),
    validators: validatorsFrom(values),
    accounts: values.account ?? [],
    blockPeriodSeconds: Number(values["block-period"]),
    repository: relative(outDir, ROOT) || ".",
    ...(values["contract-mode"] ? { validatorContract: { admin: values.admin!, runtimeCode: await validatorSetRuntime(ROOT) } } : {}),
  });
  console.log(drawKit(kit));
  console.log(
    `\nWrote ${kit.files.length} files to ${relative(process.cwd(), outDir) || "."}: genesis.json, compose.yaml, nodes/<name>/{config.toml,key,permissions_config.toml}`,
  );
  if (!values.account?.length) console.log("No --account given: accounts permissioning is off (every account may send transactions).");
  console.log('Keys are in nodes/<name>/key (owner-readable only, git-ignored). See README, "Run on Besu".');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
