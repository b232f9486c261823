// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IClusterFactory} from "./IClusterFactory.sol";
import {IClusterRegistry} from "./IClusterRegistry.sol";
import {IMembership} from "../cluster/IMembership.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";

/// @title Deploys each cluster's contracts as EIP-1167 clones and walks the registry's life cycle.
/// @notice Every authority here derives from the registry: "the CDC" is whoever holds the
/// registry's CDC_ROLE. The factory itself must hold CDC_ROLE and FACTORY_ROLE on the registry.
contract ClusterFactory is IClusterFactory {
    bytes32 private constant CDC_ROLE = keccak256("CDC_ROLE");
    bytes32 private constant MEMBERSHIP = bytes32("Membership");

    IClusterRegistry private immutable _registry;
    mapping(bytes32 kind => address) private _implementations;
    /// @dev Kinds other than the Membership, in the order they were first set.
    bytes32[] private _componentKinds;

    modifier onlyCdc() {
        if (!IAccessControl(address(_registry)).hasRole(CDC_ROLE, msg.sender)) revert NotCdc(msg.sender);
        _;
    }

    /// @param registry_ The ClusterRegistry this factory registers in and attaches components to.
    constructor(IClusterRegistry registry_) {
        if (address(registry_).code.length == 0) revert NotAContract(address(registry_));
        _registry = registry_;
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. Affects only clusters deployed afterwards: clones never change.
    function setImplementation(bytes32 kind, address implementation_) external onlyCdc {
        if (implementation_.code.length == 0) revert NotAContract(implementation_);
        if (kind != MEMBERSHIP && _implementations[kind] == address(0)) _componentKinds.push(kind);
        _implementations[kind] = implementation_;
        emit ImplementationSet(kind, implementation_);
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. Clusters deployed before keep their clone of that kind.
    function removeComponentKind(bytes32 kind) external onlyCdc {
        if (kind == MEMBERSHIP || _implementations[kind] == address(0)) revert UnknownComponentKind(kind);
        delete _implementations[kind];
        uint256 last = _componentKinds.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            if (_componentKinds[i] == kind) {
                // Shift rather than swap: deployment order stays as the CDC set it.
                for (uint256 j = i; j < last; ++j) _componentKinds[j] = _componentKinds[j + 1];
                _componentKinds.pop();
                break;
            }
        }
        emit ComponentKindRemoved(kind);
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. The registry records the factory as `registeredBy`; the calling
    /// CDC is `deployedBy` in ClusterDeployed.
    function createCluster(ClusterSpec calldata spec) external onlyCdc returns (uint256 clusterId) {
        clusterId = _registry.registerInitiative(spec.name, spec.cdo, spec.params, spec.serviceIds);
        _registry.openVoting(clusterId);
        _registry.recordVote(clusterId, true);
        _deploy(clusterId, spec);
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. Reverts with the registry's IllegalTransition(id, status, Active)
    /// unless the cluster is Forming, and with UnknownCluster for an unknown id.
    function deployCluster(uint256 clusterId, ClusterSpec calldata spec) external onlyCdc {
        IClusterRegistry.Status status = _registry.statusOf(clusterId);
        if (status == IClusterRegistry.Status.None) revert IClusterRegistry.UnknownCluster(clusterId);
        if (status != IClusterRegistry.Status.Forming) {
            revert IClusterRegistry.IllegalTransition(clusterId, status, IClusterRegistry.Status.Active);
        }
        _deploy(clusterId, spec);
    }

    /// @inheritdoc IClusterFactory
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IClusterFactory
    function implementation(bytes32 kind) external view returns (address) {
        return _implementations[kind];
    }

    /// @inheritdoc IClusterFactory
    function componentKinds() external view returns (bytes32[] memory) {
        return _componentKinds;
    }

    /// @dev Interactions only with the platform's own registry and a fresh clone of a vetted
    /// implementation; the factory keeps no per-cluster state.
    function _deploy(uint256 clusterId, ClusterSpec calldata spec) private {
        address impl = _implementations[MEMBERSHIP];
        if (impl == address(0)) revert NoImplementation(MEMBERSHIP);

        address membership = Clones.clone(impl);
        IMembership(membership).initialize(address(_registry), clusterId, spec.founders, spec.partners, spec.links);
        _registry.attachComponent(clusterId, MEMBERSHIP, membership);
        // The Membership is attached first, so every component can find it while initialising.
        for (uint256 i = 0; i < _componentKinds.length; ++i) {
            bytes32 kind = _componentKinds[i];
            address component = Clones.clone(_implementations[kind]);
            IClusterComponent(component).initialize(address(_registry), clusterId);
            _registry.attachComponent(clusterId, kind, component);
        }
        _registry.activate(clusterId);
        emit ClusterDeployed(clusterId, membership, msg.sender);
    }
}
