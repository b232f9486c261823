// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IServiceCatalog} from "./IServiceCatalog.sol";
import {IClusterFactory} from "./IClusterFactory.sol";

/// @title The platform's registry of initiatives and clusters, their life cycle and configuration.
interface IClusterRegistry {
    /// @dev Life cycle of DESIGN.md. None marks an unknown id.
    enum Status {
        None,
        Initiative,
        Voting,
        Forming,
        Active,
        Dissolving,
        Dissolved,
        Rejected
    }

    /// @dev Who decides on admissions: all members by vote, the core by vote, or the CDO alone.
    enum AdmissionPolicy {
        MembersVote,
        CoreVote,
        CdoDecision
    }

    /// @dev The security parameters of a cluster; basis points are out of 10_000.
    struct SecurityParams {
        uint32 votingPeriod; // seconds
        uint16 quorumBps;
        uint16 approvalThresholdBps;
        AdmissionPolicy admissionPolicy;
        bool documentsMustBeEncrypted;
        bool coreVeto;
        uint32 clearingCycleLength; // seconds
        address settlementToken;
    }

    struct Cluster {
        string name;
        address cdo;
        Status status;
        uint64 configVersion;
        uint64 createdAt;
        // Fixed at registration from the platform's setting then: a later setWindDownPeriod
        // never shortens (or lengthens) the wind-down of a cluster already registered.
        uint32 windDownPeriod;
        SecurityParams params;
    }

    event ClusterRegistered(uint256 indexed clusterId, string name, address indexed cdo, address indexed registeredBy);
    event StatusChanged(uint256 indexed clusterId, Status from, Status to);
    event SecurityParamsChanged(uint256 indexed clusterId, uint64 configVersion, SecurityParams params);
    event ServiceEnabled(uint256 indexed clusterId, uint256 indexed serviceId, uint64 configVersion);
    event ServiceDisabled(uint256 indexed clusterId, uint256 indexed serviceId, uint64 configVersion);
    event ComponentAttached(uint256 indexed clusterId, bytes32 indexed kind, address component);
    /// @dev `settings` is the digest of the CID of the settings document (0: the manifest's defaults).
    event ServiceSettingsChanged(
        uint256 indexed clusterId, uint256 indexed serviceId, bytes32 settings, uint64 configVersion
    );
    /// @dev The factory asked for a service's contract when a running cluster enables that service.
    event ComponentFactorySet(address factory);
    event CdoChanged(uint256 indexed clusterId, address indexed previousCdo, address indexed newCdo);
    /// @dev The parameters initiative groups vote under (voting period, quorum, threshold).
    event DefaultParamsChanged(SecurityParams params);
    event WindDownPeriodChanged(uint32 windDownPeriod);
    /// @dev The wind-down period a newly registered cluster keeps for good.
    event ClusterWindDownPeriod(uint256 indexed clusterId, uint32 windDownPeriod);

    error UnknownCluster(uint256 clusterId);
    error IllegalTransition(uint256 clusterId, Status from, Status to);
    error EmptyName();
    error ZeroAddress(string field);
    error InvalidVotingPeriod(uint32 votingPeriod);
    error InvalidBasisPoints(string field, uint16 value);
    error InvalidCycleLength(uint32 clearingCycleLength);
    error ServiceNotAvailable(uint256 serviceId);
    error ServiceAlreadyEnabled(uint256 clusterId, uint256 serviceId);
    error ServiceNotEnabled(uint256 clusterId, uint256 serviceId);
    error SettingsUnchanged(uint256 clusterId, uint256 serviceId);
    /// @dev An active system service cannot be disabled: it is the platform itself.
    error SystemServiceRequired(uint256 serviceId);
    error ClusterReadOnly(uint256 clusterId, Status status);
    error ComponentAlreadyAttached(uint256 clusterId, bytes32 kind);
    error ComponentsMissing(uint256 clusterId);
    error WindDownNotOver(uint256 clusterId, uint64 endsAt);
    error InitiativeStillOpen(uint256 clusterId, uint8 proposalState);
    error InvalidWindDownPeriod(uint32 windDownPeriod);
    /// @dev The cluster has no Governor, so nothing can dissolve it (the CDC may not directly).
    error NoGovernor(uint256 clusterId);
    /// @dev Only the cluster's Governor (a passed vote) may make this move.
    error NotGovernor(uint256 clusterId, address caller);
    /// @dev The cluster is Active or Dissolving: only its Governor (a passed proposal) may change
    /// its configuration or CDO; the CDC proposes such changes instead.
    error ClusterDecides(uint256 clusterId, Status status, address caller);

    /// @notice Registers an initiative for a proposed cluster (status Initiative).
    function registerInitiative(
        string calldata name,
        address cdo,
        SecurityParams calldata params,
        uint256[] calldata serviceIds
    ) external returns (uint256 clusterId);

    /// @notice Initiative -> Voting: the initiative group's vote opens.
    function openVoting(uint256 clusterId) external;

    /// @notice Voting -> Forming (approved) or Voting -> Rejected: the initiative's Governor, or
    /// the CDC for an initiative without one (voted off the platform).
    function recordVote(uint256 clusterId, bool approved) external;

    /// @notice Forming -> Active, once the factory attached the cluster's contracts.
    function activate(uint256 clusterId) external;

    /// @notice Active -> Dissolving: only a passed dissolution vote (the cluster's Governor).
    function startDissolution(uint256 clusterId) external;

    /// @notice Dissolving -> Dissolved (terminal, read-only): anyone once the wind-down period passed.
    function completeDissolution(uint256 clusterId) external;

    /// @notice Voting -> Rejected: anyone, once the initiative's formation proposal is Defeated or Expired.
    function closeInitiative(uint256 clusterId) external;

    /// @notice Sets the parameters initiative groups vote under (CDC only).
    function setDefaultParams(SecurityParams calldata params) external;

    /// @notice Sets how long a dissolving cluster winds down before it can be dissolved (CDC only);
    /// applies to clusters registered afterwards.
    function setWindDownPeriod(uint32 windDownPeriod) external;

    function defaultParams() external view returns (SecurityParams memory);
    /// @notice The parameters a vote in this cluster runs under: the platform's default while it
    /// is an initiative (Initiative, Voting), its own afterwards.
    function votingParamsOf(uint256 clusterId) external view returns (SecurityParams memory);
    function windDownPeriod() external view returns (uint32);
    /// @notice The cluster's own admission policy (one storage read, for Membership.addMember).
    function admissionPolicyOf(uint256 clusterId) external view returns (AdmissionPolicy);
    /// @notice The wind-down period the cluster was registered with (the one completeDissolution uses).
    function windDownPeriodOf(uint256 clusterId) external view returns (uint32);
    /// @notice When the cluster started dissolving (0 if it never did).
    function dissolvingSince(uint256 clusterId) external view returns (uint64);

    /// @notice Replaces the cluster's security parameters; bumps the configuration version. The
    /// CDC while the cluster is being set up, its Governor once Active.
    function setSecurityParams(uint256 clusterId, SecurityParams calldata params) external;

    /// @notice Enables or disables a catalog service for a cluster; bumps the configuration version.
    /// The CDC while the cluster is being set up, its Governor once Active.
    function setServiceEnabled(uint256 clusterId, uint256 serviceId, bool enabled) external;

    /// @notice Replaces an enabled service's settings in a cluster: `settings` is the digest of the
    /// CID of the settings document in the content store (0 restores the manifest's defaults);
    /// bumps the configuration version. The CDC while the cluster is being set up, its Governor once Active.
    function setServiceSettings(uint256 clusterId, uint256 serviceId, bytes32 settings) external;

    /// @notice Sets the factory that clones a service's contract when a running cluster first
    /// enables that service (admin only; the zero address turns that off).
    function setComponentFactory(IClusterFactory factory) external;

    /// @notice Hands the cluster's CDO role to another address: the CDC while the cluster is being
    /// set up, its Governor (a passed proposal) once Active.
    function setCdo(uint256 clusterId, address newCdo) external;

    /// @notice Records the address of one of the cluster's contracts (factory only).
    function attachComponent(uint256 clusterId, bytes32 kind, address component) external;

    function cluster(uint256 clusterId) external view returns (Cluster memory);
    function statusOf(uint256 clusterId) external view returns (Status);
    function cdoOf(uint256 clusterId) external view returns (address);
    function componentOf(uint256 clusterId, bytes32 kind) external view returns (address);
    function isServiceEnabled(uint256 clusterId, uint256 serviceId) external view returns (bool);
    function enabledServices(uint256 clusterId) external view returns (uint256[] memory);
    /// @notice The digest of the CID of a service's settings in a cluster (0: the manifest's defaults).
    function serviceSettingsOf(uint256 clusterId, uint256 serviceId) external view returns (bytes32);
    function componentFactory() external view returns (IClusterFactory);
    function clusterCount() external view returns (uint256);

    /// @notice The service catalog whose services clusters may enable; components resolve their
    /// service's id through it.
    function catalog() external view returns (IServiceCatalog);
}
