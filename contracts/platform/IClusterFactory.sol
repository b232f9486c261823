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

    /// @dev An initiative group's proposal to form a cluster: the group's representatives become
    /// its founding members if their vote passes.
    struct InitiativeSpec {
        string name;
        address cdo;
        IClusterRegistry.SecurityParams params;
        uint256[] serviceIds;
        IMembership.MemberInit[] group;
    }

    /// @dev `serviceId` is the catalog service the component belongs to (0: every cluster gets it).
    event ImplementationSet(bytes32 indexed kind, address implementation, uint256 serviceId);
    event ComponentKindRemoved(bytes32 indexed kind);
    /// @dev `deployedBy` is the CDC account that called the factory (the registry records the
    /// factory itself as `registeredBy`).
    event ClusterDeployed(uint256 indexed clusterId, address membership, address indexed deployedBy);

    /// @dev An initiative registered with its group's Membership and Governor, and its formation vote opened.
    event InitiativeRegistered(
        uint256 indexed clusterId, address membership, address governor, uint256 proposalId, address indexed registeredBy
    );
    /// @dev A dissolution initiative: a dissolution proposal in the cluster's governor.
    event DissolutionInitiativeRegistered(uint256 indexed clusterId, uint256 proposalId, address indexed registeredBy);

    error NotCdc(address caller);
    error NoImplementation(bytes32 kind);
    error NotAContract(address implementation);
    error UnknownComponentKind(bytes32 kind);
    error NotRegistry(address caller);
    /// @dev Another kind already belongs to that service: a service has at most one contract.
    error ServiceAlreadyBound(uint256 serviceId, bytes32 kind);

    /// @notice Sets the implementation cloned for a kind of per-cluster contract (CDC only).
    /// Any kind but "Membership" is an IClusterComponent, cloned after the Membership: for every
    /// cluster when it belongs to no service (the Governor), otherwise for a cluster that enables
    /// its service, when the cluster is deployed or, later, when it first enables it.
    function setImplementation(bytes32 kind, address implementation) external;

    /// @notice Clones and initialises the contract of `serviceId` for a running cluster that just
    /// enabled it (the registry only). Returns a zero component when the service has no
    /// contract or the cluster already has it.
    function cloneServiceComponent(uint256 clusterId, uint256 serviceId)
        external
        returns (bytes32 kind, address component);

    /// @notice Stops cloning a component kind for new clusters (CDC only; not the Membership).
    function removeComponentKind(bytes32 kind) external;

    /// @notice Registers a cluster, deploys its contracts and activates it in one transaction
    /// (CDC only): the path for a cluster whose formation was decided off this platform.
    function createCluster(ClusterSpec calldata spec) external returns (uint256 clusterId);

    /// @notice Deploys the contracts of an approved initiative (status Forming) and activates it
    /// (CDC only); name, cdo, params and services of `spec` are ignored: the registry has them.
    /// For an initiative registered here, the group's Membership and Governor carry on and
    /// spec.founders, partners and links are added to it.
    function deployCluster(uint256 clusterId, ClusterSpec calldata spec) external;

    /// @notice Registers an initiative, deploys its group's Membership (the group as founders)
    /// and Governor, opens voting and proposes the formation (CDC only).
    function registerInitiative(InitiativeSpec calldata spec, string calldata description)
        external
        returns (uint256 clusterId, uint256 proposalId);

    /// @notice Opens a dissolution vote in an Active cluster's governor on behalf of an initiative
    /// group (CDC only); the cluster's members vote.
    function registerDissolutionInitiative(uint256 clusterId, string calldata description)
        external
        returns (uint256 proposalId);

    function registry() external view returns (address);
    function implementation(bytes32 kind) external view returns (address);

    /// @notice The catalog service whose contract `kind` is (0: every cluster gets it).
    function serviceOfKind(bytes32 kind) external view returns (uint256);

    /// @notice The component kinds (besides the Membership) every new cluster gets, in deployment order.
    function componentKinds() external view returns (bytes32[] memory);
}
