// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {IMembership} from "../cluster/IMembership.sol";

/// @title A cluster's (or an initiative group's) governor: typed proposals voted with membership seats.
/// @notice One seat, one vote. Proposals are typed (admission, expulsion, parameters, service,
/// dissolution, formation); each acts only through the registry and the membership contract, so
/// the registry's state machine stays the only way a cluster's status changes.
interface IClusterGovernor {
    /// @dev What a proposal does. Formation is the initiative group's vote to form the cluster.
    enum ProposalKind {
        None,
        Admission,
        Expulsion,
        Params,
        Service,
        Dissolution,
        Formation,
        Role, // a member's role (participant / core), executed as Membership.setRole
        Cdo, // a new CDO, executed as ClusterRegistry.setCdo
        Settings // a service's settings, executed as ClusterRegistry.setServiceSettings
    }

    /// @dev What the governor fixes at proposal time: later changes of the cluster's parameters
    /// do not move the goalposts of a running vote.
    struct ProposalRules {
        ProposalKind kind;
        uint16 quorumBps;
        uint16 approvalThresholdBps;
        // Core members' Against vetoes it (coreVeto on and kind Admission, Expulsion or Dissolution).
        bool vetoable;
        // Only core members vote (an admission under the CoreVote policy).
        bool coreOnly;
        bool vetoed;
        // Seats the quorum is counted over when coreOnly (core members at proposal time).
        uint32 coreSeats;
        // The member an Expulsion or Role proposal is about: its Against never vetoes it. Fills
        // the slot's last 20 bytes, so the rules stay one storage slot.
        address subject;
    }

    enum ApplicationStatus {
        None,
        Pending, // waits for the CDO's decision (CdoDecision policy)
        Voting, // an admission proposal is open (vote policies)
        Accepted,
        Refused,
        AwaitingSponsor // vote policies: the admission vote opens when a member sponsors it
    }

    struct Application {
        address applicant;
        IMembership.Role role;
        ApplicationStatus status;
        uint256 proposalId; // 0 under CdoDecision and until sponsored
    }

    /// @dev Every typed proposal, beside OpenZeppelin's ProposalCreated (same id).
    event TypedProposalCreated(
        uint256 indexed proposalId,
        ProposalKind indexed kind,
        address indexed proposer,
        uint16 quorumBps,
        uint16 approvalThresholdBps,
        bool vetoable,
        bool coreOnly
    );
    event AdmissionProposed(
        uint256 indexed proposalId, address indexed account, IMembership.Profile profile, IMembership.Role role
    );
    event ExpulsionProposed(uint256 indexed proposalId, address indexed member);
    event ParamsProposed(uint256 indexed proposalId, IClusterRegistry.SecurityParams params);
    event ServiceProposed(uint256 indexed proposalId, uint256 indexed serviceId, bool enabled);
    event RoleProposed(uint256 indexed proposalId, address indexed member, IMembership.Role role);
    event CdoProposed(uint256 indexed proposalId, address indexed newCdo);
    event ApplicationSponsored(uint256 indexed applicationId, address indexed sponsor, uint256 proposalId);
    event ProposalVetoed(uint256 indexed proposalId, address indexed coreMember);
    event ApplicationSubmitted(
        uint256 indexed applicationId,
        address indexed applicant,
        IMembership.Profile profile,
        IMembership.Role role,
        IClusterRegistry.AdmissionPolicy policy,
        uint256 proposalId
    );
    event ApplicationDecided(uint256 indexed applicationId, address indexed applicant, bool accepted, address decidedBy);

    error UseTypedProposals();
    /// @dev Votes carry no params here: castVoteWithReasonAndParamsBySig is not offered.
    error NoVoteParams();
    error NotAMember(address account);
    error AlreadyAMember(address account);
    error NoVotingWeight(uint256 proposalId, address account);
    error NotPlatform(address caller);
    error NotCdo(address caller);
    error ClusterNotOpen(uint256 clusterId, IClusterRegistry.Status status);
    error AdmissionPolicyForbids(IClusterRegistry.AdmissionPolicy policy);
    error UnknownApplication(uint256 applicationId);
    error ApplicationNotPending(uint256 applicationId, ApplicationStatus status);
    error MembershipMissing(uint256 clusterId);
    /// @dev The implementation was deployed with the zero registry.
    error ZeroRegistry();
    /// @dev A clone was initialised with a registry other than its implementation's.
    error ForeignRegistry(address given, address expected);
    error FormationAlreadyProposed(uint256 clusterId, uint256 proposalId);
    /// @dev The applicant already has an application pending, awaiting a sponsor or in its vote.
    error ApplicationOpen(address applicant, uint256 applicationId);
    /// @dev Under CoreVote only core members may sponsor an application.
    error NotCoreMember(address account);

    /// @notice Proposes admitting `account` with `profile` as `role` (members; not under CdoDecision).
    function proposeAdmission(
        address account,
        IMembership.Profile calldata profile,
        IMembership.Role role,
        string calldata description
    ) external returns (uint256 proposalId);

    /// @notice Proposes expelling `member` (members).
    function proposeExpulsion(address member, string calldata description) external returns (uint256 proposalId);

    /// @notice Proposes a member's new role (members).
    function proposeRole(address member, IMembership.Role role, string calldata description)
        external
        returns (uint256 proposalId);

    /// @notice Proposes a new CDO for the cluster (members, or the CDC).
    function proposeCdo(address newCdo, string calldata description) external returns (uint256 proposalId);

    /// @notice Proposes new security parameters for the cluster (members, or the CDC).
    function proposeParams(IClusterRegistry.SecurityParams calldata params, string calldata description)
        external
        returns (uint256 proposalId);

    /// @notice Proposes enabling or disabling a catalog service (members, or the CDC).
    function proposeService(uint256 serviceId, bool enabled, string calldata description)
        external
        returns (uint256 proposalId);

    /// @notice Proposes new settings for an enabled service (members, or the CDC): `settings` is
    /// the digest of the CID of the settings document, executed as ClusterRegistry.setServiceSettings.
    function proposeServiceSettings(uint256 serviceId, bytes32 settings, string calldata description)
        external
        returns (uint256 proposalId);

    /// @notice Proposes dissolving the cluster (members; or the platform's factory, for a
    /// dissolution initiative the CDC registered: the members vote either way).
    function proposeDissolution(string calldata description) external returns (uint256 proposalId);

    /// @notice The initiative group's formation vote (the platform's factory only, while Voting).
    function proposeFormation(string calldata description) external returns (uint256 proposalId);

    /// @notice A non-member applies for membership; handled per the cluster's admission policy.
    function applyForMembership(IMembership.Profile calldata profile, IMembership.Role role)
        external
        returns (uint256 applicationId);

    /// @notice A member (a core member under CoreVote) opens the admission vote on an application
    /// awaiting a sponsor, as its proposer.
    function sponsorApplication(uint256 applicationId) external returns (uint256 proposalId);

    /// @notice The CDO accepts or refuses a pending application (CdoDecision policy).
    function decideApplication(uint256 applicationId, bool accept) external;

    function registry() external view returns (address);
    function clusterId() external view returns (uint256);
    function proposalRules(uint256 proposalId) external view returns (ProposalRules memory);
    /// @notice Votes (for + abstain) the proposal needs: ceil(quorumBps × seats at snapshot / 10000).
    function proposalQuorum(uint256 proposalId) external view returns (uint256);
    function formationProposalId() external view returns (uint256);
    function application(uint256 applicationId) external view returns (Application memory);
    function applicationCount() external view returns (uint256);
}
