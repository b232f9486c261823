// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterGate} from "../cluster/IClusterGate.sol";
import {IMembership} from "../cluster/IMembership.sol";

/// @title Agreements between a cluster's members: terms, milestones, signatures, obligations.
/// @notice Life of an agreement: Draft -> (every party signs version 1) -> Active ->
/// (every milestone accepted) -> Completed. From Draft, Active or Disputed, every party asking
/// for it -> Terminated. From Active any party may raise a dispute -> Disputed (others may join
/// it); from there every party resolving it -> Active again, or Completed if no milestone is
/// left open (or every party terminating -> Terminated). A dispute freezes only the milestones
/// whose deliverer or payer raised it; the other pairs go on delivering and accepting.
/// An amendment is a new version of the terms and milestones, proposed by a party while Active
/// and put in force when every party signed it: then the milestones not yet accepted are
/// superseded by the amendment's. A newer proposal replaces one still collecting signatures and
/// reuses its milestone indices, so only versions in force use up the milestone budget.
/// An accepted milestone becomes a payment obligation (payer -> deliverer) that the cluster's
/// clearing contract pulls through `paymentObligation` and `obligationCount`.
/// @dev Signatures are EIP-712 in this clone's domain ("Cluster Agreements", "1"):
/// `AgreementApproval(uint256 agreementId,uint32 version,Terms terms)` with
/// `Terms(bytes32 termsCid,bytes32 termsHash,uint256 totalValue,Milestone[] milestones)` and
/// `Milestone(address deliverer,address payer,uint256 amount,uint64 dueDate)`, so a wallet shows
/// the whole version it approves; `AgreementTermination(uint256 agreementId)` for termination.
/// Each party's approval counts once per version; a signature for another version never verifies.
interface IAgreementRegistry is IClusterGate {
    enum AgreementKind {
        Supply,
        RnD,
        Licence,
        Services,
        Other
    }

    /// @dev None marks an unknown id.
    enum AgreementStatus {
        None,
        Draft,
        Active,
        Disputed,
        Completed,
        Terminated
    }

    /// @dev Proposed: part of a version still collecting signatures. Superseded: replaced by an
    /// amendment (or its proposal by a newer one) before being accepted.
    enum MilestoneStatus {
        None,
        Proposed,
        Pending,
        Delivered,
        Accepted,
        Superseded
    }

    /// @dev Deliverer and payer are two different parties; amount > 0 and below 2^128.
    struct Milestone {
        address deliverer;
        address payer;
        uint256 amount;
        uint64 dueDate;
    }

    /// @param termsCid The SHA-256 digest inside the terms document's CIDv0 (as in DocumentRegistry).
    /// @param termsHash SHA-256 of the terms document's plaintext.
    struct Terms {
        bytes32 termsCid;
        bytes32 termsHash;
        uint256 totalValue;
        Milestone[] milestones;
    }

    struct MilestoneState {
        address deliverer;
        address payer;
        uint256 amount;
        uint64 dueDate;
        uint32 version;
        MilestoneStatus status;
    }

    /// @dev The terms themselves are in VersionProposed events; `termsDigest` (the EIP-712 hash
    /// of the Terms) lets anyone check an event's terms against what the parties signed.
    struct Agreement {
        AgreementKind kind;
        AgreementStatus status;
        /// The version in force (0 while Draft).
        uint32 version;
        /// The version collecting signatures (0 if none).
        uint32 proposedVersion;
        bytes32 termsDigest;
        bytes32 proposedTermsDigest;
        address[] parties;
        uint256 milestoneCount;
        /// Milestones in force not yet accepted.
        uint256 openMilestones;
    }

    struct PaymentObligation {
        uint256 agreementId;
        uint256 milestoneIndex;
        address payer;
        address payee;
        uint256 amount;
        uint64 dueDate;
    }

    event AgreementCreated(uint256 indexed agreementId, address indexed creator, AgreementKind kind, address[] parties);
    /// @param firstMilestoneIndex Index of the first of `milestones` in the agreement's milestone list.
    event VersionProposed(
        uint256 indexed agreementId,
        uint32 indexed version,
        address indexed proposer,
        bytes32 termsCid,
        bytes32 termsHash,
        uint256 totalValue,
        Milestone[] milestones,
        uint256 firstMilestoneIndex,
        bytes32 termsDigest
    );
    event AgreementSigned(uint256 indexed agreementId, uint32 indexed version, address indexed party);
    /// @dev Every party signed `version`: it is in force, its Proposed milestones are Pending and
    /// the earlier milestones not accepted were superseded (each announced by MilestoneSuperseded).
    event VersionApproved(uint256 indexed agreementId, uint32 indexed version);
    event AgreementStatusChanged(uint256 indexed agreementId, AgreementStatus from, AgreementStatus to);
    /// @dev The agreement came into force: its parties are linked by `flowKind` on the cluster's
    /// network graph (from each milestone's deliverer to its payer) until it is Completed or Terminated.
    event AgreementActivated(uint256 indexed agreementId, IMembership.FlowKind flowKind, address[] parties);
    event MilestoneSuperseded(uint256 indexed agreementId, uint256 indexed milestoneIndex, uint32 byVersion);
    event MilestoneDelivered(uint256 indexed agreementId, uint256 indexed milestoneIndex, address indexed deliverer);
    event MilestoneAccepted(
        uint256 indexed agreementId, uint256 indexed milestoneIndex, address indexed payer, uint256 obligationId
    );
    event PaymentObligationCreated(
        uint256 indexed obligationId,
        uint256 indexed agreementId,
        address indexed payer,
        address payee,
        uint256 amount,
        uint64 dueDate
    );
    event TerminationRequested(uint256 indexed agreementId, address indexed party);
    event DisputeRaised(uint256 indexed agreementId, address indexed party, bytes32 reasonCid);
    event ResolutionSigned(uint256 indexed agreementId, address indexed party);

    error EmptyField(string field);
    error InvalidPartyCount(uint256 count);
    error DuplicateParty(address party);
    error NoMilestones();
    error TooManyMilestones(uint256 count, uint256 max);
    error MilestonePartyUnknown(uint256 index, address account);
    error SelfMilestone(uint256 index, address party);
    error InvalidAmount(uint256 index, uint256 amount);
    error UnknownAgreement(uint256 agreementId);
    error InvalidAgreementStatus(uint256 agreementId, AgreementStatus status);
    error NotParty(uint256 agreementId, address account);
    error NothingToSign(uint256 agreementId);
    error VersionMismatch(uint256 agreementId, uint32 expected, uint32 given);
    error AlreadySigned(uint256 agreementId, uint32 version, address party);
    error InvalidSignature(uint256 agreementId, address party);
    error TerminationAlreadyRequested(uint256 agreementId, address party);
    error ResolutionAlreadySigned(uint256 agreementId, address party);
    error UnknownMilestone(uint256 agreementId, uint256 milestoneIndex);
    error InvalidMilestoneStatus(uint256 agreementId, uint256 milestoneIndex, MilestoneStatus status);
    error NotDeliverer(uint256 agreementId, uint256 milestoneIndex, address account);
    error NotPayer(uint256 agreementId, uint256 milestoneIndex, address account);
    error UnknownObligation(uint256 obligationId);
    /// @dev `party`, the milestone's deliverer or payer, raised the open dispute: the milestone waits for its resolution.
    error MilestoneInDispute(uint256 agreementId, uint256 milestoneIndex, address party);
    /// @dev `party` already raised the open dispute.
    error AlreadyDisputing(uint256 agreementId, address party);

    /// @notice Proposes an agreement (a Draft, version 1) between members; the caller must be a party.
    /// @dev Creating does not sign: every party, the creator too, signs version 1. Ids from 1.
    function create(AgreementKind kind, address[] calldata parties, Terms calldata terms)
        external
        returns (uint256 agreementId);

    /// @notice Signs `version` (the one collecting signatures) as the caller, a party.
    /// @dev The last signature puts the version in force (a Draft becomes Active).
    function sign(uint256 agreementId, uint32 version) external;

    /// @notice Records `party`'s EIP-712 approval of `version`; anyone may submit it.
    function signBySig(uint256 agreementId, uint32 version, address party, bytes calldata signature) external;

    /// @notice Proposes an amendment of an active agreement (a party only); returns its version.
    function proposeAmendment(uint256 agreementId, Terms calldata terms) external returns (uint32 version);

    /// @notice Marks a pending milestone delivered (its deliverer only).
    function markDelivered(uint256 agreementId, uint256 milestoneIndex) external;

    /// @notice Accepts a delivered milestone (its payer only), creating a payment obligation.
    function acceptMilestone(uint256 agreementId, uint256 milestoneIndex) external returns (uint256 obligationId);

    /// @notice Raises (or joins) a dispute about an active or disputed agreement (a party only),
    /// with the CID digest of a reason document; the milestones the caller delivers or pays wait for its resolution.
    function raiseDispute(uint256 agreementId, bytes32 reasonCid) external;

    /// @notice Agrees, as a party, that the dispute is resolved; the last party's agreement makes it
    /// Active again (Completed if no milestone is left open).
    function resolveDispute(uint256 agreementId) external;

    /// @notice Asks, as a party, to terminate the agreement; the last party's request terminates it.
    function terminate(uint256 agreementId) external;

    /// @notice Records `party`'s EIP-712 termination request; anyone may submit it.
    function terminateBySig(uint256 agreementId, address party, bytes calldata signature) external;

    /// @notice The agreement; reverts with UnknownAgreement for an unused id.
    function agreement(uint256 agreementId) external view returns (Agreement memory);

    /// @notice One of an agreement's milestones (indices from 0, across all versions).
    function milestone(uint256 agreementId, uint256 milestoneIndex) external view returns (MilestoneState memory);

    /// @notice A party's standing votes: approval of the version collecting signatures,
    /// termination request, resolution of the current dispute.
    function votesOf(uint256 agreementId, address party)
        external
        view
        returns (bool signed, bool terminating, bool resolving);

    /// @notice The payment obligation `obligationId` (ids from 1); reverts with UnknownObligation otherwise.
    function paymentObligation(uint256 obligationId) external view returns (PaymentObligation memory);

    /// @notice How many payment obligations exist (ids run from 1 to this).
    function obligationCount() external view returns (uint256);

    /// @notice How many agreements were created (ids run from 1 to this).
    function agreementCount() external view returns (uint256);

    /// @notice The network-graph flow kind of an agreement kind.
    function flowKindOf(AgreementKind kind) external pure returns (IMembership.FlowKind);
}
