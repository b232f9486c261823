// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterComponent} from "./IClusterComponent.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";

/// @title What every per-cluster service component shares: its cluster, and the gate on its writes.
/// @notice A component's writes are refused unless the registry says the cluster is Active (some
/// winding-down writes also while Dissolving) and the component's catalog service is enabled in
/// the cluster's configuration. Both are asked of the registry on every write, so a CDC change
/// takes effect at once.
interface IClusterGate is IClusterComponent {
    /// @dev The cluster is in a status in which this write is refused.
    error ClusterNotActive(uint256 clusterId, IClusterRegistry.Status status);
    /// @dev The component's service is disabled for the cluster (serviceId 0: not in the catalog).
    error ServiceDisabled(uint256 clusterId, uint256 serviceId);
    /// @dev `account` is not a member of the cluster.
    error NotMember(address account);
    /// @dev The implementation was deployed, or a clone initialised, with the zero registry.
    error ZeroRegistry();
    /// @dev A clone was initialised with a registry other than its implementation's.
    error ForeignRegistry(address given, address expected);
    /// @dev The cluster has no Membership attached yet, so members cannot be recognised.
    error MembershipMissing(uint256 clusterId);

    /// @notice The platform's ClusterRegistry.
    function registry() external view returns (address);

    /// @notice The cluster this clone serves.
    function clusterId() external view returns (uint256);

    /// @notice The cluster's Membership, as attached when this clone was initialised.
    function membership() external view returns (address);

    /// @notice The catalog id of the service that gates this component's writes (0: not in the catalog).
    function serviceId() external view returns (uint256);
}
