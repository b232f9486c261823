// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IClusterRegistry} from "./IClusterRegistry.sol";
import {IServiceCatalog} from "./IServiceCatalog.sol";
import {IClusterFactory} from "./IClusterFactory.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IClusterGovernor} from "../governance/IClusterGovernor.sol";
import {ComponentKinds} from "../cluster/ComponentKinds.sol";

/// @title The platform's registry of initiatives and clusters.
/// @notice Keeps each cluster's life cycle (a state machine), its CDO, its configuration
/// (security parameters and enabled catalog services, versioned) and the addresses of its
/// per-cluster contracts.
contract ClusterRegistry is AccessControl, IClusterRegistry {
    using BitMaps for BitMaps.BitMap;

    /// @notice Role of the Cluster Development Center: registers clusters, drives their life
    /// cycle and configures them.
    bytes32 public constant CDC_ROLE = keccak256("CDC_ROLE");
    /// @notice Role of the ClusterFactory: records the per-cluster contracts it deployed.
    bytes32 public constant FACTORY_ROLE = keccak256("FACTORY_ROLE");
    /// @notice Kind of the component that must be attached before a cluster can be activated.
    bytes32 public constant MEMBERSHIP = ComponentKinds.MEMBERSHIP;
    /// @notice Kind of the cluster's governor: its passed proposals configure the cluster and
    /// drive its life cycle.
    bytes32 public constant GOVERNOR = ComponentKinds.GOVERNOR;

    uint32 private constant MIN_PERIOD = 1 hours;
    uint32 private constant MAX_PERIOD = 365 days;
    uint16 private constant MAX_BPS = 10_000;

    /// @notice The catalog whose services clusters may enable.
    IServiceCatalog public immutable catalog;

    uint256 private _clusterCount;
    mapping(uint256 clusterId => Cluster) private _clusters;
    /// @dev A bitmap, not an enumerable set: 256 services share one slot, so enabling the
    /// concept's dozen services at registration costs one storage write instead of two each.
    mapping(uint256 clusterId => BitMaps.BitMap) private _services;
    mapping(uint256 clusterId => mapping(bytes32 kind => address)) private _components;
    SecurityParams private _defaultParams;
    /// @inheritdoc IClusterRegistry
    uint32 public windDownPeriod;
    /// @inheritdoc IClusterRegistry
    mapping(uint256 clusterId => uint64) public dissolvingSince;
    mapping(uint256 clusterId => mapping(uint256 serviceId => bytes32)) private _settings;
    /// @inheritdoc IClusterRegistry
    IClusterFactory public componentFactory;

    /// @param admin Receives DEFAULT_ADMIN_ROLE and CDC_ROLE; grants FACTORY_ROLE (and CDC_ROLE)
    /// to the factory once it is deployed.
    /// @param catalog_ The service catalog consulted when a service is enabled.
    constructor(address admin, IServiceCatalog catalog_) {
        if (admin == address(0)) revert ZeroAddress("admin");
        if (address(catalog_) == address(0)) revert ZeroAddress("catalog");
        catalog = catalog_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(CDC_ROLE, admin);
        // Until the CDC sets its own: a week's vote, half the seats, a simple majority.
        _setDefaultParams(
            SecurityParams({
                votingPeriod: 7 days,
                quorumBps: 5_000,
                approvalThresholdBps: 5_001,
                admissionPolicy: AdmissionPolicy.MembersVote,
                documentsMustBeEncrypted: true,
                coreVeto: false,
                clearingCycleLength: 30 days,
                settlementToken: address(0)
            })
        );
        windDownPeriod = 30 days;
        emit WindDownPeriodChanged(30 days);
    }

    /// @dev Who may change a writable cluster's configuration and CDO: while it is being set up
    /// (Initiative, Voting, Forming) the CDC (AccessControlUnauthorizedAccount otherwise); once
    /// Active or Dissolving only the cluster's own Governor, that is a passed proposal
    /// (ClusterDecides otherwise). Dissolved and Rejected clusters are read-only (ClusterReadOnly).
    function _configurable(uint256 clusterId) private view returns (Cluster storage c) {
        c = _writable(clusterId);
        Status status = c.status;
        if (status == Status.Active || status == Status.Dissolving) {
            if (_msgSender() != _components[clusterId][GOVERNOR]) {
                revert ClusterDecides(clusterId, status, _msgSender());
            }
        } else {
            _checkRole(CDC_ROLE);
        }
    }

    // ---------------------------------------------------------------- platform settings

    /// @inheritdoc IClusterRegistry
    /// @dev CDC only. Applies to initiative votes opened afterwards (running ones keep theirs).
    function setDefaultParams(SecurityParams calldata params) external onlyRole(CDC_ROLE) {
        _setDefaultParams(params);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev CDC only; at most 365 days (0: a dissolving cluster may be closed at once). Applies to
    /// clusters registered afterwards: each cluster keeps the period it was registered with.
    function setWindDownPeriod(uint32 windDownPeriod_) external onlyRole(CDC_ROLE) {
        if (windDownPeriod_ > MAX_PERIOD) revert InvalidWindDownPeriod(windDownPeriod_);
        windDownPeriod = windDownPeriod_;
        emit WindDownPeriodChanged(windDownPeriod_);
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc IClusterRegistry
    /// @dev CDC only. Ids start at 1; the configuration version starts at 1 and the initial
    /// SecurityParamsChanged and ServiceEnabled events all carry it.
    function registerInitiative(
        string calldata name,
        address cdo,
        SecurityParams calldata params,
        uint256[] calldata serviceIds
    ) external onlyRole(CDC_ROLE) returns (uint256 clusterId) {
        if (bytes(name).length == 0) revert EmptyName();
        if (cdo == address(0)) revert ZeroAddress("cdo");
        _validate(params);

        clusterId = ++_clusterCount;
        Cluster storage c = _clusters[clusterId];
        c.name = name;
        c.cdo = cdo;
        c.status = Status.Initiative;
        c.configVersion = 1;
        c.createdAt = uint64(block.timestamp);
        // Packed with createdAt: fixing the period costs no extra storage slot.
        uint32 windDown = windDownPeriod;
        c.windDownPeriod = windDown;
        c.params = params;

        emit ClusterRegistered(clusterId, name, cdo, _msgSender());
        emit StatusChanged(clusterId, Status.None, Status.Initiative);
        emit ClusterWindDownPeriod(clusterId, windDown);
        emit SecurityParamsChanged(clusterId, 1, params);
        for (uint256 i = 0; i < serviceIds.length; ++i) {
            _enable(clusterId, serviceIds[i]);
            emit ServiceEnabled(clusterId, serviceIds[i], 1);
        }
    }

    // ---------------------------------------------------------------- life cycle

    /// @inheritdoc IClusterRegistry
    /// @dev CDC only.
    function openVoting(uint256 clusterId) external onlyRole(CDC_ROLE) {
        _transition(clusterId, Status.Initiative, Status.Voting);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Records the outcome of the initiative group's vote. An initiative with a governor
    /// records it only through that governor (its passed formation proposal; NotGovernor for any
    /// other caller, the CDC included); the CDC records the vote of an initiative without one
    /// (voted off this platform, as createCluster does).
    function recordVote(uint256 clusterId, bool approved) external {
        Status to = approved ? Status.Forming : Status.Rejected;
        // Check the transition first, as in activate: an illegal one says more than the caller.
        _requireTransition(clusterId, Status.Voting, to);
        address governor = _components[clusterId][GOVERNOR];
        if (governor == address(0)) _checkRole(CDC_ROLE);
        else if (_msgSender() != governor) revert NotGovernor(clusterId, _msgSender());
        _setStatus(clusterId, Status.Voting, to);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev CDC only. Reverts with ComponentsMissing until a Membership component is attached.
    function activate(uint256 clusterId) external onlyRole(CDC_ROLE) {
        // Check the transition first: an illegal one says more than a missing component.
        _requireTransition(clusterId, Status.Forming, Status.Active);
        if (_components[clusterId][MEMBERSHIP] == address(0)) revert ComponentsMissing(clusterId);
        _setStatus(clusterId, Status.Forming, Status.Active);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Only the cluster's governor: a dissolution passed by the members' vote, whether they
    /// or a CDC dissolution initiative proposed it. Never the CDC directly (issue 3). A cluster
    /// without a governor cannot be dissolved (NoGovernor); another caller gets NotGovernor.
    /// The transition is checked first, as in activate. Starts the wind-down clock.
    function startDissolution(uint256 clusterId) external {
        _requireTransition(clusterId, Status.Active, Status.Dissolving);
        address governor = _components[clusterId][GOVERNOR];
        if (governor == address(0)) revert NoGovernor(clusterId);
        if (_msgSender() != governor) revert NotGovernor(clusterId, _msgSender());
        _setStatus(clusterId, Status.Active, Status.Dissolving);
        dissolvingSince[clusterId] = uint64(block.timestamp);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Anyone, the CDC included, but only once the cluster's own wind-down period (fixed when
    /// it was registered) has passed since startDissolution (WindDownNotOver otherwise). After
    /// this the cluster's configuration and contracts are read-only.
    function completeDissolution(uint256 clusterId) external {
        _requireTransition(clusterId, Status.Dissolving, Status.Dissolved);
        uint64 endsAt = dissolvingSince[clusterId] + _clusters[clusterId].windDownPeriod;
        if (block.timestamp < endsAt) revert WindDownNotOver(clusterId, endsAt);
        _setStatus(clusterId, Status.Dissolving, Status.Dissolved);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Anyone. The initiative's governor says whether its formation proposal is Defeated or
    /// Expired (InitiativeStillOpen with the proposal's state otherwise); an initiative without a
    /// governor gets ComponentsMissing (the CDC records its outcome with recordVote).
    function closeInitiative(uint256 clusterId) external {
        _requireTransition(clusterId, Status.Voting, Status.Rejected);
        address governor = _components[clusterId][GOVERNOR];
        if (governor == address(0)) revert ComponentsMissing(clusterId);
        IGovernor.ProposalState state =
            IGovernor(governor).state(IClusterGovernor(governor).formationProposalId());
        if (state != IGovernor.ProposalState.Defeated && state != IGovernor.ProposalState.Expired) {
            revert InitiativeStillOpen(clusterId, uint8(state));
        }
        _setStatus(clusterId, Status.Voting, Status.Rejected);
    }

    // ---------------------------------------------------------------- configuration

    /// @inheritdoc IClusterRegistry
    /// @dev The CDC while the cluster is being set up, its governor (a passed proposal) once
    /// Active or Dissolving (see _configurable); refused once Dissolved or Rejected.
    function setSecurityParams(uint256 clusterId, SecurityParams calldata params) external {
        Cluster storage c = _configurable(clusterId);
        _validate(params);
        c.params = params;
        emit SecurityParamsChanged(clusterId, ++c.configVersion, params);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev The CDC while the cluster is being set up, its governor (a passed proposal) once
    /// Active or Dissolving (see _configurable); refused once Dissolved or Rejected. Enabling
    /// needs the service to be active in the catalog; disabling a since-deprecated one is allowed,
    /// an active system service never (SystemServiceRequired).
    function setServiceEnabled(uint256 clusterId, uint256 serviceId, bool enabled) external {
        Cluster storage c = _configurable(clusterId);
        if (enabled) {
            _enable(clusterId, serviceId);
            emit ServiceEnabled(clusterId, serviceId, ++c.configVersion);
            // While it is set up the factory deploys a cluster's components; afterwards they come on demand.
            if (c.status >= Status.Active) _attachServiceComponent(clusterId, serviceId);
        } else {
            if (!_services[clusterId].get(serviceId)) revert ServiceNotEnabled(clusterId, serviceId);
            _requireNotSystem(serviceId);
            _services[clusterId].unset(serviceId);
            emit ServiceDisabled(clusterId, serviceId, ++c.configVersion);
        }
    }

    /// @inheritdoc IClusterRegistry
    /// @dev The CDC while the cluster is being set up, its governor (a passed proposal) once
    /// Active or Dissolving (see _configurable); refused once Dissolved or Rejected. The service
    /// must be enabled (ServiceNotEnabled) and the settings new (SettingsUnchanged): a version
    /// always marks a change. Settings outlive a disabled service and apply again if it comes back.
    function setServiceSettings(uint256 clusterId, uint256 serviceId, bytes32 settings) external {
        Cluster storage c = _configurable(clusterId);
        if (!_services[clusterId].get(serviceId)) revert ServiceNotEnabled(clusterId, serviceId);
        if (_settings[clusterId][serviceId] == settings) revert SettingsUnchanged(clusterId, serviceId);
        _settings[clusterId][serviceId] = settings;
        emit ServiceSettingsChanged(clusterId, serviceId, settings, ++c.configVersion);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Admin only, like granting FACTORY_ROLE: the factory's implementations are the CDC's
    /// to choose either way, and a running cluster still gets a component only when it enables
    /// the component's service itself (a passed proposal).
    function setComponentFactory(IClusterFactory factory_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        componentFactory = factory_;
        emit ComponentFactorySet(address(factory_));
    }

    /// @inheritdoc IClusterRegistry
    /// @dev The CDC while the cluster is being set up, its governor (a passed proposal) once
    /// Active or Dissolving (see _configurable); refused once Dissolved or Rejected. Not a
    /// configuration change: the configuration version stays. Takes effect in the cluster's
    /// contracts at once, since they ask `cdoOf` on every call.
    function setCdo(uint256 clusterId, address newCdo) external {
        Cluster storage c = _configurable(clusterId);
        if (newCdo == address(0)) revert ZeroAddress("newCdo");
        address previous = c.cdo;
        c.cdo = newCdo;
        emit CdoChanged(clusterId, previous, newCdo);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Factory only, while the cluster is Forming, or an Initiative (its group's Membership
    /// and Governor); ClusterReadOnly otherwise. One component per kind, never replaced.
    function attachComponent(uint256 clusterId, bytes32 kind, address component) external onlyRole(FACTORY_ROLE) {
        Status status = _statusOf(clusterId);
        if (status != Status.Forming && status != Status.Initiative) revert ClusterReadOnly(clusterId, status);
        if (component == address(0)) revert ZeroAddress("component");
        if (_components[clusterId][kind] != address(0)) revert ComponentAlreadyAttached(clusterId, kind);
        _components[clusterId][kind] = component;
        emit ComponentAttached(clusterId, kind, component);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function cluster(uint256 clusterId) external view returns (Cluster memory) {
        _statusOf(clusterId);
        return _clusters[clusterId];
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Returns None for an unknown id instead of reverting, so contracts can gate on it.
    function statusOf(uint256 clusterId) external view returns (Status) {
        return _clusters[clusterId].status;
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function cdoOf(uint256 clusterId) external view returns (address) {
        _statusOf(clusterId);
        return _clusters[clusterId].cdo;
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function admissionPolicyOf(uint256 clusterId) external view returns (AdmissionPolicy) {
        _statusOf(clusterId);
        return _clusters[clusterId].params.admissionPolicy;
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function windDownPeriodOf(uint256 clusterId) external view returns (uint32) {
        _statusOf(clusterId);
        return _clusters[clusterId].windDownPeriod;
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Zero when nothing of that kind is attached; reverts with UnknownCluster for an unknown id.
    function componentOf(uint256 clusterId, bytes32 kind) external view returns (address) {
        _statusOf(clusterId);
        return _components[clusterId][kind];
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function isServiceEnabled(uint256 clusterId, uint256 serviceId) external view returns (bool) {
        _statusOf(clusterId);
        return _services[clusterId].get(serviceId);
    }

    /// @inheritdoc IClusterRegistry
    /// @dev In ascending id order. Reverts with UnknownCluster for an unknown id.
    function enabledServices(uint256 clusterId) external view returns (uint256[] memory ids) {
        _statusOf(clusterId);
        BitMaps.BitMap storage enabled = _services[clusterId];
        uint256 count = catalog.serviceCount();
        ids = new uint256[](count);
        uint256 n;
        for (uint256 id = 1; id <= count; ++id) {
            if (enabled.get(id)) ids[n++] = id;
        }
        // Shrink the array to the ids found.
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function serviceSettingsOf(uint256 clusterId, uint256 serviceId) external view returns (bytes32) {
        _statusOf(clusterId);
        return _settings[clusterId][serviceId];
    }

    /// @inheritdoc IClusterRegistry
    function defaultParams() external view returns (SecurityParams memory) {
        return _defaultParams;
    }

    /// @inheritdoc IClusterRegistry
    /// @dev Reverts with UnknownCluster for an unknown id.
    function votingParamsOf(uint256 clusterId) external view returns (SecurityParams memory) {
        Status status = _statusOf(clusterId);
        if (status == Status.Initiative || status == Status.Voting) return _defaultParams;
        return _clusters[clusterId].params;
    }

    /// @inheritdoc IClusterRegistry
    function clusterCount() external view returns (uint256) {
        return _clusterCount;
    }

    // ---------------------------------------------------------------- internals

    function _statusOf(uint256 clusterId) private view returns (Status status) {
        status = _clusters[clusterId].status;
        if (status == Status.None) revert UnknownCluster(clusterId);
    }

    function _writable(uint256 clusterId) private view returns (Cluster storage c) {
        Status status = _statusOf(clusterId);
        if (status == Status.Dissolved || status == Status.Rejected) revert ClusterReadOnly(clusterId, status);
        c = _clusters[clusterId];
    }

    function _transition(uint256 clusterId, Status expected, Status to) private {
        _requireTransition(clusterId, expected, to);
        _setStatus(clusterId, expected, to);
    }

    /// @dev Refuses with IllegalTransition unless the cluster is in `expected`.
    function _requireTransition(uint256 clusterId, Status expected, Status to) private view {
        Status from = _statusOf(clusterId);
        if (from != expected) revert IllegalTransition(clusterId, from, to);
    }

    function _setStatus(uint256 clusterId, Status from, Status to) private {
        _clusters[clusterId].status = to;
        emit StatusChanged(clusterId, from, to);
    }

    /// @dev The catalog is our own platform contract, so this view call is not an untrusted interaction.
    function _enable(uint256 clusterId, uint256 serviceId) private {
        if (!catalog.isActive(serviceId)) revert ServiceNotAvailable(serviceId);
        if (_services[clusterId].get(serviceId)) revert ServiceAlreadyEnabled(clusterId, serviceId);
        _services[clusterId].set(serviceId);
    }

    /// @dev A system service is the platform itself (sign-in, the registry, configuration): a
    /// cluster cannot run without it, so it stays on while the catalog offers it; a deprecated one may go.
    function _requireNotSystem(uint256 serviceId) private view {
        IServiceCatalog.Service memory s = catalog.service(serviceId);
        if (s.repository == IServiceCatalog.Repository.System && s.status == IServiceCatalog.ServiceStatus.Active) {
            revert SystemServiceRequired(serviceId);
        }
    }

    /// @dev Effects are done when this runs: the service bit is set and its event emitted. The
    /// factory is the platform's own contract (set by the admin); it clones a vetted implementation
    /// and initialises it, and the kind it answers must still be free here.
    function _attachServiceComponent(uint256 clusterId, uint256 serviceId) private {
        IClusterFactory factory = componentFactory;
        if (address(factory) == address(0)) return;
        (bytes32 kind, address component) = factory.cloneServiceComponent(clusterId, serviceId);
        if (component == address(0)) return;
        if (_components[clusterId][kind] != address(0)) revert ComponentAlreadyAttached(clusterId, kind);
        _components[clusterId][kind] = component;
        emit ComponentAttached(clusterId, kind, component);
    }

    function _setDefaultParams(SecurityParams memory params) private {
        _validate(params);
        _defaultParams = params;
        emit DefaultParamsChanged(params);
    }

    function _validate(SecurityParams memory p) private pure {
        if (p.votingPeriod < MIN_PERIOD || p.votingPeriod > MAX_PERIOD) revert InvalidVotingPeriod(p.votingPeriod);
        if (p.quorumBps == 0 || p.quorumBps > MAX_BPS) revert InvalidBasisPoints("quorumBps", p.quorumBps);
        if (p.approvalThresholdBps == 0 || p.approvalThresholdBps > MAX_BPS) {
            revert InvalidBasisPoints("approvalThresholdBps", p.approvalThresholdBps);
        }
        if (p.clearingCycleLength < MIN_PERIOD || p.clearingCycleLength > MAX_PERIOD) {
            revert InvalidCycleLength(p.clearingCycleLength);
        }
    }
}
