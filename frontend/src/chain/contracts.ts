import type { ContractRunner } from "ethers";
import {
  IClusterFactory__factory,
  IClusterRegistry__factory,
  IMembership__factory,
  IServiceCatalog__factory,
} from "../../../types/typechain/index.js";
import type { PlatformStatus } from "../api/types.js";

// ABIs come only from TypeChain; addresses only from /api/status, so the app follows whatever
// deployment the backend indexes.

export function clusterFactory(status: PlatformStatus, runner: ContractRunner) {
  return IClusterFactory__factory.connect(status.contracts.ClusterFactory, runner);
}

export function clusterRegistry(status: PlatformStatus, runner: ContractRunner) {
  return IClusterRegistry__factory.connect(status.contracts.ClusterRegistry, runner);
}

/** Every interface whose custom errors a platform transaction can revert with. */
export const platformInterfaces = [
  IClusterFactory__factory.createInterface(),
  IClusterRegistry__factory.createInterface(),
  IServiceCatalog__factory.createInterface(),
  IMembership__factory.createInterface(),
] as const;
