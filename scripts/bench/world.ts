import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { HDNodeWallet, JsonRpcProvider } from "ethers";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { connectProvider } from "../../deploy/signer.js";
import { parseClusterSpec, type ClusterSpec } from "../../deploy/spec.js";
import { localAccount } from "../lib/accounts.js";
import { ROOT } from "../lib/processes.js";

export interface BenchWorld {
  provider: JsonRpcProvider;
  cdc: HDNodeWallet;
  record: DeploymentRecord;
  demo: ClusterSpec;
  demoCluster: { clusterId: bigint; membership: string; blockNumber: number };
  /** Blocks of the platform deployment (first, last), for the gas totals. */
  deployBlocks: [number, number];
}

/** The platform deployed and the demo cluster created on the chain at `rpcUrl`. */
export async function buildWorld(rpcUrl: string, recordPath: string): Promise<BenchWorld> {
  const provider = await connectProvider(rpcUrl);
  const cdc = localAccount(0, provider);
  const first = (await provider.getBlockNumber()) + 1;
  const record = await deployPlatform(cdc, { recordPath });
  const last = await provider.getBlockNumber();
  const demo = parseClusterSpec(JSON.parse(await readFile(join(ROOT, "deploy", "clusters", "demo.json"), "utf8")));
  const demoCluster = await createClusterFromSpec(cdc, record, demo);
  return { provider, cdc, record, demo, demoCluster, deployBlocks: [first, last] };
}
