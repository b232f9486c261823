// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";
import {IMembership} from "../cluster/IMembership.sol";
import {ClusterGate} from "../cluster/ClusterGate.sol";
import {IAgreementRegistry} from "./IAgreementRegistry.sol";

/// @title Agreements between a cluster's members, their milestones and payment obligations.
/// @notice One clone per cluster (component kind "Agreements"). Writes need the cluster's
/// "smart-contracts" service enabled and the cluster Active; while it is Dissolving parties can
/// still dispute, resolve and terminate, but nothing new is agreed and no obligation arises.
/// @dev Parties are stored once per agreement and named by their index (a party bitmap per vote
/// kind, a one-slot milestone); party lookups scan at most MAX_PARTIES addresses.
contract AgreementRegistry is ClusterGate, EIP712Upgradeable, IAgreementRegistry {
    /// @notice The most parties an agreement can have (votes are 32-bit party bitmaps).
    uint256 public constant MAX_PARTIES = 32;
    /// @notice The most milestones an agreement can accumulate over all its versions.
    uint256 public constant MAX_MILESTONES = 128;

    string private constant SERVICE = "smart-contracts";
    string private constant SIGNING_NAME = "Cluster Agreements";
    string private constant SIGNING_VERSION = "1";
    bytes32 private constant MILESTONE_TYPEHASH =
        keccak256("Milestone(address deliverer,address payer,uint256 amount,uint64 dueDate)");
    bytes32 private constant TERMS_TYPEHASH = keccak256(
        "Terms(bytes32 termsCid,bytes32 termsHash,uint256 totalValue,Milestone[] milestones)"
        "Milestone(address deliverer,address payer,uint256 amount,uint64 dueDate)"
    );
    bytes32 private constant APPROVAL_TYPEHASH = keccak256(
        "AgreementApproval(uint256 agreementId,uint32 version,Terms terms)"
        "Milestone(address deliverer,address payer,uint256 amount,uint64 dueDate)"
        "Terms(bytes32 termsCid,bytes32 termsHash,uint256 totalValue,Milestone[] milestones)"
    );
    bytes32 private constant TERMINATION_TYPEHASH = keccak256("AgreementTermination(uint256 agreementId)");

    /// @dev One slot of counters and votes, then the two term digests.
    struct Record {
        AgreementKind kind;
        AgreementStatus status;
        uint8 partyCount;
        uint32 version;
        uint32 proposedVersion;
        uint32 signedMask;
        uint32 terminationMask;
        uint32 resolutionMask;
        /// Parties that raised the open dispute: only their milestones are frozen by it.
        uint32 disputeMask;
        /// At most MAX_MILESTONES (128), so one byte each.
        uint8 milestoneCount;
        uint8 openMilestones;
        /// Index of the first milestone of the version collecting signatures.
        uint8 proposedFrom;
        bytes32 termsDigest;
        bytes32 proposedTermsDigest;
        mapping(uint256 index => address) parties;
        mapping(uint256 index => StoredMilestone) milestones;
    }

    /// @dev One slot: parties by index, amount below 2^128.
    struct StoredMilestone {
        uint8 deliverer;
        uint8 payer;
        MilestoneStatus status;
        uint32 version;
        uint64 dueDate;
        uint128 amount;
    }

    /// @dev An obligation is its accepted milestone, which never changes again.
    struct StoredObligation {
        uint128 agreementId;
        uint128 milestoneIndex;
    }

    /// @dev Declared first, so it packs into ClusterGate's slot, which every write reads anyway.
    uint48 private _agreementCount;
    uint256 private _obligationCount;
    mapping(uint256 agreementId => Record) private _agreements;
    mapping(uint256 obligationId => StoredObligation) private _obligations;

    /// @dev The implementation is only a template for clones; it can never be initialised itself.
    /// @param registry_ The platform's ClusterRegistry (see ClusterGate).
    constructor(address registry_) ClusterGate(registry_) {}

    /// @inheritdoc IClusterComponent
    /// @dev Called by the factory after the cluster's Membership is attached.
    function initialize(address registry_, uint256 clusterId_) external {
        _initGate(registry_, clusterId_);
    }

    // ---------------------------------------------------------------- agreeing

    /// @inheritdoc IAgreementRegistry
    /// @dev Every party must be a member, listed once; 2 to MAX_PARTIES parties; at least one milestone.
    function create(AgreementKind kind, address[] calldata parties, Terms calldata terms)
        external
        returns (uint256 agreementId)
    {
        _requireOpen(false);
        uint256 n = parties.length;
        if (n < 2 || n > MAX_PARTIES) revert InvalidPartyCount(n);
        if (terms.milestones.length == 0) revert NoMilestones();

        agreementId = ++_agreementCount;
        Record storage r = _agreements[agreementId];
        bool callerIsParty;
        for (uint256 i = 0; i < n; ++i) {
            address party = parties[i];
            _requireMember(party);
            for (uint256 j = 0; j < i; ++j) {
                if (parties[j] == party) revert DuplicateParty(party);
            }
            r.parties[i] = party;
            if (party == msg.sender) callerIsParty = true;
        }
        if (!callerIsParty) revert NotParty(agreementId, msg.sender);
        r.kind = kind;
        r.status = AgreementStatus.Draft;
        r.partyCount = uint8(n);
        emit AgreementCreated(agreementId, msg.sender, kind, parties);
        emit AgreementStatusChanged(agreementId, AgreementStatus.None, AgreementStatus.Draft);
        _propose(agreementId, r, terms);
    }

    /// @inheritdoc IAgreementRegistry
    function sign(uint256 agreementId, uint32 version) external {
        _requireOpen(false);
        _sign(agreementId, version, msg.sender);
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev The signature is checked after the vote is recorded (a revert undoes it), so a replay
    /// reports AlreadySigned and a signature of another version VersionMismatch or InvalidSignature.
    function signBySig(uint256 agreementId, uint32 version, address party, bytes calldata signature) external {
        _requireOpen(false);
        bytes32 digest = _sign(agreementId, version, party);
        bytes32 structHash = keccak256(abi.encode(APPROVAL_TYPEHASH, agreementId, version, digest));
        _requireSignature(agreementId, party, structHash, signature);
    }

    /// @inheritdoc IAgreementRegistry
    function proposeAmendment(uint256 agreementId, Terms calldata terms) external returns (uint32 version) {
        _requireOpen(false);
        Record storage r = _inStatus(agreementId, AgreementStatus.Active);
        _partyIndex(agreementId, r, msg.sender);
        version = _propose(agreementId, r, terms);
    }

    // ---------------------------------------------------------------- milestones

    /// @inheritdoc IAgreementRegistry
    /// @dev Also while Disputed, for a milestone neither of whose parties raised the dispute.
    function markDelivered(uint256 agreementId, uint256 milestoneIndex) external {
        _requireOpen(false);
        Record storage r = _performing(agreementId);
        StoredMilestone storage m = _milestoneIn(agreementId, r, milestoneIndex, MilestoneStatus.Pending);
        _requireUndisputed(agreementId, r, milestoneIndex, m);
        if (r.parties[m.deliverer] != msg.sender) revert NotDeliverer(agreementId, milestoneIndex, msg.sender);
        m.status = MilestoneStatus.Delivered;
        emit MilestoneDelivered(agreementId, milestoneIndex, msg.sender);
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev Also while Disputed, for a milestone neither of whose parties raised the dispute. The
    /// last open milestone accepted completes an active agreement; a disputed one completes when
    /// its dispute is resolved.
    function acceptMilestone(uint256 agreementId, uint256 milestoneIndex) external returns (uint256 obligationId) {
        _requireOpen(false);
        Record storage r = _performing(agreementId);
        StoredMilestone storage m = _milestoneIn(agreementId, r, milestoneIndex, MilestoneStatus.Delivered);
        _requireUndisputed(agreementId, r, milestoneIndex, m);
        if (r.parties[m.payer] != msg.sender) revert NotPayer(agreementId, milestoneIndex, msg.sender);
        m.status = MilestoneStatus.Accepted;
        obligationId = ++_obligationCount;
        _obligations[obligationId] =
            StoredObligation({agreementId: uint128(agreementId), milestoneIndex: uint128(milestoneIndex)});
        emit MilestoneAccepted(agreementId, milestoneIndex, msg.sender, obligationId);
        emit PaymentObligationCreated(
            obligationId, agreementId, msg.sender, r.parties[m.deliverer], m.amount, m.dueDate
        );
        if (--r.openMilestones == 0 && r.status == AgreementStatus.Active) {
            _setStatus(agreementId, r, AgreementStatus.Completed);
        }
    }

    // ---------------------------------------------------------------- disputes and termination

    /// @inheritdoc IAgreementRegistry
    /// @dev Allowed while the cluster is Dissolving. Another party may join an open dispute with
    /// its own reason. Either way a fresh round of resolution votes starts. Only the milestones
    /// whose deliverer or payer raised the dispute are frozen: a third party cannot hold up
    /// another pair's milestone.
    function raiseDispute(uint256 agreementId, bytes32 reasonCid) external {
        _requireOpen(true);
        Record storage r = _performing(agreementId);
        uint32 bit = _partyBit(agreementId, r, msg.sender);
        if (reasonCid == bytes32(0)) revert EmptyField("reasonCid");
        if (r.disputeMask & bit != 0) revert AlreadyDisputing(agreementId, msg.sender);
        r.disputeMask |= bit;
        r.resolutionMask = 0;
        emit DisputeRaised(agreementId, msg.sender, reasonCid);
        if (r.status == AgreementStatus.Active) _setStatus(agreementId, r, AgreementStatus.Disputed);
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev Allowed while the cluster is Dissolving.
    function resolveDispute(uint256 agreementId) external {
        _requireOpen(true);
        Record storage r = _inStatus(agreementId, AgreementStatus.Disputed);
        uint32 bit = _partyBit(agreementId, r, msg.sender);
        if (r.resolutionMask & bit != 0) revert ResolutionAlreadySigned(agreementId, msg.sender);
        uint32 mask = r.resolutionMask | bit;
        r.resolutionMask = mask;
        emit ResolutionSigned(agreementId, msg.sender);
        if (mask == _everyone(r)) {
            r.resolutionMask = 0;
            r.disputeMask = 0;
            _setStatus(agreementId, r, AgreementStatus.Active);
            if (r.openMilestones == 0) _setStatus(agreementId, r, AgreementStatus.Completed);
        }
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev From Draft, Active or Disputed; allowed while the cluster is Dissolving. A request
    /// stands until the agreement ends.
    function terminate(uint256 agreementId) external {
        _requireOpen(true);
        _terminate(agreementId, msg.sender);
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev A replay reports TerminationAlreadyRequested (or the terminated status).
    function terminateBySig(uint256 agreementId, address party, bytes calldata signature) external {
        _requireOpen(true);
        _terminate(agreementId, party);
        _requireSignature(agreementId, party, keccak256(abi.encode(TERMINATION_TYPEHASH, agreementId)), signature);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAgreementRegistry
    function agreement(uint256 agreementId) external view returns (Agreement memory a) {
        Record storage r = _existing(agreementId);
        a = Agreement({
            kind: r.kind,
            status: r.status,
            version: r.version,
            proposedVersion: r.proposedVersion,
            termsDigest: r.termsDigest,
            proposedTermsDigest: r.proposedTermsDigest,
            parties: _partiesOf(r),
            milestoneCount: r.milestoneCount,
            openMilestones: r.openMilestones
        });
    }

    /// @inheritdoc IAgreementRegistry
    function milestone(uint256 agreementId, uint256 milestoneIndex) external view returns (MilestoneState memory) {
        Record storage r = _existing(agreementId);
        if (milestoneIndex >= r.milestoneCount) revert UnknownMilestone(agreementId, milestoneIndex);
        StoredMilestone storage m = r.milestones[milestoneIndex];
        return MilestoneState({
            deliverer: r.parties[m.deliverer],
            payer: r.parties[m.payer],
            amount: m.amount,
            dueDate: m.dueDate,
            version: m.version,
            status: m.status
        });
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev Reverts with NotParty for a non-party.
    function votesOf(uint256 agreementId, address party)
        external
        view
        returns (bool signed, bool terminating, bool resolving)
    {
        Record storage r = _existing(agreementId);
        uint32 bit = _partyBit(agreementId, r, party);
        return (r.signedMask & bit != 0, r.terminationMask & bit != 0, r.resolutionMask & bit != 0);
    }

    /// @inheritdoc IAgreementRegistry
    function paymentObligation(uint256 obligationId) external view returns (PaymentObligation memory) {
        if (obligationId == 0 || obligationId > _obligationCount) revert UnknownObligation(obligationId);
        StoredObligation storage o = _obligations[obligationId];
        Record storage r = _agreements[o.agreementId];
        StoredMilestone storage m = r.milestones[o.milestoneIndex];
        return PaymentObligation({
            agreementId: o.agreementId,
            milestoneIndex: o.milestoneIndex,
            payer: r.parties[m.payer],
            payee: r.parties[m.deliverer],
            amount: m.amount,
            dueDate: m.dueDate
        });
    }

    /// @inheritdoc IAgreementRegistry
    function obligationCount() external view returns (uint256) {
        return _obligationCount;
    }

    /// @inheritdoc IAgreementRegistry
    function agreementCount() external view returns (uint256) {
        return _agreementCount;
    }

    /// @inheritdoc IAgreementRegistry
    /// @dev Supply carries material goods; R&D and licences intellectual value; the rest services.
    function flowKindOf(AgreementKind kind) public pure returns (IMembership.FlowKind) {
        if (kind == AgreementKind.Supply) return IMembership.FlowKind.Material;
        if (kind == AgreementKind.RnD || kind == AgreementKind.Licence) return IMembership.FlowKind.Intellectual;
        return IMembership.FlowKind.Service;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Records a version's terms as the one collecting signatures. Milestones are stored now
    /// (status Proposed) so that putting the version in force needs nothing but the signatures.
    /// A proposal it replaces was never in force: its milestone indices are reused, so only
    /// versions every party signed use up the MAX_MILESTONES budget and no party can exhaust it
    /// alone by proposing amendments.
    function _propose(uint256 agreementId, Record storage r, Terms calldata terms) private returns (uint32 version) {
        if (terms.termsCid == bytes32(0)) revert EmptyField("termsCid");
        if (terms.termsHash == bytes32(0)) revert EmptyField("termsHash");
        uint32 pending = r.proposedVersion;
        uint256 from = pending != 0 ? r.proposedFrom : r.milestoneCount;
        uint256 total = from + terms.milestones.length;
        if (total > MAX_MILESTONES) revert TooManyMilestones(total, MAX_MILESTONES);
        version = (pending != 0 ? pending : r.version) + 1;
        r.milestoneCount = uint8(from);

        bytes32[] memory hashes = new bytes32[](terms.milestones.length);
        for (uint256 i = 0; i < hashes.length; ++i) {
            hashes[i] = _storeMilestone(r, from + i, version, terms.milestones[i]);
        }
        bytes32 digest = keccak256(
            abi.encode(
                TERMS_TYPEHASH, terms.termsCid, terms.termsHash, terms.totalValue, keccak256(abi.encodePacked(hashes))
            )
        );
        r.milestoneCount = uint8(total);
        r.proposedFrom = uint8(from);
        r.proposedVersion = version;
        r.proposedTermsDigest = digest;
        r.signedMask = 0;
        emit VersionProposed(
            agreementId,
            version,
            msg.sender,
            terms.termsCid,
            terms.termsHash,
            terms.totalValue,
            terms.milestones,
            from,
            digest
        );
    }

    /// @dev Validates and stores one proposed milestone; returns its EIP-712 struct hash.
    function _storeMilestone(Record storage r, uint256 index, uint32 version, Milestone calldata m)
        private
        returns (bytes32)
    {
        uint256 at = index - r.milestoneCount;
        if (m.deliverer == m.payer) revert SelfMilestone(at, m.deliverer);
        if (m.amount == 0 || m.amount > type(uint128).max) revert InvalidAmount(at, m.amount);
        uint8 deliverer = _milestoneParty(r, at, m.deliverer);
        uint8 payer = _milestoneParty(r, at, m.payer);
        r.milestones[index] = StoredMilestone({
            deliverer: deliverer,
            payer: payer,
            status: MilestoneStatus.Proposed,
            version: version,
            dueDate: m.dueDate,
            amount: uint128(m.amount)
        });
        return keccak256(abi.encode(MILESTONE_TYPEHASH, m.deliverer, m.payer, m.amount, m.dueDate));
    }

    /// @dev Returns the proposal's terms digest so signBySig can verify against it.
    function _sign(uint256 agreementId, uint32 version, address party) private returns (bytes32 digest) {
        Record storage r = _existing(agreementId);
        if (r.status != AgreementStatus.Draft && r.status != AgreementStatus.Active) {
            revert InvalidAgreementStatus(agreementId, r.status);
        }
        uint32 proposed = r.proposedVersion;
        if (proposed == 0) revert NothingToSign(agreementId);
        if (version != proposed) revert VersionMismatch(agreementId, proposed, version);
        uint32 bit = _partyBit(agreementId, r, party);
        if (r.signedMask & bit != 0) revert AlreadySigned(agreementId, version, party);
        uint32 mask = r.signedMask | bit;
        r.signedMask = mask;
        digest = r.proposedTermsDigest;
        emit AgreementSigned(agreementId, version, party);
        if (mask == _everyone(r)) _approve(agreementId, r);
    }

    /// @dev Every party signed the proposal: it replaces the open milestones and the terms in force.
    function _approve(uint256 agreementId, Record storage r) private {
        uint32 version = r.proposedVersion;
        uint256 from = r.proposedFrom;
        uint256 count = r.milestoneCount;
        _supersede(agreementId, r, 0, from, version);
        for (uint256 i = from; i < count; ++i) {
            r.milestones[i].status = MilestoneStatus.Pending;
        }
        r.openMilestones = uint8(count - from);
        r.version = version;
        r.termsDigest = r.proposedTermsDigest;
        r.proposedVersion = 0;
        r.proposedTermsDigest = bytes32(0);
        r.signedMask = 0;
        emit VersionApproved(agreementId, version);

        if (r.status == AgreementStatus.Draft) {
            _setStatus(agreementId, r, AgreementStatus.Active);
            emit AgreementActivated(agreementId, flowKindOf(r.kind), _partiesOf(r));
        }
        if (count == from) _setStatus(agreementId, r, AgreementStatus.Completed);
    }

    /// @dev Supersedes the milestones in [from, to) that are not accepted (nor already superseded).
    function _supersede(uint256 agreementId, Record storage r, uint256 from, uint256 to, uint32 byVersion) private {
        for (uint256 i = from; i < to; ++i) {
            StoredMilestone storage m = r.milestones[i];
            MilestoneStatus s = m.status;
            if (s == MilestoneStatus.Accepted || s == MilestoneStatus.Superseded) continue;
            m.status = MilestoneStatus.Superseded;
            emit MilestoneSuperseded(agreementId, i, byVersion);
        }
    }

    function _terminate(uint256 agreementId, address party) private {
        Record storage r = _existing(agreementId);
        AgreementStatus s = r.status;
        if (s != AgreementStatus.Draft && s != AgreementStatus.Active && s != AgreementStatus.Disputed) {
            revert InvalidAgreementStatus(agreementId, s);
        }
        uint32 bit = _partyBit(agreementId, r, party);
        if (r.terminationMask & bit != 0) revert TerminationAlreadyRequested(agreementId, party);
        uint32 mask = r.terminationMask | bit;
        r.terminationMask = mask;
        emit TerminationRequested(agreementId, party);
        if (mask == _everyone(r)) _setStatus(agreementId, r, AgreementStatus.Terminated);
    }

    /// @dev A view call (ERC-1271 wallets: a staticcall), made after the effects it guards.
    function _requireSignature(uint256 agreementId, address party, bytes32 structHash, bytes calldata signature)
        private
        view
    {
        if (!SignatureChecker.isValidSignatureNow(party, _hashTypedDataV4(structHash), signature)) {
            revert InvalidSignature(agreementId, party);
        }
    }

    function _setStatus(uint256 agreementId, Record storage r, AgreementStatus to) private {
        AgreementStatus from = r.status;
        r.status = to;
        emit AgreementStatusChanged(agreementId, from, to);
    }

    function _existing(uint256 agreementId) private view returns (Record storage r) {
        r = _agreements[agreementId];
        if (r.status == AgreementStatus.None) revert UnknownAgreement(agreementId);
    }

    function _inStatus(uint256 agreementId, AgreementStatus expected) private view returns (Record storage r) {
        r = _existing(agreementId);
        if (r.status != expected) revert InvalidAgreementStatus(agreementId, r.status);
    }

    /// @dev An agreement whose milestones can be performed: Active, or Disputed (see _requireUndisputed).
    function _performing(uint256 agreementId) private view returns (Record storage r) {
        r = _existing(agreementId);
        if (r.status != AgreementStatus.Active && r.status != AgreementStatus.Disputed) {
            revert InvalidAgreementStatus(agreementId, r.status);
        }
    }

    /// @dev Refuses a milestone whose deliverer or payer raised the open dispute (none while Active).
    function _requireUndisputed(uint256 agreementId, Record storage r, uint256 index, StoredMilestone storage m)
        private
        view
    {
        uint32 disputing = r.disputeMask;
        if (disputing == 0) return;
        if (disputing & (uint32(1) << m.deliverer) != 0) revert MilestoneInDispute(agreementId, index, r.parties[m.deliverer]);
        if (disputing & (uint32(1) << m.payer) != 0) revert MilestoneInDispute(agreementId, index, r.parties[m.payer]);
    }

    function _milestoneIn(uint256 agreementId, Record storage r, uint256 index, MilestoneStatus expected)
        private
        view
        returns (StoredMilestone storage m)
    {
        if (index >= r.milestoneCount) revert UnknownMilestone(agreementId, index);
        m = r.milestones[index];
        if (m.status != expected) revert InvalidMilestoneStatus(agreementId, index, m.status);
    }

    function _partyIndex(uint256 agreementId, Record storage r, address account) private view returns (uint256) {
        uint256 n = r.partyCount;
        for (uint256 i = 0; i < n; ++i) {
            if (r.parties[i] == account) return i;
        }
        revert NotParty(agreementId, account);
    }

    function _partyBit(uint256 agreementId, Record storage r, address account) private view returns (uint32) {
        return uint32(1 << _partyIndex(agreementId, r, account));
    }

    function _milestoneParty(Record storage r, uint256 at, address account) private view returns (uint8) {
        uint256 n = r.partyCount;
        for (uint256 i = 0; i < n; ++i) {
            if (r.parties[i] == account) return uint8(i);
        }
        revert MilestonePartyUnknown(at, account);
    }

    function _partiesOf(Record storage r) private view returns (address[] memory parties) {
        parties = new address[](r.partyCount);
        for (uint256 i = 0; i < parties.length; ++i) {
            parties[i] = r.parties[i];
        }
    }

    function _everyone(Record storage r) private view returns (uint32) {
        return uint32((uint256(1) << r.partyCount) - 1);
    }

    function _serviceName() internal pure override returns (string memory) {
        return SERVICE;
    }

    function _EIP712Name() internal pure override returns (string memory) {
        return SIGNING_NAME;
    }

    function _EIP712Version() internal pure override returns (string memory) {
        return SIGNING_VERSION;
    }
}
