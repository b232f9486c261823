import type { ContractRunner } from "ethers";
import {
  AgreementRegistry__factory,
  ClearingHouse__factory,
  ClusterGovernor__factory,
  ClusterRegistry__factory,
  DocumentRegistry__factory,
  SettlementToken__factory,
  IClusterFactory__factory,
  IClusterRegistry__factory,
  IMembership__factory,
  INodeRegistry__factory,
  IServiceCatalog__factory,
} from "../../../types/typechain/index.js";
import type { ContractName, PlatformStatus } from "../api/types.js";

// ABIs come only from TypeChain; addresses only from /api/status, so the app follows whatever
// deployment the backend indexes.

/** The platform as deployed on the chain the backend follows. The node registry came later:
 * deployments made before it have none. */
export interface Deployment {
  chainId: number;
  contracts: Record<Exclude<ContractName, "NodeRegistry">, string> & { NodeRegistry?: string };
}

/** The deployment in `status`, or undefined while the backend has found none on its chain. */
export function deploymentOf(status: PlatformStatus | undefined): Deployment | undefined {
  if (!status || status.chainId === null) return undefined;
  const c = status.contracts;
  if (!c.ServiceCatalog || !c.ClusterRegistry || !c.ClusterFactory || !c.MembershipImpl) return undefined;
  return {
    chainId: status.chainId,
    contracts: {
      ServiceCatalog: c.ServiceCatalog,
      ClusterRegistry: c.ClusterRegistry,
      ClusterFactory: c.ClusterFactory,
      MembershipImpl: c.MembershipImpl,
      ...(c.NodeRegistry ? { NodeRegistry: c.NodeRegistry } : {}),
    },
  };
}

export function clusterFactory(deployment: Deployment, runner: ContractRunner) {
  return IClusterFactory__factory.connect(deployment.contracts.ClusterFactory, runner);
}

export function clusterRegistry(deployment: Deployment, runner: ContractRunner) {
  return IClusterRegistry__factory.connect(deployment.contracts.ClusterRegistry, runner);
}

/** The network's node registry; a deployment made before it existed has none, and the write fails saying so. */
export function nodeRegistry(deployment: Deployment, runner: ContractRunner) {
  const address = deployment.contracts.NodeRegistry;
  if (!address) throw new Error("This platform deployment has no node registry: the CDC must redeploy the platform to register nodes.");
  return INodeRegistry__factory.connect(address, runner);
}

export const membershipAt = (address: string, runner: ContractRunner) => IMembership__factory.connect(address, runner);
export const documentRegistryAt = (address: string, runner: ContractRunner) => DocumentRegistry__factory.connect(address, runner);
export const agreementRegistryAt = (address: string, runner: ContractRunner) => AgreementRegistry__factory.connect(address, runner);
export const clearingHouseAt = (address: string, runner: ContractRunner) => ClearingHouse__factory.connect(address, runner);
export const documentRegistryInterface = DocumentRegistry__factory.createInterface();
export const agreementRegistryInterface = AgreementRegistry__factory.createInterface();
export const governorAt = (address: string, runner: ContractRunner) => ClusterGovernor__factory.connect(address, runner);
export const settlementTokenAt = (address: string, runner: ContractRunner) => SettlementToken__factory.connect(address, runner);

/** Every interface whose custom errors a platform transaction can revert with. The registry
 * implementation's ABI adds the inherited OpenZeppelin AccessControl errors. */
export const platformInterfaces = [
  ClusterRegistry__factory.createInterface(),
  IClusterFactory__factory.createInterface(),
  IClusterRegistry__factory.createInterface(),
  IServiceCatalog__factory.createInterface(),
  IMembership__factory.createInterface(),
  DocumentRegistry__factory.createInterface(),
  AgreementRegistry__factory.createInterface(),
  ClearingHouse__factory.createInterface(),
  SettlementToken__factory.createInterface(),
  ClusterGovernor__factory.createInterface(),
  INodeRegistry__factory.createInterface(),
] as const;
