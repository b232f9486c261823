// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterRegistry} from "./IClusterRegistry.sol";
import {IMembership} from "../cluster/IMembership.sol";

/// @title Deploys each cluster's contracts as EIP-1167 clones of the platform's implementations.
interface IClusterFactory {
    /// @dev What a cluster starts with: used by the one-shot CDC registration and by deployment
    /// after an approved initiative (there name, cdo, params and services are already recorded).
    struct ClusterSpec {
        string name;
        address cdo;
        IClusterRegistry.SecurityParams params;
        uint256[] serviceIds;
        IMembership.MemberInit[] founders;
        string[] partners;
        IMembership.LinkInit[] links;
    }

    event ImplementationSet(bytes32 indexed kind, address implementation);
    event ComponentKindRemoved(bytes32 indexed kind);
    /// @dev `deployedBy` is the CDC account that called the factory (the registry records the
    /// factory itself as `registeredBy`).
    event ClusterDeployed(uint256 indexed clusterId, address membership, address indexed deployedBy);

    error NotCdc(address caller);
    error NoImplementation(bytes32 kind);
    error NotAContract(address implementation);
    error UnknownComponentKind(bytes32 kind);

    /// @notice Sets the implementation cloned for a kind of per-cluster contract (CDC only).
    /// Any kind but "Membership" is an IClusterComponent, cloned for every cluster deployed from
    /// then on, after the Membership.
    function setImplementation(bytes32 kind, address implementation) external;

    /// @notice Stops cloning a component kind for new clusters (CDC only; not the Membership).
    function removeComponentKind(bytes32 kind) external;

    /// @notice Registers a cluster, deploys its contracts and activates it in one transaction
    /// (CDC only): the path for a cluster whose formation was decided off this platform.
    function createCluster(ClusterSpec calldata spec) external returns (uint256 clusterId);

    /// @notice Deploys the contracts of an approved initiative (status Forming) and activates it
    /// (CDC only); name, cdo, params and services of `spec` are ignored: the registry has them.
    function deployCluster(uint256 clusterId, ClusterSpec calldata spec) external;

    function registry() external view returns (address);
    function implementation(bytes32 kind) external view returns (address);

    /// @notice The component kinds (besides the Membership) every new cluster gets, in deployment order.
    function componentKinds() external view returns (bytes32[] memory);
}
