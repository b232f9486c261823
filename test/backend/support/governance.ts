import type { Signer } from "ethers";
import { governorOf as governorAt } from "../../../core/chain/governor.js";
import type { ClusterGovernor } from "../../../types/typechain/index.js";
import type { PlatformWorld } from "./world.js";

export { Vote, execute, proposed, type Proposed } from "../../../core/chain/governor.js";

/** The cluster's Governor clone, connected as `signer`. */
export async function governorOf(world: PlatformWorld, clusterId: bigint, signer: Signer): Promise<ClusterGovernor> {
  return governorAt(world.record.contracts.ClusterRegistry.address, clusterId, signer);
}
