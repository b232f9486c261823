// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IMembership} from "./IMembership.sol";
import {SoulboundSeats} from "./SoulboundSeats.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {ComponentKinds} from "./ComponentKinds.sol";

/// @title A cluster's members, their soulbound voting seats and the cluster's network of links.
/// @notice One clone per cluster, deployed and initialised by the ClusterFactory. The cluster's
/// CDO (as the registry says, asked on every call) admits members and keeps the network map;
/// the CDC has no power here. Writes are accepted only while the registry says the cluster is
/// Forming or Active.
/// @dev Each member holds exactly one seat (ERC-721 token id = node id), delegated to itself,
/// so every member has one vote in the timestamp clock used by the cluster's governor. The seat
/// is read off the member's slot (SoulboundSeats): no token storage besides a checkpoint trace
/// of the member count.
contract Membership is Initializable, SoulboundSeats, IMembership {
    using Checkpoints for Checkpoints.Trace208;
    // Constants instead of ERC721 storage: saves two string writes per clone.
    string private constant SEAT_NAME = "Cluster Seat";
    string private constant SEAT_SYMBOL = "SEAT";
    bytes32 private constant FACTORY_ROLE = keccak256("FACTORY_ROLE");

    /// @dev Same for every clone, so in the implementation's code rather than in a clone's storage.
    address private immutable _registry;
    address private immutable _template;

    /// @inheritdoc IMembership
    uint64 public nodeCount;
    /// @dev Packed in the same slot: the governor snapshots it for core-only admissions.
    uint32 private _coreCount;
    /// @dev Packed too, as every write asks the registry about this cluster. Never 0 once
    /// initialised (cluster ids start at 1), which is what marks an initialised clone: no
    /// Initializable slot is written.
    uint64 private _clusterId;

    /// @dev One slot per member (kind, role, node id, join time); the profile lives in events.
    /// A member that left keeps its slot with role None.
    mapping(address account => Member) private _members;
    /// @dev The current member at a node: zero for a partner node, for a node whose member left
    /// and for ids not yet used.
    mapping(uint64 nodeId => address account) private _accountOfNode;
    /// @dev linkId = index + 1, so that 0 never names a link.
    Link[] private _links;
    /// @dev Roles by time, written only when a member's role changes (and when an account comes
    /// back with another role than it left with, or with a history already). Whether an account
    /// was a member at a time is the seats' business (their join and leave history); an account
    /// without role history had one role all along, its current one or the one it left with, so
    /// members whose role never changes, departures included, pay nothing here (see roleAt).
    mapping(address account => Checkpoints.Trace208) private _roleHistory;

    /// @inheritdoc IMembership
    function registry() public view returns (address) {
        return _registry;
    }

    /// @inheritdoc IMembership
    function clusterId() public view returns (uint256) {
        return _clusterId;
    }

    modifier onlyCdo() {
        _requireCdo();
        _;
    }

    modifier onlyGovernor() {
        if (msg.sender != IClusterRegistry(_registry).componentOf(_clusterId, ComponentKinds.GOVERNOR)) revert NotGovernor(msg.sender);
        _;
    }

    modifier whenWritable() {
        _requireWritable();
        _;
    }

    /// @dev The implementation is only a template for clones; it can never be initialised itself.
    /// @param registry_ The platform's ClusterRegistry, shared by every clone.
    constructor(address registry_) {
        if (registry_ == address(0)) revert ZeroAddress();
        _registry = registry_;
        _template = address(this);
    }

    /// @inheritdoc IMembership
    /// @dev Called by the factory in the same transaction as the clone's creation, while the
    /// cluster is Forming, or Initiative for an initiative group (whose representatives are the
    /// founders; the same clone carries on as the cluster's Membership once the vote passed).
    /// Founders get node ids 1..n in order, partners the next ones.
    function initialize(
        address registry_,
        uint256 clusterId_,
        MemberInit[] calldata founders,
        string[] calldata partners,
        LinkInit[] calldata links
    ) external {
        if (address(this) == _template || _clusterId != 0) revert InvalidInitialization();
        if (registry_ != _registry) revert ForeignRegistry(registry_, _registry);
        uint8 status = uint8(IClusterRegistry(registry_).statusOf(clusterId_));
        if (status != uint8(IClusterRegistry.Status.Forming) && status != uint8(IClusterRegistry.Status.Initiative)) {
            revert ClusterNotWritable(clusterId_, status);
        }

        _clusterId = uint64(clusterId_); // statusOf accepted it, so it is a registered id: small
        _addNodes(founders, partners, links);
    }

    /// @inheritdoc IMembership
    /// @dev The caller must hold the registry's FACTORY_ROLE (NotFactory otherwise); Forming only.
    function addFoundingNodes(MemberInit[] calldata founders, string[] calldata partners, LinkInit[] calldata links)
        external
    {
        if (!IAccessControl(_registry).hasRole(FACTORY_ROLE, msg.sender)) revert NotFactory(msg.sender);
        IClusterRegistry.Status status = IClusterRegistry(_registry).statusOf(_clusterId);
        if (status != IClusterRegistry.Status.Forming) revert ClusterNotWritable(_clusterId, uint8(status));
        _addNodes(founders, partners, links);
    }

    // ---------------------------------------------------------------- members

    /// @inheritdoc IMembership
    /// @dev Only while the cluster's admission policy is CdoDecision (AdmissionPolicyForbids with
    /// the policy otherwise): under the vote policies members come in by a passed admission.
    /// Gives the member its seat, self-delegated (no receiver callback: nothing can re-enter).
    function addMember(address account, Profile calldata profile, Role role) external whenWritable onlyCdo {
        IClusterRegistry.AdmissionPolicy policy = IClusterRegistry(_registry).admissionPolicyOf(_clusterId);
        if (policy != IClusterRegistry.AdmissionPolicy.CdoDecision) revert AdmissionPolicyForbids(policy);
        _addMember(account, profile, role);
    }

    /// @inheritdoc IMembership
    /// @dev The same checks as addMember; the caller must be registry.componentOf(_clusterId, "Governor").
    function admit(address account, Profile calldata profile, Role role) external whenWritable onlyGovernor {
        _addMember(account, profile, role);
    }

    /// @inheritdoc IMembership
    /// @dev Emits MemberRoleChanged(account, role, None) and MemberRemoved; see _removeMember.
    function expel(address account) external whenWritable onlyGovernor {
        _removeMember(account);
    }

    /// @inheritdoc IMembership
    /// @dev The governor only (NotGovernor otherwise): a passed role proposal. Writes the member's
    /// role history, so running votes keep reading the role it had at their snapshot.
    function setRole(address account, Role role) external whenWritable onlyGovernor {
        Member storage m = _existingMember(account);
        if (role == Role.None) revert InvalidRole(role);
        Role from = m.role;
        if (from == role) return;
        if (from == Role.Core) --_coreCount;
        else if (role == Role.Core) ++_coreCount;
        _recordRole(account, m, role);
        m.role = role;
        emit MemberRoleChanged(account, from, role);
    }

    /// @inheritdoc IMembership
    /// @dev A caller other than `account` gets NotProfileOwner.
    function updateProfile(address account, string calldata name_, MemberKind kind, string calldata registrationCid)
        external
        whenWritable
    {
        Member storage m = _existingMember(account);
        if (msg.sender != account) revert NotProfileOwner(msg.sender, account);
        if (bytes(name_).length == 0) revert EmptyName();
        m.kind = kind;
        emit ProfileUpdated(account, name_, kind, registrationCid);
    }

    /// @inheritdoc IMembership
    /// @dev Members only, for themselves. An empty key clears it. Kept in the event only: no
    /// contract reads it, and documents are encrypted off chain by whoever reads the event.
    function setEncryptionKey(bytes calldata key) external whenWritable {
        _existingMember(msg.sender);
        emit EncryptionKeySet(msg.sender, key);
    }

    // ---------------------------------------------------------------- network

    /// @inheritdoc IMembership
    function addPartner(string calldata name_) external whenWritable onlyCdo returns (uint64 nodeId) {
        return _addPartner(name_);
    }

    /// @inheritdoc IMembership
    /// @dev Both ends must be existing nodes, distinct, and at least one a member: a link
    /// between two outside partners is not the cluster's business.
    function addLink(uint64 from, uint64 to, FlowKind kind, bool clusterActivity)
        external
        whenWritable
        onlyCdo
        returns (uint256 linkId)
    {
        return _addLink(from, to, kind, clusterActivity);
    }

    /// @inheritdoc IMembership
    /// @dev The link stays readable with `active == false`; removing it twice gives UnknownLink.
    function removeLink(uint256 linkId) external whenWritable onlyCdo {
        if (linkId == 0 || linkId > _links.length || !_links[linkId - 1].active) revert UnknownLink(linkId);
        _links[linkId - 1].active = false;
        emit LinkRemoved(linkId);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMembership
    /// @dev Reverts with NotMember for a non-member.
    function member(address account) external view returns (Member memory) {
        return _existingMember(account);
    }

    /// @inheritdoc IMembership
    function isMember(address account) public view returns (bool) {
        return _members[account].role != Role.None;
    }

    /// @inheritdoc IMembership
    function roleOf(address account) external view returns (Role) {
        return _members[account].role;
    }

    /// @inheritdoc IMembership
    /// @dev None when the account held no seat then (the seats' history); otherwise, without role
    /// history, its one role (current, or the one it left with), and with one, the role in force.
    function roleAt(address account, uint256 timepoint) external view returns (Role) {
        uint48 at = _pastTimepoint(timepoint);
        if (_votesAt(account, at) == 0) return Role.None;
        Checkpoints.Trace208 storage history = _roleHistory[account];
        if (history.length() == 0) {
            Member storage m = _members[account];
            return m.role != Role.None ? m.role : m.formerRole;
        }
        return Role(uint8(history.upperLookupRecent(at)));
    }

    /// @inheritdoc IMembership
    function memberCount() external view returns (uint256) {
        return _seatTotal();
    }

    /// @inheritdoc IMembership
    function coreCount() external view returns (uint256) {
        return _coreCount;
    }

    /// @inheritdoc IMembership
    /// @dev Removed links included (active == false); reverts with UnknownLink for an unused id.
    function link(uint256 linkId) external view returns (Link memory) {
        if (linkId == 0 || linkId > _links.length) revert UnknownLink(linkId);
        return _links[linkId - 1];
    }

    /// @inheritdoc IMembership
    function linkCount() external view returns (uint256) {
        return _links.length;
    }

    // ---------------------------------------------------------------- seats

    /// @notice The seat token's name.
    function name() external pure returns (string memory) {
        return SEAT_NAME;
    }

    /// @notice The seat token's symbol.
    function symbol() external pure returns (string memory) {
        return SEAT_SYMBOL;
    }

    /// @dev A member's seat is its node id, taken when it joined.
    function _seatOf(address account) internal view override returns (uint256 seatId, uint48 since) {
        Member storage m = _members[account];
        if (m.role == Role.None) return (0, 0);
        return (m.nodeId, uint48(m.joinedAt));
    }

    /// @dev Only current members are in _accountOfNode; ids beyond uint64 name no node.
    function _holderOf(uint256 seatId) internal view override returns (address) {
        if (seatId > type(uint64).max) return address(0);
        return _accountOfNode[uint64(seatId)];
    }

    // ---------------------------------------------------------------- internals

    function _addMember(address account, Profile calldata profile, Role role) private {
        if (account == address(0)) revert ZeroAddress();
        if (isMember(account)) revert AlreadyMember(account);
        if (role == Role.None) revert InvalidRole(role);
        if (bytes(profile.name).length == 0) revert EmptyName();

        uint64 nodeId = ++nodeCount;
        _accountOfNode[nodeId] = account;
        Role former = _members[account].formerRole;
        _members[account] = Member({
            kind: profile.kind,
            role: role,
            nodeId: nodeId,
            joinedAt: uint64(block.timestamp),
            formerRole: former
        });
        if (role == Role.Core) ++_coreCount;
        // A comeback needs role history only if the account's roles differ over time. A first
        // admission (no former role: it never left, so it has no history) reads none of it.
        if (former != Role.None) {
            Checkpoints.Trace208 storage history = _roleHistory[account];
            if (history.length() != 0) {
                history.push(clock(), uint208(uint8(role)));
            } else if (former != role) {
                history.push(0, uint208(uint8(former)));
                history.push(clock(), uint208(uint8(role)));
            }
        }
        emit MemberAdded(account, nodeId, profile.name, profile.kind, role, profile.registrationCid);
        if (profile.encryptionKey.length != 0) emit EncryptionKeySet(account, profile.encryptionKey);
        _addSeat(account, nodeId);
    }

    /// @dev A passed expulsion (Membership.expel): the seat is given up
    /// with its vote history kept; the node and its links stay, but the node no longer names an
    /// account (on chain it now reads like a partner's); the slot keeps kind, node id and join
    /// time with role None. A later addMember admits the account again with a new node id.
    function _removeMember(address account) internal {
        Member storage m = _existingMember(account);
        Role from = m.role;
        _removeSeat(account);
        delete _accountOfNode[m.nodeId];
        m.formerRole = from;
        m.role = Role.None;
        if (from == Role.Core) --_coreCount;
        emit MemberRoleChanged(account, from, Role.None);
        emit MemberRemoved(account, m.nodeId);
    }

    /// @dev Call before `m.role` changes to `to`. The first entry (at time 0: the seats say since
    /// when the account is a member) is the role it had all along until now.
    function _recordRole(address account, Member storage m, Role to) private {
        Checkpoints.Trace208 storage history = _roleHistory[account];
        if (history.length() == 0) history.push(0, uint208(uint8(m.role)));
        history.push(clock(), uint208(uint8(to)));
    }

    function _addNodes(MemberInit[] calldata founders, string[] calldata partners, LinkInit[] calldata links) private {
        for (uint256 i = 0; i < founders.length; ++i) {
            _addMember(founders[i].account, founders[i].profile, founders[i].role);
        }
        for (uint256 i = 0; i < partners.length; ++i) {
            _addPartner(partners[i]);
        }
        for (uint256 i = 0; i < links.length; ++i) {
            _addLink(links[i].from, links[i].to, links[i].kind, links[i].clusterActivity);
        }
    }

    function _addPartner(string calldata name_) private returns (uint64 nodeId) {
        if (bytes(name_).length == 0) revert EmptyName();
        nodeId = ++nodeCount;
        emit PartnerAdded(nodeId, name_);
    }

    function _addLink(uint64 from, uint64 to, FlowKind kind, bool clusterActivity) private returns (uint256 linkId) {
        uint64 nodes = nodeCount;
        if (from == 0 || from > nodes) revert UnknownNode(from);
        if (to == 0 || to > nodes) revert UnknownNode(to);
        if (from == to) revert SelfLink(from);
        if (!isMember(_accountOfNode[from]) && !isMember(_accountOfNode[to])) revert PartnersOnlyLink(from, to);

        _links.push(Link({from: from, to: to, kind: kind, clusterActivity: clusterActivity, active: true}));
        linkId = _links.length;
        emit LinkAdded(linkId, from, to, kind, clusterActivity);
    }

    function _existingMember(address account) private view returns (Member storage m) {
        m = _members[account];
        if (m.role == Role.None) revert NotMember(account);
    }

    function _requireCdo() private view {
        if (msg.sender != IClusterRegistry(_registry).cdoOf(_clusterId)) revert NotCdo(msg.sender);
    }

    function _requireWritable() private view {
        IClusterRegistry.Status status = IClusterRegistry(_registry).statusOf(_clusterId);
        if (status != IClusterRegistry.Status.Forming && status != IClusterRegistry.Status.Active) {
            revert ClusterNotWritable(_clusterId, uint8(status));
        }
    }
}
