// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IClusterGate} from "./IClusterGate.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {IMembership} from "../cluster/IMembership.sol";

/// @title Base of a per-cluster service component: its cluster, its service and the write gate.
/// @dev Two storage slots, both read on every write: (registry, clusterId, serviceId) and
/// (membership, plus 12 free bytes a derived contract packs its hot counter into).
abstract contract ClusterGate is Initializable, IClusterGate {
    address private _registry;
    uint64 private _clusterId;
    uint32 private _serviceId;
    address private _membership;

    /// @dev Resolves the service id once: catalog ids never change and names are unique.
    function _initGate(address registry_, uint256 clusterId_, string memory serviceName) internal onlyInitializing {
        if (registry_ == address(0)) revert ZeroRegistry();
        address membership_ = IClusterRegistry(registry_).componentOf(clusterId_, bytes32("Membership"));
        if (membership_ == address(0)) revert MembershipMissing(clusterId_);
        _registry = registry_;
        _clusterId = SafeCast.toUint64(clusterId_);
        _membership = membership_;
        _serviceId = SafeCast.toUint32(IClusterRegistry(registry_).catalog().serviceIdByName(serviceName));
    }

    /// @dev The catalog name of the service gating this component.
    function _serviceName() internal pure virtual returns (string memory);

    /// @inheritdoc IClusterGate
    function registry() external view returns (address) {
        return _registry;
    }

    /// @inheritdoc IClusterGate
    function clusterId() external view returns (uint256) {
        return _clusterId;
    }

    /// @inheritdoc IClusterGate
    function membership() external view returns (address) {
        return _membership;
    }

    /// @inheritdoc IClusterGate
    function serviceId() external view returns (uint256) {
        return _service();
    }

    /// @dev Refuses unless the cluster is Active (or Dissolving, when `orDissolving`) and the
    /// service is enabled. Both answers come from the platform's own registry (a view call).
    function _requireOpen(bool orDissolving) internal view {
        IClusterRegistry reg = IClusterRegistry(_registry);
        uint256 id = _clusterId;
        IClusterRegistry.Status status = reg.statusOf(id);
        if (status != IClusterRegistry.Status.Active) {
            if (!orDissolving || status != IClusterRegistry.Status.Dissolving) revert ClusterNotActive(id, status);
        }
        uint256 sid = _service();
        if (sid == 0 || !reg.isServiceEnabled(id, sid)) revert ServiceDisabled(id, sid);
    }

    function _requireMember(address account) internal view {
        if (!IMembership(_membership).isMember(account)) revert NotMember(account);
    }

    /// @dev A service registered in the catalog after this clone was initialised is looked up
    /// on every call instead of being cached (a view cannot write, and it is a corner case).
    function _service() private view returns (uint256 sid) {
        sid = _serviceId;
        if (sid == 0) sid = IClusterRegistry(_registry).catalog().serviceIdByName(_serviceName());
    }
}
