// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorCountingSimpleUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorCountingSimpleUpgradeable.sol";
import {GovernorVotesUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesUpgradeable.sol";
import {IClusterGovernor} from "./IClusterGovernor.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";
import {IMembership} from "../cluster/IMembership.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {ComponentKinds} from "../cluster/ComponentKinds.sol";

/// @title A cluster's governor: OpenZeppelin's Governor over the cluster's membership seats.
/// @notice One clone per cluster (or initiative group), cloned by the ClusterFactory after the
/// Membership. No voting delay (voting opens the second after the proposal), a voting period
/// from the registry (the platform's default parameters while the cluster is an initiative,
/// the cluster's own afterwards), quorum and approval threshold fixed per proposal when it is
/// made. Anyone may execute a proposal that passed; there is no timelock: every action is a
/// registry or membership call that is itself checked against the cluster's status.
/// @dev Quorum counts for + abstain; success needs for × 10000 ≥ threshold × (for + against),
/// at least one For and no core veto. Votes of accounts without a seat at the snapshot (and of
/// non-core members on a core-only admission) are refused with NoVotingWeight rather than
/// counted as zero, so a stray vote never looks like participation.
contract ClusterGovernor is
    GovernorUpgradeable,
    GovernorCountingSimpleUpgradeable,
    GovernorVotesUpgradeable,
    IClusterGovernor,
    IClusterComponent
{
    bytes32 private constant FACTORY_ROLE = keccak256("FACTORY_ROLE");
    bytes32 private constant CDC_ROLE = keccak256("CDC_ROLE");
    uint256 private constant BPS = 10_000;

    string private constant NAME = "ClusterGovernor";
    string private constant VERSION = "1";

    /// @dev Same for every clone, so in the implementation's code rather than in a clone's storage.
    address private immutable _registry;
    address private immutable _template;

    /// @dev The seats, the cluster id and whether any proposal ever had a core veto or a core-only
    /// vote share one slot, the one castVote reads anyway: a cluster without either never reads a
    /// proposal's rules while counting a vote. Replaces GovernorVotes' own token slot. Set seats
    /// also mark an initialised clone, so Initializable's slot is never written.
    IERC5805 private _seatsToken;
    uint88 private _clusterId;
    bool private _coreRulesUsed;
    /// @inheritdoc IClusterGovernor
    uint256 public formationProposalId;
    /// @inheritdoc IClusterGovernor
    uint256 public applicationCount;

    mapping(uint256 proposalId => ProposalRules) private _rules;
    mapping(uint256 applicationId => Application) private _applications;
    /// @dev Kept only while a CdoDecision application waits: the CDO's decision needs it.
    mapping(uint256 applicationId => IMembership.Profile) private _pendingProfiles;
    mapping(uint256 proposalId => uint256 applicationId) private _applicationOfProposal;
    /// @dev An applicant's latest application: while it is open, it may not apply again.
    mapping(address applicant => uint256 applicationId) private _lastApplication;

    /// @dev The implementation is only a template for clones.
    /// @param registry_ The platform's ClusterRegistry, shared by every clone.
    constructor(address registry_) {
        if (registry_ == address(0)) revert ZeroRegistry();
        _registry = registry_;
        _template = address(this);
    }

    /// @inheritdoc IClusterComponent
    /// @dev Called by the factory right after the cluster's Membership was attached (initiative
    /// or cluster). The EIP-712 domain is ("ClusterGovernor", "1", chain, this clone). Name and
    /// version are constants (see name, _EIP712Name), so __Governor_init, whose only work is to
    /// store them as strings (three slots, ~60k gas per cluster), is not called; nor is
    /// __GovernorVotes_init (see token).
    function initialize(address registry_, uint256 clusterId_) external {
        if (address(this) == _template || address(_seatsToken) != address(0)) revert InvalidInitialization();
        if (registry_ != _registry) revert ForeignRegistry(registry_, _registry);
        address seats = IClusterRegistry(registry_).componentOf(clusterId_, ComponentKinds.MEMBERSHIP);
        if (seats == address(0)) revert MembershipMissing(clusterId_);
        _seatsToken = IERC5805(seats);
        _clusterId = uint88(clusterId_);
    }

    /// @inheritdoc IClusterGovernor
    function registry() public view returns (address) {
        return _registry;
    }

    /// @notice The cluster's Membership, whose seats are the votes.
    function token() public view override returns (IERC5805) {
        return _seatsToken;
    }

    /// @notice The timestamp clock of the Membership seats, read here without asking them.
    function clock() public view override(GovernorUpgradeable, GovernorVotesUpgradeable) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Machine-readable description of the clock (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(GovernorUpgradeable, GovernorVotesUpgradeable) returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The governor's name, also its EIP-712 domain name.
    function name() public pure override returns (string memory) {
        return NAME;
    }

    /// @inheritdoc IClusterGovernor
    function clusterId() public view returns (uint256) {
        return _clusterId;
    }

    // ---------------------------------------------------------------- typed proposals

    /// @notice Always reverts with UseTypedProposals: a cluster only votes on what its typed
    /// proposal functions can express.
    function propose(address[] memory, uint256[] memory, bytes[] memory, string memory)
        public
        pure
        override
        returns (uint256)
    {
        revert UseTypedProposals();
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members, while Active. Under CoreVote only core members vote; under CdoDecision
    /// refused with AdmissionPolicyForbids (the CDO admits with Membership.addMember).
    function proposeAdmission(
        address account,
        IMembership.Profile calldata profile,
        IMembership.Role role,
        string calldata description
    ) external returns (uint256 proposalId) {
        _requireProposer(0);
        proposalId = _proposeAdmission(account, profile, role, description);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev The member is the proposal's subject: its own Against never vetoes it.
    function proposeExpulsion(address member_, string calldata description) external returns (uint256 proposalId) {
        _requireProposer(0);
        if (!_seats().isMember(member_)) revert NotAMember(member_);
        proposalId = _proposeCall(
            ProposalKind.Expulsion, address(_seats()), abi.encodeCall(IMembership.expel, (member_)), description, member_
        );
        emit ExpulsionProposed(proposalId, member_);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members, while Active; executed as Membership.setRole. The member is the proposal's
    /// subject (see proposeExpulsion). A role of None is refused with InvalidRole (that is an expulsion).
    function proposeRole(address member_, IMembership.Role role, string calldata description)
        external
        returns (uint256 proposalId)
    {
        _requireProposer(0);
        if (!_seats().isMember(member_)) revert NotAMember(member_);
        if (role == IMembership.Role.None) revert IMembership.InvalidRole(role);
        proposalId = _proposeCall(
            ProposalKind.Role,
            address(_seats()),
            abi.encodeCall(IMembership.setRole, (member_, role)),
            description,
            member_
        );
        emit RoleProposed(proposalId, member_, role);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members or the CDC, while Active; executed as ClusterRegistry.setCdo. The zero address
    /// is refused here, as the registry would refuse it (ZeroAddress("newCdo")): no vote on it.
    function proposeCdo(address newCdo, string calldata description) external returns (uint256 proposalId) {
        _requireProposer(CDC_ROLE);
        if (newCdo == address(0)) revert IClusterRegistry.ZeroAddress("newCdo");
        proposalId = _proposeCall(
            ProposalKind.Cdo,
            _registry,
            abi.encodeCall(IClusterRegistry.setCdo, (_clusterId, newCdo)),
            description,
            address(0)
        );
        emit CdoProposed(proposalId, newCdo);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members or the CDC, while Active. The registry validates the parameters on execution
    /// (and refuses invalid ones there).
    function proposeParams(IClusterRegistry.SecurityParams calldata params, string calldata description)
        external
        returns (uint256 proposalId)
    {
        _requireProposer(CDC_ROLE);
        proposalId = _proposeCall(
            ProposalKind.Params,
            _registry,
            abi.encodeCall(IClusterRegistry.setSecurityParams, (_clusterId, params)),
            description,
            address(0)
        );
        emit ParamsProposed(proposalId, params);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members or the CDC, while Active.
    function proposeService(uint256 serviceId, bool enabled, string calldata description)
        external
        returns (uint256 proposalId)
    {
        _requireProposer(CDC_ROLE);
        proposalId = _proposeCall(
            ProposalKind.Service,
            _registry,
            abi.encodeCall(IClusterRegistry.setServiceEnabled, (_clusterId, serviceId, enabled)),
            description,
            address(0)
        );
        emit ServiceProposed(proposalId, serviceId, enabled);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members or the CDC, while Active. The registry refuses on execution a service that is
    /// not enabled or settings that did not change. No event of its own (the code-size margin is
    /// a few bytes): ProposalCreated carries the call, TypedProposalCreated its kind.
    function proposeServiceSettings(uint256 serviceId, bytes32 settings, string calldata description)
        external
        returns (uint256 proposalId)
    {
        _requireProposer(CDC_ROLE);
        proposalId = _proposeCall(
            ProposalKind.Settings,
            _registry,
            abi.encodeCall(IClusterRegistry.setServiceSettings, (_clusterId, serviceId, settings)),
            description,
            address(0)
        );
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members, or the factory for a CDC dissolution initiative: the members vote either way.
    function proposeDissolution(string calldata description) external returns (uint256 proposalId) {
        _requireProposer(FACTORY_ROLE);
        proposalId = _proposeCall(
            ProposalKind.Dissolution,
            _registry,
            abi.encodeCall(IClusterRegistry.startDissolution, (_clusterId)),
            description,
            address(0)
        );
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Only an account holding the registry's FACTORY_ROLE (the factory), once, while the
    /// initiative is Voting. Rules: the platform's default parameters.
    function proposeFormation(string calldata description) external returns (uint256 proposalId) {
        _requirePlatform();
        if (formationProposalId != 0) revert FormationAlreadyProposed(_clusterId, formationProposalId);
        IClusterRegistry.Status status = _status();
        if (status != IClusterRegistry.Status.Voting) revert ClusterNotOpen(_clusterId, status);
        proposalId = _proposeCall(
            ProposalKind.Formation,
            _registry,
            abi.encodeCall(IClusterRegistry.recordVote, (_clusterId, true)),
            description,
            address(0)
        );
        formationProposalId = proposalId;
    }

    /// @notice Always reverts with UseTypedProposals: there is no timelock, a passed proposal is
    /// executed directly.
    function queue(address[] memory, uint256[] memory, bytes[] memory, bytes32) public pure override returns (uint256) {
        revert UseTypedProposals();
    }

    /// @notice Always reverts with UseTypedProposals: a proposal acts only through its typed call,
    /// never through a call relayed by the governor.
    function relay(address, uint256, bytes calldata) external payable override {
        revert UseTypedProposals();
    }

    /// @notice Always reverts with UseTypedProposals: voting opens the second a proposal is made,
    /// so it is never Pending long enough to be cancelled, and a vote once open runs its course.
    function cancel(address[] memory, uint256[] memory, bytes[] memory, bytes32) public pure override returns (uint256) {
        revert UseTypedProposals();
    }

    /// @notice Always reverts with NoVoteParams: votes here carry no params (simple counting
    /// ignores them); a signed vote is castVoteBySig.
    function castVoteWithReasonAndParamsBySig(uint256, uint8, address, string calldata, bytes memory, bytes memory)
        public
        pure
        override
        returns (uint256)
    {
        revert NoVoteParams();
    }

    /// @notice Always reverts with GovernorDisabledDeposit: a governor that relays no call could
    /// never pass a token on, so it accepts none rather than lock it away for good.
    function onERC721Received(address, address, uint256, bytes memory) public pure override returns (bytes4) {
        revert GovernorDisabledDeposit();
    }

    /// @notice Always reverts with GovernorDisabledDeposit (see onERC721Received).
    function onERC1155Received(address, address, uint256, uint256, bytes memory) public pure override returns (bytes4) {
        revert GovernorDisabledDeposit();
    }

    /// @notice Always reverts with GovernorDisabledDeposit (see onERC721Received).
    function onERC1155BatchReceived(address, address, uint256[] memory, uint256[] memory, bytes memory)
        public
        pure
        override
        returns (bytes4)
    {
        revert GovernorDisabledDeposit();
    }

    // ---------------------------------------------------------------- applications

    /// @inheritdoc IClusterGovernor
    /// @dev Non-members, while Active, one open application at a time (ApplicationOpen while the
    /// last one is pending, awaiting a sponsor or in a vote that can still pass). CdoDecision keeps
    /// it Pending for decideApplication; the vote policies keep it AwaitingSponsor until a member
    /// sponsors it, so an outsider alone can never open a vote.
    function applyForMembership(IMembership.Profile calldata profile, IMembership.Role role)
        external
        returns (uint256 applicationId)
    {
        if (_seats().isMember(msg.sender)) revert AlreadyAMember(msg.sender);
        _requireStatus(IClusterRegistry.Status.Active);
        if (role == IMembership.Role.None) revert IMembership.InvalidRole(role);
        uint256 last = _lastApplication[msg.sender];
        if (last != 0 && _isOpen(_applications[last])) revert ApplicationOpen(msg.sender, last);
        IClusterRegistry.AdmissionPolicy policy = _params().admissionPolicy;
        applicationId = ++applicationCount;
        _lastApplication[msg.sender] = applicationId;
        Application storage a = _applications[applicationId];
        a.applicant = msg.sender;
        a.role = role;
        a.status = policy == IClusterRegistry.AdmissionPolicy.CdoDecision
            ? ApplicationStatus.Pending
            : ApplicationStatus.AwaitingSponsor;
        _pendingProfiles[applicationId] = profile;
        emit ApplicationSubmitted(applicationId, msg.sender, profile, role, policy, 0);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Members only (NotAMember), core members only under CoreVote (NotCoreMember); the
    /// application must await a sponsor (ApplicationNotPending with its status otherwise). The
    /// sponsor is the admission proposal's proposer; the policy in force now decides who votes.
    function sponsorApplication(uint256 applicationId) external returns (uint256 proposalId) {
        Application storage a = _applications[applicationId];
        if (a.applicant == address(0)) revert UnknownApplication(applicationId);
        if (a.status != ApplicationStatus.AwaitingSponsor) revert ApplicationNotPending(applicationId, a.status);
        IMembership.Role sponsorRole = _seats().roleOf(msg.sender);
        if (sponsorRole == IMembership.Role.None) revert NotAMember(msg.sender);
        if (_params().admissionPolicy == IClusterRegistry.AdmissionPolicy.CoreVote && sponsorRole != IMembership.Role.Core) {
            revert NotCoreMember(msg.sender);
        }
        a.status = ApplicationStatus.Voting;
        proposalId = _proposeAdmission(
            a.applicant,
            _pendingProfiles[applicationId],
            a.role,
            string.concat("Application #", _decimal(applicationId))
        );
        delete _pendingProfiles[applicationId];
        a.proposalId = proposalId;
        _applicationOfProposal[proposalId] = applicationId;
        emit ApplicationSponsored(applicationId, msg.sender, proposalId);
    }

    /// @inheritdoc IClusterGovernor
    /// @dev The cluster's CDO only (as the registry says now). Accepting admits the applicant
    /// through Membership.admit in the same transaction, and only while the policy is still
    /// CdoDecision (AdmissionPolicyForbids once the members chose a vote); refusing stays possible,
    /// so that an application made under CdoDecision can always be closed.
    function decideApplication(uint256 applicationId, bool accept) external {
        if (msg.sender != IClusterRegistry(_registry).cdoOf(_clusterId)) revert NotCdo(msg.sender);
        Application storage a = _applications[applicationId];
        if (a.applicant == address(0)) revert UnknownApplication(applicationId);
        if (a.status != ApplicationStatus.Pending) revert ApplicationNotPending(applicationId, a.status);
        IClusterRegistry.AdmissionPolicy policy = _params().admissionPolicy;
        if (accept && policy != IClusterRegistry.AdmissionPolicy.CdoDecision) revert AdmissionPolicyForbids(policy);
        a.status = accept ? ApplicationStatus.Accepted : ApplicationStatus.Refused;
        IMembership.Profile memory profile = _pendingProfiles[applicationId];
        delete _pendingProfiles[applicationId];
        emit ApplicationDecided(applicationId, a.applicant, accept, msg.sender);
        if (accept) _seats().admit(a.applicant, profile, a.role);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IClusterGovernor
    function proposalRules(uint256 proposalId) external view returns (ProposalRules memory) {
        return _rules[proposalId];
    }

    /// @inheritdoc IClusterGovernor
    /// @dev Reverts (ERC5805FutureLookup) until the snapshot second has passed.
    function proposalQuorum(uint256 proposalId) public view returns (uint256) {
        ProposalRules storage r = _rules[proposalId];
        uint256 seats = r.coreOnly ? r.coreSeats : token().getPastTotalSupply(proposalSnapshot(proposalId));
        return (r.quorumBps * seats + BPS - 1) / BPS;
    }

    /// @inheritdoc IClusterGovernor
    function application(uint256 applicationId) external view returns (Application memory) {
        return _applications[applicationId];
    }

    /// @notice Voting opens the second after a proposal is made.
    function votingDelay() public pure override returns (uint256) {
        return 0;
    }

    /// @notice The voting period a proposal made now gets: the platform's default while the
    /// cluster is an initiative, the cluster's own afterwards.
    function votingPeriod() public view override returns (uint256) {
        return _params().votingPeriod;
    }

    /// @notice Quorum of a proposal made under the cluster's current parameters at `timepoint`;
    /// each proposal's own quorum (fixed when made) is proposalQuorum.
    function quorum(uint256 timepoint) public view override returns (uint256) {
        return (_params().quorumBps * token().getPastTotalSupply(timepoint) + BPS - 1) / BPS;
    }

    // ---------------------------------------------------------------- counting

    function _quorumReached(uint256 proposalId)
        internal
        view
        override(GovernorUpgradeable, GovernorCountingSimpleUpgradeable)
        returns (bool)
    {
        (, uint256 forVotes, uint256 abstainVotes) = proposalVotes(proposalId);
        return forVotes + abstainVotes >= proposalQuorum(proposalId);
    }

    function _voteSucceeded(uint256 proposalId)
        internal
        view
        override(GovernorUpgradeable, GovernorCountingSimpleUpgradeable)
        returns (bool)
    {
        (uint256 againstVotes, uint256 forVotes,) = proposalVotes(proposalId);
        ProposalRules storage r = _rules[proposalId];
        return forVotes > 0 && !r.vetoed && forVotes * BPS >= r.approvalThresholdBps * (forVotes + againstVotes);
    }

    /// @dev Refuses a vote without weight; records a core veto. Roles are read as of the proposal's
    /// snapshot (Membership.roleAt), so changing them during a vote changes nothing; the subject
    /// of a proposal (the member it expels or whose role it changes) votes but never vetoes.
    function _countVote(uint256 proposalId, address account, uint8 support, uint256 totalWeight, bytes memory params)
        internal
        override(GovernorUpgradeable, GovernorCountingSimpleUpgradeable)
        returns (uint256)
    {
        if (totalWeight == 0) revert NoVotingWeight(proposalId, account);
        ProposalRules storage r = _rules[proposalId];
        // The role matters for a core-only vote, and for a vetoable one only when the vote is Against.
        if (_coreRulesUsed && (r.coreOnly || (r.vetoable && support == uint8(VoteType.Against)))) {
            bool core = _seats().roleAt(account, proposalSnapshot(proposalId)) == IMembership.Role.Core;
            if (r.coreOnly && !core) revert NoVotingWeight(proposalId, account);
            if (r.vetoable && core && support == uint8(VoteType.Against) && account != r.subject) {
                r.vetoed = true;
                emit ProposalVetoed(proposalId, account);
            }
        }
        return super._countVote(proposalId, account, support, totalWeight, params);
    }

    /// @dev Marks an application accepted when its admission proposal is executed.
    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
        uint256 applicationId = _applicationOfProposal[proposalId];
        if (applicationId != 0) {
            Application storage a = _applications[applicationId];
            a.status = ApplicationStatus.Accepted;
            emit ApplicationDecided(applicationId, a.applicant, true, address(this));
        }
    }

    // ---------------------------------------------------------------- internals

    function _EIP712Name() internal pure override returns (string memory) {
        return NAME;
    }

    function _EIP712Version() internal pure override returns (string memory) {
        return VERSION;
    }

    function _proposeAdmission(
        address account,
        IMembership.Profile memory profile,
        IMembership.Role role,
        string memory description
    ) private returns (uint256 proposalId) {
        IClusterRegistry.AdmissionPolicy policy = _params().admissionPolicy;
        if (policy == IClusterRegistry.AdmissionPolicy.CdoDecision) revert AdmissionPolicyForbids(policy);
        if (_seats().isMember(account)) revert AlreadyAMember(account);
        if (role == IMembership.Role.None) revert IMembership.InvalidRole(role);
        proposalId = _proposeCall(
            ProposalKind.Admission,
            address(_seats()),
            abi.encodeCall(IMembership.admit, (account, profile, role)),
            description,
            address(0)
        );
        emit AdmissionProposed(proposalId, account, profile, role);
    }

    /// @dev One call per proposal, proposed by the caller. Fixes the rules from the parameters in
    /// force now: core-only for an admission under CoreVote, vetoable under coreVeto for the kinds
    /// that decide who is in the cluster (or in its core) and whether it lives on.
    function _proposeCall(
        ProposalKind kind,
        address target,
        bytes memory data,
        string memory description,
        address subject
    ) private returns (uint256 proposalId) {
        address proposer = msg.sender;
        if (kind != ProposalKind.Formation) _requireStatus(IClusterRegistry.Status.Active);
        IClusterRegistry.SecurityParams memory p = _params();
        address[] memory targets = new address[](1);
        targets[0] = target;
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = data;
        proposalId = _propose(targets, values, calldatas, description, proposer);

        bool coreOnly =
            kind == ProposalKind.Admission && p.admissionPolicy == IClusterRegistry.AdmissionPolicy.CoreVote;
        bool vetoable = p.coreVeto
            && (kind == ProposalKind.Admission || kind == ProposalKind.Expulsion || kind == ProposalKind.Dissolution
                || kind == ProposalKind.Role);
        if ((vetoable || coreOnly) && !_coreRulesUsed) _coreRulesUsed = true;
        _rules[proposalId] = ProposalRules({
            kind: kind,
            quorumBps: p.quorumBps,
            approvalThresholdBps: p.approvalThresholdBps,
            vetoable: vetoable,
            coreOnly: coreOnly,
            vetoed: false,
            coreSeats: coreOnly ? uint32(_seats().coreCount()) : 0,
            subject: subject
        });
        emit TypedProposalCreated(proposalId, kind, proposer, p.quorumBps, p.approvalThresholdBps, vetoable, coreOnly);
    }

    /// @dev The platform's default parameters while the cluster is an initiative, its own afterwards.
    function _params() private view returns (IClusterRegistry.SecurityParams memory) {
        return IClusterRegistry(_registry).votingParamsOf(_clusterId);
    }

    function _seats() private view returns (IMembership) {
        return IMembership(address(token()));
    }

    function _status() private view returns (IClusterRegistry.Status) {
        return IClusterRegistry(_registry).statusOf(_clusterId);
    }

    function _requireStatus(IClusterRegistry.Status expected) private view {
        IClusterRegistry.Status status = _status();
        if (status != expected) revert ClusterNotOpen(_clusterId, status);
    }

    /// @dev The caller must be a member, or hold `platformRole` on the registry (0: none may): the
    /// CDC proposes configuration but never votes (it has no seat), the factory tables the CDC's
    /// dissolution initiatives. NotAMember otherwise.
    function _requireProposer(bytes32 platformRole) private view {
        if (_seats().isMember(msg.sender)) return;
        if (platformRole != 0 && IAccessControl(_registry).hasRole(platformRole, msg.sender)) return;
        revert NotAMember(msg.sender);
    }

    /// @dev Decimal digits of `value`. OpenZeppelin's Strings.toString would cost this contract
    /// some 400 bytes of its code-size margin. Solady's LibString.toString technique: digits are
    /// written backwards into fresh memory (78 fit in the 0x80 reserved), then the length before them.
    function _decimal(uint256 value) private pure returns (string memory text) {
        assembly ("memory-safe") {
            text := add(mload(0x40), 0x80)
            mstore(0x40, add(text, 0x20))
            mstore(text, 0)
            let end := text
            for { let rest := value } 1 {} {
                text := sub(text, 1)
                mstore8(text, add(48, mod(rest, 10)))
                rest := div(rest, 10)
                if iszero(rest) { break }
            }
            let length := sub(end, text)
            text := sub(text, 0x20)
            mstore(text, length)
        }
    }

    /// @dev Pending, awaiting a sponsor, or in an admission vote that is not over.
    function _isOpen(Application storage a) private view returns (bool) {
        ApplicationStatus status = a.status;
        if (status == ApplicationStatus.Pending || status == ApplicationStatus.AwaitingSponsor) return true;
        if (status != ApplicationStatus.Voting) return false;
        ProposalState s = state(a.proposalId);
        // Pending (its first second) or Active, or passed and not yet executed.
        return s <= ProposalState.Active || s == ProposalState.Succeeded;
    }

    function _requirePlatform() private view {
        if (!IAccessControl(_registry).hasRole(FACTORY_ROLE, msg.sender)) revert NotPlatform(msg.sender);
    }
}
