import type { ContractRunner } from "ethers";
import type { DeploymentRecord } from "../../deploy/record.js";
import {
  IClusterFactory__factory,
  IClusterRegistry__factory,
  IMembership__factory,
  IServiceCatalog__factory,
  type IClusterFactory,
  type IClusterRegistry,
  type IMembership,
  type IServiceCatalog,
} from "../../types/typechain/index.js";

export interface PlatformContracts {
  catalog: IServiceCatalog;
  registry: IClusterRegistry;
  factory: IClusterFactory;
}

/** Typed handles on the platform singletons named by the deployment record. */
export function platformContracts(record: DeploymentRecord, runner: ContractRunner): PlatformContracts {
  return {
    catalog: IServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, runner),
    registry: IClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, runner),
    factory: IClusterFactory__factory.connect(record.contracts.ClusterFactory.address, runner),
  };
}

/** A typed handle on one cluster's Membership clone. */
export function membershipAt(address: string, runner: ContractRunner): IMembership {
  return IMembership__factory.connect(address, runner);
}
