import type { TransactionReceipt } from "ethers";
import { IClusterFactory__factory } from "../../../types/typechain/index.js";

const factoryInterface = IClusterFactory__factory.createInterface();

/** The id the factory's ClusterDeployed event reports in `receipt`, if any. */
export function deployedClusterId(receipt: TransactionReceipt, factoryAddress: string): number | undefined {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== factoryAddress.toLowerCase()) continue;
    const parsed = factoryInterface.parseLog(log);
    if (parsed?.name === "ClusterDeployed") return Number(parsed.args.clusterId);
  }
  return undefined;
}
