// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IClusterFactory} from "./IClusterFactory.sol";
import {IClusterRegistry} from "./IClusterRegistry.sol";
import {IMembership} from "../cluster/IMembership.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";
import {IClusterGovernor} from "../governance/IClusterGovernor.sol";
import {IClusterGate} from "../cluster/IClusterGate.sol";
import {ComponentKinds} from "../cluster/ComponentKinds.sol";

/// @title Deploys each cluster's contracts as EIP-1167 clones and walks the registry's life cycle.
/// @notice Every authority here derives from the registry: "the CDC" is whoever holds the
/// registry's CDC_ROLE. The factory itself must hold CDC_ROLE and FACTORY_ROLE on the registry.
contract ClusterFactory is IClusterFactory {
    bytes32 private constant CDC_ROLE = keccak256("CDC_ROLE");

    IClusterRegistry private immutable _registry;
    mapping(bytes32 kind => address) private _implementations;
    /// @dev Kinds other than the Membership, in the order they were first set.
    bytes32[] private _componentKinds;
    /// @dev Which catalog service each kind is the contract of, both ways (0: none, always cloned).
    mapping(bytes32 kind => uint256 serviceId) private _serviceOfKind;
    mapping(uint256 serviceId => bytes32 kind) private _kindOfService;

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
    /// @dev Registry CDC only. Affects only clones made afterwards: clones never change. The
    /// service is the one the implementation names (IClusterGate.serviceId, looked up in the
    /// catalog when it was deployed); an implementation that names none is cloned for every cluster.
    function setImplementation(bytes32 kind, address implementation_) external onlyCdc {
        if (implementation_.code.length == 0) revert NotAContract(implementation_);
        uint256 serviceId;
        if (kind != ComponentKinds.MEMBERSHIP) {
            if (_implementations[kind] == address(0)) _componentKinds.push(kind);
            serviceId = _serviceIdOf(implementation_);
            if (serviceId != 0) {
                bytes32 bound = _kindOfService[serviceId];
                if (bound != bytes32(0) && bound != kind) revert ServiceAlreadyBound(serviceId, bound);
            }
            _bind(kind, serviceId);
        }
        _implementations[kind] = implementation_;
        emit ImplementationSet(kind, implementation_, serviceId);
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. Clusters deployed before keep their clone of that kind.
    function removeComponentKind(bytes32 kind) external onlyCdc {
        if (kind == ComponentKinds.MEMBERSHIP || _implementations[kind] == address(0)) revert UnknownComponentKind(kind);
        delete _implementations[kind];
        _bind(kind, 0);
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
        _complete(clusterId, _cloneMembership(clusterId, spec.founders, spec.partners, spec.links));
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. Reverts with the registry's IllegalTransition(id, status, Active)
    /// unless the cluster is Forming, and with UnknownCluster for an unknown id. Components
    /// already attached (the initiative's Membership and Governor) are kept, the others cloned.
    function deployCluster(uint256 clusterId, ClusterSpec calldata spec) external onlyCdc {
        IClusterRegistry.Status status = _registry.statusOf(clusterId);
        if (status == IClusterRegistry.Status.None) revert IClusterRegistry.UnknownCluster(clusterId);
        if (status != IClusterRegistry.Status.Forming) {
            revert IClusterRegistry.IllegalTransition(clusterId, status, IClusterRegistry.Status.Active);
        }
        address membership = _registry.componentOf(clusterId, ComponentKinds.MEMBERSHIP);
        if (membership == address(0)) {
            membership = _cloneMembership(clusterId, spec.founders, spec.partners, spec.links);
        } else if (spec.founders.length + spec.partners.length + spec.links.length != 0) {
            IMembership(membership).addFoundingNodes(spec.founders, spec.partners, spec.links);
        }
        _complete(clusterId, membership);
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only; needs Membership and Governor implementations (NoImplementation).
    /// The formation proposal's proposer is this factory: the group did not table it, the CDC did.
    function registerInitiative(InitiativeSpec calldata spec, string calldata description)
        external
        onlyCdc
        returns (uint256 clusterId, uint256 proposalId)
    {
        address governorImpl = _implementations[ComponentKinds.GOVERNOR];
        if (governorImpl == address(0)) revert NoImplementation(ComponentKinds.GOVERNOR);
        clusterId = _registry.registerInitiative(spec.name, spec.cdo, spec.params, spec.serviceIds);
        address membership = _cloneMembership(clusterId, spec.group, new string[](0), new IMembership.LinkInit[](0));
        address governor = Clones.clone(governorImpl);
        IClusterComponent(governor).initialize(address(_registry), clusterId);
        _registry.attachComponent(clusterId, ComponentKinds.GOVERNOR, governor);
        _registry.openVoting(clusterId);
        proposalId = IClusterGovernor(governor).proposeFormation(description);
        emit InitiativeRegistered(clusterId, membership, governor, proposalId, msg.sender);
    }

    /// @inheritdoc IClusterFactory
    /// @dev Registry CDC only. The governor refuses unless the cluster is Active; a cluster
    /// without a governor gets NoImplementation("Governor").
    function registerDissolutionInitiative(uint256 clusterId, string calldata description)
        external
        onlyCdc
        returns (uint256 proposalId)
    {
        address governor = _registry.componentOf(clusterId, ComponentKinds.GOVERNOR);
        if (governor == address(0)) revert NoImplementation(ComponentKinds.GOVERNOR);
        proposalId = IClusterGovernor(governor).proposeDissolution(description);
        emit DissolutionInitiativeRegistered(clusterId, proposalId, msg.sender);
    }

    /// @inheritdoc IClusterFactory
    /// @dev The registry calls this from setServiceEnabled of an Active or Dissolving cluster, that
    /// is on a passed proposal of the cluster's own members, and records the clone itself.
    function cloneServiceComponent(uint256 clusterId, uint256 serviceId)
        external
        returns (bytes32 kind, address component)
    {
        if (msg.sender != address(_registry)) revert NotRegistry(msg.sender);
        kind = _kindOfService[serviceId];
        if (kind == bytes32(0) || _registry.componentOf(clusterId, kind) != address(0)) return (kind, address(0));
        component = Clones.clone(_implementations[kind]);
        IClusterComponent(component).initialize(address(_registry), clusterId);
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
    function serviceOfKind(bytes32 kind) external view returns (uint256) {
        return _serviceOfKind[kind];
    }

    /// @inheritdoc IClusterFactory
    function componentKinds() external view returns (bytes32[] memory) {
        return _componentKinds;
    }

    /// @dev Deploys the other components and activates the cluster whose Membership is attached.
    /// Interactions only with the platform's own registry and fresh clones of vetted
    /// implementations; the factory keeps no per-cluster state.
    function _complete(uint256 clusterId, address membership) private {
        _deployComponents(clusterId);
        _registry.activate(clusterId);
        emit ClusterDeployed(clusterId, membership, msg.sender);
    }

    function _cloneMembership(
        uint256 clusterId,
        IMembership.MemberInit[] calldata founders,
        string[] memory partners,
        IMembership.LinkInit[] memory links
    ) private returns (address membership) {
        address impl = _implementations[ComponentKinds.MEMBERSHIP];
        if (impl == address(0)) revert NoImplementation(ComponentKinds.MEMBERSHIP);
        membership = Clones.clone(impl);
        IMembership(membership).initialize(address(_registry), clusterId, founders, partners, links);
        _registry.attachComponent(clusterId, ComponentKinds.MEMBERSHIP, membership);
    }

    /// @dev The Membership is attached first, so every component can find it while initialising;
    /// kinds already attached (an initiative's Governor) are skipped, and so are the contracts of
    /// services the cluster does not enable: they are cloned if it ever enables them.
    function _deployComponents(uint256 clusterId) private {
        for (uint256 i = 0; i < _componentKinds.length; ++i) {
            bytes32 kind = _componentKinds[i];
            if (_registry.componentOf(clusterId, kind) != address(0)) continue;
            uint256 serviceId = _serviceOfKind[kind];
            if (serviceId != 0 && !_registry.isServiceEnabled(clusterId, serviceId)) continue;
            address component = Clones.clone(_implementations[kind]);
            IClusterComponent(component).initialize(address(_registry), clusterId);
            _registry.attachComponent(clusterId, kind, component);
        }
    }

    function _bind(bytes32 kind, uint256 serviceId) private {
        uint256 previous = _serviceOfKind[kind];
        if (previous != 0) delete _kindOfService[previous];
        _serviceOfKind[kind] = serviceId;
        if (serviceId != 0) _kindOfService[serviceId] = kind;
    }

    /// @dev A component's implementation answers serviceId (ClusterGate); one that does not (the
    /// Governor) belongs to no service.
    function _serviceIdOf(address implementation_) private view returns (uint256) {
        try IClusterGate(implementation_).serviceId() returns (uint256 serviceId) {
            return serviceId;
        } catch {
            return 0;
        }
    }
}
