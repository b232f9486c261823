// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title The component kinds a cluster's contracts are registered under, in one place.
/// @dev ClusterRegistry.componentOf(clusterId, kind) answers for each; the catalog names the kind
/// of each component service, and the TypeScript side reads the same names from there.
library ComponentKinds {
    bytes32 internal constant MEMBERSHIP = "Membership";
    bytes32 internal constant GOVERNOR = "Governor";
    bytes32 internal constant DOCUMENTS = "Documents";
    bytes32 internal constant AGREEMENTS = "Agreements";
    bytes32 internal constant CLEARING = "Clearing";
}
