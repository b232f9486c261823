import type { Signer } from "ethers";
import { ClusterFactory__factory, ServiceCatalog__factory } from "../types/typechain/index.js";
import type { DeploymentRecord } from "../core/deployment/record.js";
import { parseClusterSpec, toFactorySpec, type ClusterSpecJson } from "./spec.js";

export type { ClusterSpecJson } from "./spec.js";

export interface CreatedCluster {
  clusterId: bigint;
  membership: string;
  blockNumber: number;
}

/** Creates a cluster from an operator's JSON description in one factory transaction signed by the CDC. */
export async function createClusterFromSpec(signer: Signer, record: DeploymentRecord, json: ClusterSpecJson): Promise<CreatedCluster> {
  const spec = parseClusterSpec(json);
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, signer);
  const serviceIds: bigint[] = [];
  for (const name of spec.services) {
    const id = await catalog.serviceIdByName(name);
    if (id === 0n) throw new Error(`Service "${name}" is not in the catalog`);
    serviceIds.push(id);
  }
  const factory = ClusterFactory__factory.connect(record.contracts.ClusterFactory.address, signer);
  const receipt = await (await factory.createCluster(toFactorySpec(spec, serviceIds))).wait();
  if (!receipt) throw new Error("The cluster creation transaction was not mined");
  for (const log of receipt.logs) {
    const parsed = factory.interface.parseLog(log);
    if (parsed?.name === "ClusterDeployed") {
      return { clusterId: parsed.args.clusterId as bigint, membership: String(parsed.args.membership).toLowerCase(), blockNumber: receipt.blockNumber };
    }
  }
  throw new Error("The factory did not report the deployed cluster");
}
