import { encodeBytes32String } from "ethers";

/**
 * The kinds a cluster's contracts are registered under in ClusterRegistry.componentOf, as the
 * Solidity library contracts/cluster/ComponentKinds.sol declares them; test/backend/enums.test.ts
 * holds this list against the library's constants.
 */
export const COMPONENT_KINDS = ["Membership", "Governor", "Documents", "Agreements", "Clearing"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** The kind as the registry and the factory take it (bytes32). */
export function componentKindId(kind: ComponentKind): string {
  return encodeBytes32String(kind);
}
