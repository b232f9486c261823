// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IServiceCatalog} from "./IServiceCatalog.sol";

/// @title The CDC's service catalog (system, basic and applied repositories).
/// @notice Services are registered, versioned and deprecated by the CDC; clusters enable them
/// through the ClusterRegistry, which asks `isActive` here.
contract ServiceCatalog is AccessControl, IServiceCatalog {
    /// @notice Role of the Cluster Development Center: registers, versions and deprecates services.
    bytes32 public constant CDC_ROLE = keccak256("CDC_ROLE");

    uint256 private _serviceCount;
    mapping(uint256 serviceId => Service) private _services;
    mapping(bytes32 nameHash => uint256 serviceId) private _idByName;

    /// @param admin Receives DEFAULT_ADMIN_ROLE and CDC_ROLE.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(CDC_ROLE, admin);
    }

    /// @inheritdoc IServiceCatalog
    /// @dev CDC only. Names are unique across all three repositories (case-sensitive).
    function registerService(
        string calldata name,
        Repository repository,
        string calldata version,
        string calldata manifestCid
    ) external onlyRole(CDC_ROLE) returns (uint256 serviceId) {
        if (bytes(name).length == 0) revert EmptyField("name");
        _requireVersionFields(version, manifestCid);
        bytes32 nameHash = keccak256(bytes(name));
        if (_idByName[nameHash] != 0) revert ServiceNameTaken(name);

        serviceId = ++_serviceCount;
        _idByName[nameHash] = serviceId;
        _services[serviceId] = Service({
            name: name,
            repository: repository,
            status: ServiceStatus.Active,
            version: version,
            manifestCid: manifestCid
        });
        emit ServiceRegistered(serviceId, name, repository, version, manifestCid);
    }

    /// @inheritdoc IServiceCatalog
    /// @dev CDC only. Refuses a deprecated service and a version string equal to the current one.
    function publishVersion(uint256 serviceId, string calldata version, string calldata manifestCid)
        external
        onlyRole(CDC_ROLE)
    {
        Service storage s = _activeService(serviceId);
        _requireVersionFields(version, manifestCid);
        if (keccak256(bytes(version)) == keccak256(bytes(s.version))) revert VersionUnchanged(serviceId, version);

        s.version = version;
        s.manifestCid = manifestCid;
        emit ServiceVersionPublished(serviceId, version, manifestCid);
    }

    /// @inheritdoc IServiceCatalog
    /// @dev CDC only. Terminal: clusters that enabled the service keep it until they disable it.
    function deprecate(uint256 serviceId) external onlyRole(CDC_ROLE) {
        Service storage s = _activeService(serviceId);
        s.status = ServiceStatus.Deprecated;
        emit ServiceDeprecated(serviceId);
    }

    /// @inheritdoc IServiceCatalog
    function service(uint256 serviceId) external view returns (Service memory) {
        return _existingService(serviceId);
    }

    /// @inheritdoc IServiceCatalog
    function isActive(uint256 serviceId) external view returns (bool) {
        return _services[serviceId].status == ServiceStatus.Active;
    }

    /// @inheritdoc IServiceCatalog
    function serviceIdByName(string calldata name) external view returns (uint256) {
        return _idByName[keccak256(bytes(name))];
    }

    /// @inheritdoc IServiceCatalog
    function serviceCount() external view returns (uint256) {
        return _serviceCount;
    }

    function _existingService(uint256 serviceId) private view returns (Service storage s) {
        s = _services[serviceId];
        if (s.status == ServiceStatus.None) revert UnknownService(serviceId);
    }

    function _activeService(uint256 serviceId) private view returns (Service storage s) {
        s = _existingService(serviceId);
        if (s.status == ServiceStatus.Deprecated) revert ServiceIsDeprecated(serviceId);
    }

    function _requireVersionFields(string calldata version, string calldata manifestCid) private pure {
        if (bytes(version).length == 0) revert EmptyField("version");
        if (bytes(manifestCid).length == 0) revert EmptyField("manifestCid");
    }
}
