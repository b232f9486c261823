// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title A per-cluster contract the ClusterFactory clones for every new cluster.
/// @notice Governor, documents, agreements, clearing: each is an EIP-1167 clone initialised
/// once with its cluster; it finds the cluster's other contracts through the registry's
/// `componentOf(clusterId, kind)` (the Membership is always attached first).
interface IClusterComponent {
    /// @notice Initialises a fresh clone for `clusterId` of `registry` (once; the implementation never).
    function initialize(address registry, uint256 clusterId) external;
}
