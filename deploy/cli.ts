/**
 * The CDC's deployment tool, for any JSON-RPC network (a local hardhat node or Besu):
 *   tsx deploy/cli.ts platform [--rpc URL] [--key-file F] [--record PATH]
 *   tsx deploy/cli.ts cluster --spec FILE [--rpc URL] [--key-file F] [--record PATH]
 *   tsx deploy/cli.ts validator-set --genesis FILE [--network FILE] [--rpc URL] [--key-file F]
 * The key comes from --key-file (hex key or keystore + CLUSTER_KEYSTORE_PASSWORD) or CLUSTER_DEPLOYER_KEY.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createClusterFromSpec } from "./cluster.js";
import { deployPlatform } from "./platform.js";
import { readDeployment } from "../core/node/deploymentFile.js";
import { connectProvider, loadSigner } from "./signer.js";
import { deployHeaderModeValidatorSet } from "./besu/validatorSet.js";

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      rpc: { type: "string", default: process.env.CLUSTER_RPC_URL ?? "http://127.0.0.1:8545" },
      "key-file": { type: "string" },
      record: { type: "string", default: process.env.CLUSTER_DEPLOYMENT ?? "data/deployment.json" },
      spec: { type: "string" },
      genesis: { type: "string" },
      network: { type: "string" },
    },
  });
  const command = positionals[0];
  if (command !== "platform" && command !== "cluster" && command !== "validator-set")
    throw new Error(
      "usage: deploy/cli.ts platform|cluster|validator-set [--rpc URL] [--key-file F] [--record PATH] [--spec FILE] [--genesis FILE --network FILE]",
    );
  const provider = await connectProvider(values.rpc);
  const signer = await loadSigner(
    { key: process.env.CLUSTER_DEPLOYER_KEY, keyFile: values["key-file"], password: process.env.CLUSTER_KEYSTORE_PASSWORD },
    provider,
  );
  const log = (line: string) => console.log(`  ${line}`);
  if (command === "platform") {
    console.log(`Deploying the platform to chain ${(await provider.getNetwork()).chainId} at ${values.rpc} as ${await signer.getAddress()}`);
    const record = await deployPlatform(signer, { recordPath: values.record, log });
    console.log(`Deployment record written to ${values.record}`);
    console.table(Object.fromEntries(Object.entries(record.contracts).map(([k, v]) => [k, { address: v.address, block: v.block }])));
  } else if (command === "validator-set") {
    if (!values.genesis) throw new Error("validator-set needs --genesis FILE (the kit's genesis.json, header mode)");
    const address = await deployHeaderModeValidatorSet(signer, values.genesis, values.network);
    console.log(`ValidatorSet at ${address}${values.network ? `, named in ${values.network}` : ""}: the permissioning operator carries its changes out`);
  } else {
    if (!values.spec) throw new Error("cluster needs --spec FILE (a JSON cluster description, see deploy/clusters/demo.json)");
    const record = await readDeployment(values.record);
    // createClusterFromSpec validates the description before it sends anything.
    const created = await createClusterFromSpec(signer, record, JSON.parse(await readFile(values.spec, "utf8")));
    console.log(`Cluster ${created.clusterId} created in block ${created.blockNumber}; Membership at ${created.membership}`);
  }
  provider.destroy();
}

main().catch((err: Error & { shortMessage?: string; info?: { error?: { message?: string } } }) => {
  // ethers' full message embeds the whole signed transaction; the node's own words are enough.
  console.error(`deploy: ${err.info?.error?.message ?? err.shortMessage ?? err.message}`);
  process.exit(1);
});
