// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title The CDC's service catalog: three repositories of services a cluster can enable.
interface IServiceCatalog {
    /// @dev The concept's three repositories; "kind" of a service is the repository it lives in.
    enum Repository {
        System,
        Basic,
        Applied
    }

    enum ServiceStatus {
        None,
        Active,
        Deprecated
    }

    struct Service {
        string name;
        Repository repository;
        ServiceStatus status;
        string version;
        string manifestCid;
    }

    event ServiceRegistered(
        uint256 indexed serviceId,
        string name,
        Repository indexed repository,
        string version,
        string manifestCid
    );
    event ServiceVersionPublished(uint256 indexed serviceId, string version, string manifestCid);
    event ServiceDeprecated(uint256 indexed serviceId);

    error UnknownService(uint256 serviceId);
    error ServiceIsDeprecated(uint256 serviceId);
    error ServiceNameTaken(string name);
    error EmptyField(string field);
    error VersionUnchanged(uint256 serviceId, string version);

    /// @notice Registers a service in a repository. Returns its id (ids start at 1).
    function registerService(
        string calldata name,
        Repository repository,
        string calldata version,
        string calldata manifestCid
    ) external returns (uint256 serviceId);

    /// @notice Publishes a new version of a service with its manifest.
    function publishVersion(uint256 serviceId, string calldata version, string calldata manifestCid) external;

    /// @notice Deprecates a service: clusters can no longer enable it.
    function deprecate(uint256 serviceId) external;

    /// @notice The service with id `serviceId`; reverts with UnknownService for an unknown id.
    function service(uint256 serviceId) external view returns (Service memory);

    /// @notice Whether `serviceId` exists and is not deprecated.
    function isActive(uint256 serviceId) external view returns (bool);

    /// @notice The id registered under `name`, or 0.
    function serviceIdByName(string calldata name) external view returns (uint256);

    /// @notice How many services were ever registered (ids run from 1 to this).
    function serviceCount() external view returns (uint256);
}
