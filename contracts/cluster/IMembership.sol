// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterRegistry} from "../platform/IClusterRegistry.sol";

/// @title A cluster's members, their soulbound voting seats and the cluster's network of links.
/// @dev Nodes of the network are members and named external partners, numbered from 1 in one
/// sequence; a member's node id is also the token id of its voting seat.
interface IMembership {
    enum MemberKind {
        Enterprise,
        RnDCentre,
        University,
        ServiceProvider,
        Other
    }

    /// @dev None marks a non-member (or an expelled one).
    enum Role {
        None,
        Participant,
        Core
    }

    /// @dev The three kinds of value an arrow of the concept's figure 1 carries.
    enum FlowKind {
        Material,
        Intellectual,
        Service
    }

    struct Profile {
        string name;
        MemberKind kind;
        string registrationCid;
        bytes encryptionKey;
    }

    /// @dev What the chain keeps of a member. The profile's name, registration CID and
    /// encryption key live in events (MemberAdded, ProfileUpdated, EncryptionKeySet), which the
    /// backend indexes: keeping those strings in storage cost over 100k gas per admission.
    struct Member {
        MemberKind kind;
        Role role;
        uint64 nodeId;
        uint64 joinedAt;
        // The role it had when it last left (None if it never left): kept in the same slot, so a
        // departure costs no role-history write (see Membership.roleAt).
        Role formerRole;
    }

    struct MemberInit {
        address account;
        Profile profile;
        Role role;
    }

    struct Link {
        uint64 from;
        uint64 to;
        FlowKind kind;
        bool clusterActivity;
        bool active;
    }

    struct LinkInit {
        uint64 from;
        uint64 to;
        FlowKind kind;
        bool clusterActivity;
    }

    event MemberAdded(
        address indexed account,
        uint64 indexed nodeId,
        string name,
        MemberKind kind,
        Role role,
        string registrationCid
    );
    event MemberRoleChanged(address indexed account, Role from, Role to);
    event ProfileUpdated(address indexed account, string name, MemberKind kind, string registrationCid);
    event EncryptionKeySet(address indexed account, bytes key);
    event PartnerAdded(uint64 indexed nodeId, string name);
    event LinkAdded(uint256 indexed linkId, uint64 indexed from, uint64 indexed to, FlowKind kind, bool clusterActivity);
    event LinkRemoved(uint256 indexed linkId);
    /// @dev A member left (expelled by the cluster's vote); its seat is burnt, its node stays.
    event MemberRemoved(address indexed account, uint64 indexed nodeId);

    error NotCdo(address caller);
    error NotMember(address account);
    error AlreadyMember(address account);
    error InvalidRole(Role role);
    error EmptyName();
    error ZeroAddress();
    /// @dev A clone was initialised with a registry other than its implementation's.
    error ForeignRegistry(address given, address expected);
    error UnknownNode(uint64 nodeId);
    error UnknownLink(uint256 linkId);
    error SelfLink(uint64 nodeId);
    error PartnersOnlyLink(uint64 from, uint64 to);
    error SeatNotTransferable(uint256 seatId);
    error DelegationLocked(address account, address delegatee);
    error ClusterNotWritable(uint256 clusterId, uint8 status);
    error NotGovernor(address caller);
    error NotFactory(address caller);
    /// @dev The CDO admits directly only under the CdoDecision policy; the others are votes.
    error AdmissionPolicyForbids(IClusterRegistry.AdmissionPolicy policy);
    /// @dev A member's profile is its own: nobody else, the CDO included, may rewrite it.
    error NotProfileOwner(address caller, address account);

    /// @notice Initialises a fresh clone with its founding members, partners and links.
    function initialize(
        address registry,
        uint256 clusterId,
        MemberInit[] calldata founders,
        string[] calldata partners,
        LinkInit[] calldata links
    ) external;

    /// @notice Adds a member with a voting seat (the cluster's CDO, only under the CdoDecision policy).
    function addMember(address account, Profile calldata profile, Role role) external;

    /// @notice Admits a member with a voting seat (the cluster's Governor only: a passed admission).
    function admit(address account, Profile calldata profile, Role role) external;

    /// @notice Removes a member and its seat (the cluster's Governor only: a passed expulsion).
    function expel(address account) external;

    /// @notice Adds founders, partners and links when an approved initiative's cluster is deployed
    /// (the registry's factory only, while Forming); node ids continue after the group's.
    function addFoundingNodes(MemberInit[] calldata founders, string[] calldata partners, LinkInit[] calldata links)
        external;

    /// @notice Changes a member's role between participant and core (the cluster's Governor only:
    /// a passed role proposal).
    function setRole(address account, Role role) external;

    /// @notice Updates a member's public profile (the member itself only).
    function updateProfile(address account, string calldata name, MemberKind kind, string calldata registrationCid)
        external;

    /// @notice Sets the caller's encryption public key, used to wrap document keys for it.
    function setEncryptionKey(bytes calldata key) external;

    /// @notice Adds a named external partner outside the cluster boundary (the CDO only).
    function addPartner(string calldata name) external returns (uint64 nodeId);

    /// @notice Adds a directed link between two nodes (the CDO only).
    function addLink(uint64 from, uint64 to, FlowKind kind, bool clusterActivity) external returns (uint256 linkId);

    /// @notice Removes a link (the CDO only).
    function removeLink(uint256 linkId) external;

    function registry() external view returns (address);
    function clusterId() external view returns (uint256);
    function member(address account) external view returns (Member memory);
    function isMember(address account) external view returns (bool);
    function roleOf(address account) external view returns (Role);
    /// @notice The role `account` had at the end of `timepoint` (a past unix time; None when it was
    /// no member then). Reverts with ERC5805FutureLookup for the current second or later.
    function roleAt(address account, uint256 timepoint) external view returns (Role);
    function memberCount() external view returns (uint256);
    /// @notice The number of current core members.
    function coreCount() external view returns (uint256);
    function nodeCount() external view returns (uint64);
    function link(uint256 linkId) external view returns (Link memory);
    function linkCount() external view returns (uint256);
}
