// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IClusterGate} from "./IClusterGate.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {IMembership} from "./IMembership.sol";
import {ComponentKinds} from "./ComponentKinds.sol";

/// @title Base of a per-cluster service component: its cluster, its service and the write gate.
/// @dev The registry and the service id are the same for every clone of one implementation, so
/// they are immutables of the implementation (in its code, which a clone runs) and cost a clone
/// nothing. A clone's own state is one slot, read by every write: (membership, clusterId) plus
/// 6 free bytes, into which a derived contract packs its hot counter by declaring it first.
/// That slot being set is also the mark of an initialised clone, so no Initializable slot is
/// written (Initializable is inherited for its error only).
abstract contract ClusterGate is Initializable, IClusterGate {
    IClusterRegistry private immutable _registry;
    /// @dev 0 when the catalog did not hold the service yet as the implementation was deployed.
    uint256 private immutable _serviceIdAtDeployment;
    address private immutable _template;

    address private _membership;
    uint48 private _clusterId;

    /// @param registry_ The platform's ClusterRegistry; the catalog is asked for the service id now.
    constructor(address registry_) {
        if (registry_ == address(0)) revert ZeroRegistry();
        _registry = IClusterRegistry(registry_);
        _template = address(this);
        _serviceIdAtDeployment = _lookUpService(registry_);
    }

    /// @dev Once per clone, never on the implementation. The registry must be the one the
    /// implementation was deployed for: a clone cannot be pointed at another platform.
    function _initGate(address registry_, uint256 clusterId_) internal {
        if (address(this) == _template || _membership != address(0)) revert InvalidInitialization();
        if (registry_ == address(0)) revert ZeroRegistry();
        if (registry_ != address(_registry)) revert ForeignRegistry(registry_, address(_registry));
        address membership_ = _registry.componentOf(clusterId_, ComponentKinds.MEMBERSHIP);
        if (membership_ == address(0)) revert MembershipMissing(clusterId_);
        _membership = membership_;
        _clusterId = SafeCast.toUint48(clusterId_);
    }

    /// @dev The catalog name of the service gating this component.
    function _serviceName() internal pure virtual returns (string memory);

    /// @inheritdoc IClusterGate
    function registry() public view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IClusterGate
    function clusterId() public view returns (uint256) {
        return _clusterId;
    }

    /// @inheritdoc IClusterGate
    function membership() public view returns (address) {
        return _membership;
    }

    /// @inheritdoc IClusterGate
    function serviceId() external view returns (uint256) {
        return _service();
    }

    /// @dev Refuses unless the cluster is Active (or Dissolving, when `orDissolving`) and the
    /// service is enabled. Both answers come from the platform's own registry (a view call).
    function _requireOpen(bool orDissolving) internal view {
        uint256 id = _clusterId;
        IClusterRegistry.Status status = _registry.statusOf(id);
        if (status != IClusterRegistry.Status.Active) {
            if (!orDissolving || status != IClusterRegistry.Status.Dissolving) revert ClusterNotActive(id, status);
        }
        uint256 sid = _service();
        if (sid == 0 || !_registry.isServiceEnabled(id, sid)) revert ServiceDisabled(id, sid);
    }

    function _requireMember(address account) internal view {
        if (!IMembership(_membership).isMember(account)) revert NotMember(account);
    }

    /// @dev A service registered in the catalog after the implementation was deployed is looked
    /// up on every call instead (a view cannot cache it, and it is a corner case).
    function _service() private view returns (uint256 sid) {
        sid = _serviceIdAtDeployment;
        if (sid == 0) sid = _lookUpService(address(_registry));
    }

    function _lookUpService(address registry_) private view returns (uint256) {
        return IClusterRegistry(registry_).catalog().serviceIdByName(_serviceName());
    }
}
