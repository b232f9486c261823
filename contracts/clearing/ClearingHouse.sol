// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {IClearingHouse} from "./IClearingHouse.sol";
import {IAgreementRegistry} from "../agreements/IAgreementRegistry.sol";
import {NetHistory} from "./NetHistory.sol";
import {ClusterGate} from "../cluster/ClusterGate.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";

/// @title A cluster's corporate clearing: obligations, a verified multilateral set-off, net settlement.
/// @notice One clone per cluster (component kind "Clearing"). Nobody is trusted to compute the
/// set-off: any proposal is checked here (a circulation within the outstanding amounts) and the
/// largest one submitted during the challenge window wins, so whoever computes the optimum wins.
/// A cycle whose debtors do not all fund is unwound the same way: any proposal of amounts to roll
/// into the next cycle that lets the funded money pay everyone is checked here, the smallest wins,
/// and the rest settles, so one defaulter holds up only what it owes.
/// Business is refused unless the cluster is Active and has "corporate-clearing" enabled; taking
/// money out (withdraw, reclaim), declaring or recording a default and applying an unwind never
/// are, so no money can get stuck.
/// @dev Net positions are invariant under a set-off (a circulation cancels as much into every
/// member as out of it), so they are kept up to date as obligations are confirmed and the set-off
/// only lowers outstanding amounts. Each member's positions are prefix sums by cycle (NetHistory)
/// and each open cycle keeps the liquidity it needs both alone and merged with the cycle before
/// (in case that one defaults), so neither closing nor rolling a cycle over visits every member.
contract ClearingHouse is ClusterGate, ReentrancyGuardUpgradeable, IClearingHouse {
    using SafeERC20 for IERC20;
    using NetHistory for NetHistory.Point[];

    bytes32 private constant AGREEMENTS = bytes32("Agreements");
    string private constant SERVICE = "corporate-clearing";

    /// @notice The challenge window lasts the cycle length (in force when the cycle closed)
    /// divided by this; it starts with the cycle's first submitted proposal, so a late start of
    /// clearing never shortens it.
    uint256 public constant CHALLENGE_WINDOW_DIVISOR = 8;
    /// @notice After the challenge window, the standing proposal has the cycle length divided by
    /// this to start being applied; past that apply deadline, if not one chunk of it was applied,
    /// anyone may make it lapse (`lapseSetOff`) and funding opens without a set-off.
    uint256 public constant APPLY_PERIOD_DIVISOR = 8;
    /// @notice Net debtors have the cycle length divided by this to fund, from the set-off's
    /// application (or lapse). Window (1/8), apply period (1/8) and funding (1/4) together take
    /// half a cycle, so a cycle's clearing normally ends well before the next cutoff.
    uint256 public constant FUNDING_PERIOD_DIVISOR = 4;
    /// @notice Most lines one `propose` or `addChunk` may carry, so that whatever is accepted can be
    /// applied chunk by chunk and no transaction of the clearing needs more than an eighth of a
    /// 16,777,216-gas transaction cap (2,097,152).
    /// @dev Derived from measured gas (test/contracts/ClearingGasBound.test.ts builds full chunks;
    /// scripts/bench/clearing-gas.ts reports per line) for worst-case lines: each a distinct
    /// obligation in a cold slot, amounts of 16 non-zero bytes. The costliest per line is `addChunk`
    /// when each line names two members the proposer has no balance slot for yet: ~50.5k a line
    /// (two fresh storage writes) on ~120k fixed, so 32 lines take ~1.74M; applying a line costs
    /// ~5.7k and verifying it in `propose` ~4.4k. The ~360k left under 2,097,152 covers the
    /// verification's memory, which grows with the cluster's parties (~14k at 2,000).
    uint256 public constant MAX_CHUNK_LINES = 32;
    /// @notice Most lines one `propose` or `addChunk` of an unwind may carry, for the same eighth.
    /// @dev Applying an unwind line moves both parties' positions into the open cycle and records
    /// what rolled for each, so in the worst case (every line naming two members nothing else
    /// names) a line costs ~125k to apply (ClearingGasBound: 32 lines took 4.10M); 12 lines stay
    /// near 1.6M.
    uint256 public constant MAX_UNWIND_LINES = 12;

    /// @dev The part of an obligation every set-off line reads: one slot. Parties are indices
    /// into `_parties` (from 1), which fit beside the amount where addresses would not.
    struct Hot {
        uint128 outstanding;
        uint32 debtor;
        uint32 creditor;
        uint32 cycle;
        ObligationStatus status;
    }

    struct Cold {
        uint128 amount;
        uint64 dueDate;
        bytes32 referenceDigest;
    }

    struct CycleRecord {
        uint64 cutoff;
        uint64 windowEnd;
        uint64 fundingDeadline;
        uint32 base;
        CyclePhase phase;
        /// @dev The standing proposal lapsed unapplied.
        bool lapsed;
        // Slot 2 (fixed when the cycle closes, then read together while proposals come in).
        address token;
        uint32 obligations;
        /// @dev The cycle length in force when the cycle closed: it sets the window and deadline.
        uint32 length;
        /// @dev Its total is the proposal's own: not copied here, which would cost every cycle's
        /// first proposal a fresh slot.
        uint32 bestProposal;
        /// @dev Liquidity needed, fixed when the cycle closes.
        uint256 debit;
        /// @dev While open: the liquidity needed by this cycle's own obligations...
        uint256 debitOwn;
        /// @dev ...and by them together with the previous cycle's, should that one default.
        uint256 debitMerged;
        uint256 funded;
        // Slot 6, written only when a cycle defaults.
        uint64 unwindingOpened;
        uint64 unwindProposeBy;
    }

    /// @dev A one-transaction proposal writes the first and last slots only.
    struct ProposalRecord {
        address proposer;
        uint32 cycle;
        uint24 chunks;
        uint24 appliedChunks;
        ProposalState state;
        bool unwind;
        // Chunked proposals only.
        uint64 lastObligationId;
        /// @dev Set-off: members not balanced; unwind: members whose payout is negative.
        uint32 unbalanced;
        uint256 total;
        /// @dev Chunked unwinds only: the shortfall of the defaulters touched so far.
        uint256 covered;
    }

    /// @dev A chunked proposal's running balance for one member, tagged with the proposal: a
    /// proposer's slots are reused by its next proposal, so after the first one each update is
    /// a cheap non-zero to non-zero write.
    struct Lane {
        int160 balance;
        uint96 proposalId;
    }

    struct AccountRecord {
        uint256 funded;
        bool withdrawn;
        bool refunded;
        bool defaulted;
        /// @dev Unwound cycles: rolled over as debtor minus as creditor.
        int256 rolled;
    }

    /// @dev Per-member sums of one call's cancellations, in memory: cancelled as debtor minus
    /// cancelled as creditor, by party index, with the indices touched.
    struct Tally {
        int256[] delta;
        uint32[] touched;
        uint256 touchedCount;
        uint256 total;
        uint256 lastId;
    }

    /// @dev Declared first, so it packs into ClusterGate's slot, which every write reads anyway.
    uint32 private _openCycle;

    uint256 private _obligationCount;
    mapping(uint256 obligationId => Hot) private _hot;
    mapping(uint256 obligationId => Cold) private _cold;
    mapping(uint256 agreementObligationId => uint256 obligationId) private _imported;
    mapping(uint256 obligationId => uint256 agreementObligationId) private _agreementOf;

    address[] private _parties;
    mapping(address account => uint32 party) private _partyIndex;
    mapping(uint32 party => NetHistory.Point[]) private _history;

    mapping(uint256 cycle => CycleRecord) private _cycles;

    uint256 private _proposalCount;
    mapping(uint256 proposalId => ProposalRecord) private _proposals;
    mapping(uint256 proposalId => mapping(uint256 chunkIndex => bytes32)) private _chunkHash;
    mapping(address proposer => uint256 proposalId) private _inProgress;
    mapping(address proposer => mapping(uint32 party => Lane)) private _lanes;

    mapping(uint256 cycle => mapping(address member => AccountRecord)) private _accounts;
    mapping(address token => uint256) private _liabilities;
    mapping(address member => uint256) private _defaults;

    modifier whenClearing() {
        _requireOpen(false);
        _;
    }

    /// @dev The implementation is only a template for clones; it can never be initialised itself.
    /// @param registry_ The platform's ClusterRegistry (see ClusterGate).
    constructor(address registry_) ClusterGate(registry_) {}

    /// @inheritdoc IClusterComponent
    /// @dev Called by the factory while the cluster is Forming, after the Membership is attached.
    /// The first cycle's cutoff is one cycle length from now. The reentrancy guard is left at
    /// zero (not entered, like its initial value) rather than initialised: that write would cost
    /// every new cluster ~22k gas, and the first guarded call pays it instead.
    function initialize(address registry_, uint256 clusterId_) external {
        _initGate(registry_, clusterId_);
        uint64 cutoff = SafeCast.toUint64(block.timestamp + _params().clearingCycleLength);
        _openCycle = 1;
        CycleRecord storage c = _cycles[1];
        c.cutoff = cutoff;
        c.phase = CyclePhase.Open;
        emit CycleOpened(1, cutoff);
    }

    // ---------------------------------------------------------------- obligations

    /// @inheritdoc IClearingHouse
    /// @dev Both the caller (creditor) and the debtor must be members. Amounts are token units,
    /// at most 2^128 - 1.
    function createObligation(address debtor, uint256 amount, uint64 dueDate, bytes32 referenceDigest)
        external
        whenClearing
        returns (uint256 obligationId)
    {
        _requireMember(msg.sender);
        if (debtor == msg.sender) revert SelfObligation(debtor);
        _requireMember(debtor);
        obligationId = _record(debtor, msg.sender, amount, dueDate, referenceDigest);
    }

    /// @inheritdoc IClearingHouse
    /// @dev The debtor only, once. It joins the open cycle (after closing the previous one if its
    /// cutoff has passed).
    function confirmObligation(uint256 obligationId) external whenClearing {
        Hot storage h = _existing(obligationId);
        if (_parties[h.debtor - 1] != msg.sender) revert NotDebtor(obligationId, msg.sender);
        if (h.status != ObligationStatus.Proposed) revert ObligationNotPending(obligationId, h.status);
        _enter(obligationId);
    }

    /// @inheritdoc IClearingHouse
    /// @dev The creditor only, and only before confirmation.
    function cancelObligation(uint256 obligationId) external whenClearing {
        Hot storage h = _existing(obligationId);
        if (_parties[h.creditor - 1] != msg.sender) revert NotCreditor(obligationId, msg.sender);
        if (h.status != ObligationStatus.Proposed) revert ObligationNotPending(obligationId, h.status);
        h.status = ObligationStatus.Cancelled;
        emit ObligationCancelled(obligationId);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Anyone may import, once per payment obligation; the cluster's "Agreements" component
    /// (the platform's AgreementRegistry) vouches for it: it only makes obligations between two
    /// distinct parties of an agreement, of 1 to 2^128-1, so payer and payee are not checked
    /// again here.
    function importAgreementObligation(uint256 agreementObligationId)
        external
        whenClearing
        returns (uint256 obligationId)
    {
        uint256 existing = _imported[agreementObligationId];
        if (existing != 0) revert AlreadyImported(agreementObligationId, existing);
        address agreements = IClusterRegistry(registry()).componentOf(clusterId(), AGREEMENTS);
        if (agreements == address(0)) revert NoAgreementsComponent(clusterId());
        // Only paymentObligation and obligationCount of the agreement registry are read.
        IAgreementRegistry source = IAgreementRegistry(agreements);
        // Ids run from 1 to the count (the registry would revert with its own error otherwise).
        if (agreementObligationId == 0 || agreementObligationId > source.obligationCount()) {
            revert UnknownAgreementObligation(agreementObligationId);
        }
        IAgreementRegistry.PaymentObligation memory po = source.paymentObligation(agreementObligationId);

        obligationId = _record(po.payer, po.payee, po.amount, po.dueDate, bytes32(0));
        _imported[agreementObligationId] = obligationId;
        _agreementOf[obligationId] = agreementObligationId;
        _enter(obligationId);
        emit ObligationImported(obligationId, agreementObligationId, po.agreementId, po.milestoneIndex);
    }

    // ---------------------------------------------------------------- cycles and set-off

    /// @inheritdoc IClearingHouse
    /// @dev Reverts with NothingToClose before the cutoff. After it, the cycle closes unless it
    /// has nothing to clear or the cycle before it is still being cleared: then its cutoff moves
    /// on by whole cycle lengths (CutoffPostponed).
    function closeCycle() external whenClearing {
        uint256 m = _openCycle;
        uint64 cutoff = _cycles[m].cutoff;
        if (block.timestamp < cutoff) revert NothingToClose(m, cutoff);
        _advance();
    }

    /// @inheritdoc IClearingHouse
    /// @dev At most MAX_CHUNK_LINES lines (TooManyLines, checked first), in ascending obligation
    /// id, each 0 < amount <= outstanding, all obligations of the cycle; the rest is checked on
    /// per-member sums kept in memory: a set-off must be a circulation, an unwind must leave no
    /// touched member a negative payout and touch every defaulter. Must beat the standing
    /// proposal's total (larger for a set-off, smaller for an unwind; the first may be anything)
    /// and come before the challenge window ends; the first one opens the window.
    function propose(uint256 cycle, Cancellation[] calldata cancellations)
        external
        whenClearing
        returns (uint256 proposalId)
    {
        _bounded(cancellations.length);
        _advance();
        CycleRecord storage c = _proposing(cycle);
        bool unwind = c.phase == CyclePhase.Unwinding;
        if (unwind) _boundedUnwind(cancellations.length);
        Tally memory t = _tally(cycle, c.base, 0, cancellations);
        if (unwind) {
            _checkUnwind(cycle, c, t);
        } else {
            for (uint256 k = 0; k < t.touchedCount; ++k) {
                uint32 q = t.touched[k];
                if (t.delta[q] != 0) revert NotACirculation(_parties[q - 1], t.delta[q]);
            }
        }
        proposalId = _startProposal(cycle, ProposalState.Submitted, unwind);
        ProposalRecord storage p = _proposals[proposalId];
        p.chunks = 1;
        p.total = t.total;
        _chunkHash[proposalId][0] = _digest(cancellations);
        emit ProposalChunkAdded(proposalId, 0, cancellations, t.total);
        _stand(c, cycle, proposalId, t.total);
    }

    /// @inheritdoc IClearingHouse
    /// @dev An unfinished proposal is no candidate and holds up nobody.
    function beginProposal(uint256 cycle) external whenClearing returns (uint256 proposalId) {
        _advance();
        CycleRecord storage c = _proposing(cycle);
        uint256 previous = _inProgress[msg.sender];
        if (previous != 0) {
            _proposals[previous].state = ProposalState.Abandoned;
            emit ProposalAbandoned(previous);
        }
        proposalId = _startProposal(cycle, ProposalState.InProgress, c.phase == CyclePhase.Unwinding);
        _inProgress[msg.sender] = proposalId;
    }

    /// @inheritdoc IClearingHouse
    /// @dev Its proposer only, before the window ends, at most MAX_CHUNK_LINES lines (TooManyLines,
    /// checked first). Each line is checked as in `propose`
    /// (ids ascending across chunks); per-member balances accumulate in storage, with a count
    /// of the members not yet balanced.
    function addChunk(uint256 proposalId, Cancellation[] calldata cancellations) external whenClearing {
        _bounded(cancellations.length);
        ProposalRecord storage p = _ownInProgress(proposalId);
        if (cancellations.length == 0) revert EmptyChunk(proposalId);
        uint256 cycle = p.cycle;
        CycleRecord storage c = _proposingAs(p);
        if (p.unwind) _boundedUnwind(cancellations.length);
        Tally memory t = _tally(cycle, c.base, p.lastObligationId, cancellations);
        if (p.unwind) _flushUnwind(proposalId, p, c.base, t);
        else p.unbalanced = _flush(proposalId, t, p.unbalanced);
        uint256 index = p.chunks;
        p.chunks = SafeCast.toUint24(index + 1);
        p.lastObligationId = uint64(t.lastId);
        p.total += t.total;
        _chunkHash[proposalId][index] = _digest(cancellations);
        emit ProposalChunkAdded(proposalId, index, cancellations, t.total);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Its proposer only, before the window ends; refused unless every member is balanced
    /// (an unwind: no touched member's payout is negative, every defaulter is touched) and the
    /// total beats the standing proposal's.
    function finalizeProposal(uint256 proposalId) external whenClearing {
        ProposalRecord storage p = _ownInProgress(proposalId);
        uint256 cycle = p.cycle;
        CycleRecord storage c = _proposingAs(p);
        if (p.unbalanced != 0) revert ProposalUnbalanced(proposalId, p.unbalanced);
        if (p.unwind) _covers(cycle, c, p.covered);
        p.state = ProposalState.Submitted;
        delete _inProgress[msg.sender];
        _stand(c, cycle, proposalId, p.total);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Its proposer only. Never refused for the cluster's state: it only drops work.
    function abandonProposal(uint256 proposalId) external {
        ProposalRecord storage p = _ownInProgress(proposalId);
        p.state = ProposalState.Abandoned;
        delete _inProgress[msg.sender];
        emit ProposalAbandoned(proposalId);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Anyone, once the window has ended, with the chunks exactly as submitted, in order
    /// (they are in the ProposalChunkAdded events); a proposal without chunks takes one empty call.
    /// Lines were verified on submission and the cycle's obligations have not changed since.
    /// After the last chunk funding opens, or the cycle settles at once if no money has to move.
    /// Still allowed after the apply deadline as long as the proposal has not lapsed. Once one
    /// chunk is applied the proposal can no longer lapse, but anyone can always finish it: every
    /// chunk is bounded by MAX_CHUNK_LINES, so each call fits well within a transaction.
    /// An unwind's chunks roll their lines into the open cycle; after the last one the cycle
    /// settles. Applying an unwind is never refused for the cluster's state: funded money waits on it.
    function applySetOff(uint256 cycle, Cancellation[] calldata chunk) external {
        CycleRecord storage c = _known(cycle);
        CyclePhase phase = c.phase;
        bool unwind = phase == CyclePhase.Unwinding;
        if (!unwind) {
            _requireOpen(false);
            if (phase != CyclePhase.Proposing && phase != CyclePhase.Applying) {
                revert WrongPhase(cycle, CyclePhase.Proposing, phase);
            }
        }
        uint256 proposalId = c.bestProposal;
        if (proposalId == 0) revert NoProposal(cycle);
        if (block.timestamp < c.windowEnd) revert ChallengeWindowOpen(cycle, c.windowEnd);

        ProposalRecord storage p = _proposals[proposalId];
        uint256 index = p.appliedChunks;
        uint256 chunks = p.chunks;
        if (index < chunks) {
            if (_digest(chunk) != _chunkHash[proposalId][index]) revert ChunkMismatch(proposalId, index);
            p.appliedChunks = uint24(index + 1);
            if (unwind) {
                _roll(cycle, c.base, chunk);
                emit UnwindChunkApplied(cycle, proposalId, index);
            } else {
                _cancel(chunk);
                emit SetOffChunkApplied(cycle, proposalId, index);
            }
            ++index;
        } else if (chunk.length != 0) {
            revert ChunkMismatch(proposalId, index);
        }
        if (index < chunks) {
            if (!unwind) c.phase = CyclePhase.Applying;
            return;
        }
        if (unwind) {
            emit CycleUnwound(cycle, proposalId, p.total, cycle + 1);
            _settle(cycle, c);
        } else {
            emit SetOffApplied(cycle, proposalId, p.total);
            _openFunding(cycle, c);
        }
    }

    /// @inheritdoc IClearingHouse
    /// @dev Anyone, from the apply deadline (window end + cycle length / APPLY_PERIOD_DIVISOR) on,
    /// while the cycle is still Proposing: not one chunk of its standing proposal applied. Since a
    /// set-off never changes net positions, funding needs nothing from it; obligations keep their
    /// outstanding amounts. Once a chunk is applied it cannot lapse (WrongPhase): outstanding
    /// amounts changed by part of a circulation would no longer match the net positions of
    /// obligations that roll over after a default; it can always be finished instead.
    function lapseSetOff(uint256 cycle) external whenClearing {
        CycleRecord storage c = _cycleIn(cycle, CyclePhase.Proposing);
        uint256 proposalId = c.bestProposal;
        if (proposalId == 0) revert NoProposal(cycle);
        uint64 deadline = _applyDeadline(c);
        if (block.timestamp < deadline) revert ApplyPeriodOpen(cycle, deadline);
        c.lapsed = true;
        emit SetOffLapsed(cycle, proposalId);
        _openFunding(cycle, c);
    }

    // ---------------------------------------------------------------- net settlement

    /// @inheritdoc IClearingHouse
    /// @dev Net debtors only, their whole position at once (approve it first), before the
    /// deadline. The last one settles the cycle.
    function fund(uint256 cycle) external whenClearing nonReentrant {
        CycleRecord storage c = _cycleIn(cycle, CyclePhase.Funding);
        uint64 deadline = c.fundingDeadline;
        if (block.timestamp >= deadline) revert FundingClosed(cycle, deadline);
        address token = c.token;
        if (token == address(0)) revert SettlementTokenNotSet(clusterId());
        AccountRecord storage a = _accounts[cycle][msg.sender];
        if (a.funded != 0) revert AlreadyFunded(cycle, msg.sender);
        int256 position = _position(cycle, c.base, msg.sender);
        if (position >= 0) revert NotNetDebtor(cycle, msg.sender, position);

        uint256 amount = uint256(-position);
        a.funded = amount;
        uint256 funded = c.funded + amount;
        c.funded = funded;
        _liabilities[token] += amount;
        emit PositionFunded(cycle, msg.sender, amount);
        if (funded == c.debit) _settle(cycle, c);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Anyone, never refused for the cluster's state, so that funders can always get their
    /// money out. From Funding, once its deadline has passed: Unwinding, where unwind proposals
    /// may come until cycle length / CHALLENGE_WINDOW_DIVISOR from now. From Unwinding, with no
    /// chunk of an unwind applied (UnwindUnderway), once nobody proposed one by then or nobody
    /// started applying the standing one by its apply deadline: a full default, where the set-off
    /// already applied stays and what remains joins the open cycle (the one after, which cannot
    /// close meanwhile).
    function declareDefault(uint256 cycle) external {
        CycleRecord storage c = _known(cycle);
        CyclePhase phase = c.phase;
        if (phase == CyclePhase.Funding) {
            uint64 deadline = c.fundingDeadline;
            if (block.timestamp < deadline) revert DeadlineNotReached(cycle, deadline);
            uint64 proposeBy = SafeCast.toUint64(block.timestamp + c.length / CHALLENGE_WINDOW_DIVISOR);
            c.phase = CyclePhase.Unwinding;
            c.windowEnd = 0;
            c.bestProposal = 0;
            c.unwindingOpened = uint64(block.timestamp);
            c.unwindProposeBy = proposeBy;
            emit UnwindingOpened(cycle, c.funded, c.debit, proposeBy);
            return;
        }
        if (phase != CyclePhase.Unwinding) revert WrongPhase(cycle, CyclePhase.Funding, phase);
        uint256 best = c.bestProposal;
        uint64 due = best == 0 ? c.unwindProposeBy : _applyDeadline(c);
        if (block.timestamp < due) revert DeadlineNotReached(cycle, due);
        if (best != 0 && _proposals[best].appliedChunks != 0) revert UnwindUnderway(cycle, best);
        c.phase = CyclePhase.Defaulted;
        _cycles[cycle + 1].obligations += c.obligations;
        emit CycleDefaulted(cycle, c.funded, c.debit, cycle + 1);
        _advance();
    }

    /// @inheritdoc IClearingHouse
    /// @dev Anyone, once per member and cycle, for an Unwinding, Settled or Defaulted cycle in
    /// which the member was a net debtor and funded nothing. Never refused for the cluster's
    /// state: a default is a fact, and the cluster's vote decides what follows from it.
    function recordDefault(uint256 cycle, address member) external {
        CycleRecord storage c = _known(cycle);
        CyclePhase phase = c.phase;
        if (phase != CyclePhase.Unwinding && !_finished(phase)) revert WrongPhase(cycle, CyclePhase.Unwinding, phase);
        AccountRecord storage a = _accounts[cycle][member];
        int256 position = _position(cycle, c.base, member);
        if (position >= 0 || a.funded != 0) revert NotDefaulter(cycle, member);
        if (a.defaulted) revert DefaultAlreadyRecorded(cycle, member);
        a.defaulted = true;
        uint256 count = ++_defaults[member];
        emit MemberDefaulted(cycle, member, uint256(-position), count);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Members of a settled cycle with a positive payout, once. Never refused for the
    /// cluster's state.
    function withdraw(uint256 cycle) external nonReentrant {
        CycleRecord storage c = _cycleIn(cycle, CyclePhase.Settled);
        AccountRecord storage a = _accounts[cycle][msg.sender];
        int256 payout = _payout(cycle, c.base, msg.sender, a);
        if (payout <= 0) revert NothingToWithdraw(cycle, msg.sender);
        if (a.withdrawn) revert AlreadyWithdrawn(cycle, msg.sender);
        a.withdrawn = true;
        _payOut(cycle, c.token, uint256(payout), false);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Funders of a defaulted cycle, once. Never refused for the cluster's state.
    function reclaim(uint256 cycle) external nonReentrant {
        CycleRecord storage c = _cycleIn(cycle, CyclePhase.Defaulted);
        AccountRecord storage a = _accounts[cycle][msg.sender];
        if (a.funded == 0) revert NothingToRefund(cycle, msg.sender);
        if (a.refunded) revert AlreadyRefunded(cycle, msg.sender);
        a.refunded = true;
        _payOut(cycle, c.token, a.funded, true);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IClearingHouse
    /// @dev Reverts with UnknownObligation for an unused id.
    function obligation(uint256 obligationId) external view returns (Obligation memory o) {
        Hot memory h = _hot[obligationId];
        if (h.status == ObligationStatus.None) revert UnknownObligation(obligationId);
        Cold storage k = _cold[obligationId];
        o.debtor = _parties[h.debtor - 1];
        o.creditor = _parties[h.creditor - 1];
        o.amount = k.amount;
        o.outstanding = h.outstanding;
        o.dueDate = k.dueDate;
        o.cycle = h.cycle;
        o.status = h.status;
        o.referenceDigest = k.referenceDigest;
        o.agreementObligationId = _agreementOf[obligationId];
        if (h.status == ObligationStatus.Confirmed && _settled(h.cycle)) {
            o.status = ObligationStatus.Settled;
            o.outstanding = 0;
        }
    }

    /// @inheritdoc IClearingHouse
    function obligationCount() external view returns (uint256) {
        return _obligationCount;
    }

    /// @inheritdoc IClearingHouse
    function importedAs(uint256 agreementObligationId) external view returns (uint256) {
        return _imported[agreementObligationId];
    }

    /// @inheritdoc IClearingHouse
    /// @dev As stored: a cycle whose cutoff has passed is closed by the next write (or closeCycle).
    function openCycle() external view returns (uint256) {
        return _openCycle;
    }

    /// @inheritdoc IClearingHouse
    /// @dev Reverts with UnknownCycle for 0 or a cycle not opened yet. For the open cycle,
    /// baseCycle and liquidityNeeded are provisional: as if the cycle before settles, unless it
    /// already defaulted.
    function cycleInfo(uint256 cycle) external view returns (Cycle memory info) {
        CycleRecord storage c = _known(cycle);
        info.cutoff = c.cutoff;
        info.windowEnd = c.windowEnd;
        if (c.windowEnd != 0) info.applyDeadline = _applyDeadline(c);
        info.setOffLapsed = c.lapsed;
        info.fundingDeadline = c.fundingDeadline;
        info.phase = c.phase;
        info.obligations = c.obligations;
        info.bestProposal = c.bestProposal;
        if (c.bestProposal != 0) info.bestTotal = _proposals[c.bestProposal].total;
        info.funded = c.funded;
        info.token = c.token;
        info.unwindingOpened = c.unwindingOpened;
        info.unwindProposeBy = c.unwindProposeBy;
        if (c.phase == CyclePhase.Open) {
            bool merged = _mergesPrevious(cycle);
            info.baseCycle = merged ? _cycles[cycle - 1].base : uint64(cycle);
            info.liquidityNeeded = merged ? c.debitMerged : c.debitOwn;
        } else {
            info.baseCycle = c.base;
            info.liquidityNeeded = c.debit;
        }
    }

    /// @inheritdoc IClearingHouse
    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        ProposalRecord storage p = _knownProposal(proposalId);
        return Proposal({
            proposer: p.proposer,
            cycle: p.cycle,
            state: p.state,
            chunks: p.chunks,
            appliedChunks: p.appliedChunks,
            lastObligationId: p.lastObligationId,
            unbalancedMembers: p.unbalanced,
            total: p.total,
            unwind: p.unwind,
            covered: p.covered
        });
    }

    /// @inheritdoc IClearingHouse
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IClearingHouse
    /// @dev Kept until the proposer finalises or abandons it, or begins another; check its cycle.
    function inProgressOf(address proposer) external view returns (uint256) {
        return _inProgress[proposer];
    }

    /// @inheritdoc IClearingHouse
    function positionOf(uint256 cycle, address member) public view returns (int256) {
        CycleRecord storage c = _known(cycle);
        uint256 base = c.base;
        if (c.phase == CyclePhase.Open) base = _mergesPrevious(cycle) ? _cycles[cycle - 1].base : cycle;
        return _position(cycle, base, member);
    }

    /// @inheritdoc IClearingHouse
    /// @dev payout is 0 until the cycle is Settled.
    function accountOf(uint256 cycle, address member) external view returns (Account memory account) {
        AccountRecord storage a = _accounts[cycle][member];
        account.position = positionOf(cycle, member);
        account.funded = a.funded;
        account.withdrawn = a.withdrawn;
        account.refunded = a.refunded;
        account.rolled = a.rolled;
        account.defaulted = a.defaulted;
        CycleRecord storage c = _cycles[cycle];
        if (c.phase == CyclePhase.Settled) {
            int256 payout = _payout(cycle, c.base, member, a);
            if (payout > 0) account.payout = uint256(payout);
        }
    }

    /// @inheritdoc IClearingHouse
    function defaultsOf(address member) external view returns (uint256) {
        return _defaults[member];
    }

    /// @inheritdoc IClearingHouse
    function participants() external view returns (address[] memory) {
        return _parties;
    }

    /// @inheritdoc IClearingHouse
    function liabilities(address token) external view returns (uint256) {
        return _liabilities[token];
    }

    // ---------------------------------------------------------------- internals: obligations

    function _record(address debtor, address creditor, uint256 amount, uint64 dueDate, bytes32 referenceDigest)
        private
        returns (uint256 obligationId)
    {
        if (amount == 0 || amount > type(uint128).max) revert InvalidAmount(amount);
        obligationId = ++_obligationCount;
        _hot[obligationId] = Hot({
            outstanding: uint128(amount),
            debtor: _party(debtor),
            creditor: _party(creditor),
            cycle: 0,
            status: ObligationStatus.Proposed
        });
        _cold[obligationId] = Cold({amount: uint128(amount), dueDate: dueDate, referenceDigest: referenceDigest});
        emit ObligationCreated(obligationId, creditor, debtor, amount, dueDate, referenceDigest);
    }

    /// @dev A confirmed obligation joins the open cycle and moves both parties' net positions.
    function _enter(uint256 obligationId) private {
        _advance();
        uint256 m = _openCycle;
        Hot storage h = _hot[obligationId];
        h.status = ObligationStatus.Confirmed;
        h.cycle = uint32(m);
        _cycles[m].obligations += 1;
        int256 amount = int256(uint256(h.outstanding));
        _move(m, h.debtor, -amount);
        _move(m, h.creditor, amount);
        emit ObligationConfirmed(obligationId, m);
    }

    /// @dev Updates a party's running position in open cycle `m` and both liquidity figures
    /// the cycle may close with (merged only while the cycle before could still default).
    function _move(uint256 m, uint32 party, int256 delta) private {
        NetHistory.Point[] storage h = _history[party];
        (int256 before, int256 beforeCycle) = h.add(m, delta);
        int256 after_ = before + delta;
        CycleRecord storage c = _cycles[m];
        c.debitOwn = _shift(c.debitOwn, before - beforeCycle, after_ - beforeCycle);
        if (m > 1) {
            CycleRecord storage prev = _cycles[m - 1];
            if (prev.phase != CyclePhase.Settled) {
                uint256 base = prev.base;
                int256 ref = base > 1 ? h.at(base - 1) : int256(0);
                c.debitMerged = _shift(c.debitMerged, before - ref, after_ - ref);
            }
        }
    }

    function _party(address account_) private returns (uint32 party) {
        party = _partyIndex[account_];
        if (party == 0) {
            _parties.push(account_);
            party = SafeCast.toUint32(_parties.length);
            _partyIndex[account_] = party;
        }
    }

    function _existing(uint256 obligationId) private view returns (Hot storage h) {
        h = _hot[obligationId];
        if (h.status == ObligationStatus.None) revert UnknownObligation(obligationId);
    }

    // ---------------------------------------------------------------- internals: cycles

    /// @dev Closes the open cycle once its cutoff has passed, provided it has something to clear
    /// and the cycle before it is settled or defaulted; otherwise postpones its cutoff to the
    /// next multiple of the cycle length. Every write that depends on the cycle calls this first.
    function _advance() private {
        uint256 m = _openCycle;
        CycleRecord storage c = _cycles[m];
        uint64 cutoff = c.cutoff;
        if (block.timestamp < cutoff) return;
        IClusterRegistry.SecurityParams memory params = _params();
        uint256 length = params.clearingCycleLength;
        uint64 next = SafeCast.toUint64(cutoff + length * ((block.timestamp - cutoff) / length + 1));
        if (c.obligations == 0 || (m > 1 && !_finished(_cycles[m - 1].phase))) {
            c.cutoff = next;
            emit CutoffPostponed(m, next);
            return;
        }
        bool merged = _mergesPrevious(m);
        uint32 base = merged ? _cycles[m - 1].base : uint32(m);
        uint256 debit = merged ? c.debitMerged : c.debitOwn;
        c.base = base;
        c.debit = debit;
        c.length = uint32(length);
        // The token is fixed with the cycle, as its length is: a change of the cluster's
        // parameters applies from the next cycle to close, never to one being cleared.
        address token = params.settlementToken;
        c.token = token;
        c.phase = CyclePhase.Proposing;
        emit CycleClosed(m, base, c.obligations, debit, token);

        CycleRecord storage o = _cycles[m + 1];
        o.cutoff = next;
        o.phase = CyclePhase.Open;
        o.debitMerged = debit;
        _openCycle = uint32(m + 1);
        emit CycleOpened(m + 1, next);
    }

    function _openFunding(uint256 cycle, CycleRecord storage c) private {
        uint256 debit = c.debit;
        if (debit == 0) return _settle(cycle, c);
        address token = c.token;
        uint64 deadline = SafeCast.toUint64(block.timestamp + c.length / FUNDING_PERIOD_DIVISOR);
        c.fundingDeadline = deadline;
        c.phase = CyclePhase.Funding;
        emit FundingOpened(cycle, token, debit, deadline);
    }

    function _settle(uint256 cycle, CycleRecord storage c) private {
        c.phase = CyclePhase.Settled;
        emit CycleSettled(cycle, c.funded);
        _advance();
    }

    /// @dev What a member of a settled cycle takes out: funded + position + rolled. Outside an
    /// unwound cycle rolled is 0, so a funder's payout is 0 and a creditor's its position.
    function _payout(uint256 cycle, uint256 base, address member, AccountRecord storage a)
        private
        view
        returns (int256)
    {
        return int256(a.funded) + _position(cycle, base, member) + a.rolled;
    }

    function _payOut(uint256 cycle, address token, uint256 amount, bool refund) private {
        _liabilities[token] -= amount;
        if (refund) emit Refunded(cycle, msg.sender, token, amount);
        else emit Withdrawn(cycle, msg.sender, token, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @dev Net position of `member` over the obligations confirmed in cycles base..cycle.
    function _position(uint256 cycle, uint256 base, address member) private view returns (int256) {
        uint32 party = _partyIndex[member];
        if (party == 0) return 0;
        NetHistory.Point[] storage h = _history[party];
        return h.at(cycle) - (base > 1 ? h.at(base - 1) : int256(0));
    }

    /// @dev Whether an obligation confirmed in `cycle` is settled: the first cycle from there on
    /// that did not default has settled.
    function _settled(uint256 cycle) private view returns (bool) {
        uint256 open = _openCycle;
        for (uint256 s = cycle; s < open; ++s) {
            CyclePhase phase = _cycles[s].phase;
            if (phase != CyclePhase.Defaulted) return phase == CyclePhase.Settled;
        }
        return false;
    }

    function _mergesPrevious(uint256 cycle) private view returns (bool) {
        return cycle > 1 && _cycles[cycle - 1].phase == CyclePhase.Defaulted;
    }

    function _finished(CyclePhase phase) private pure returns (bool) {
        return phase == CyclePhase.Settled || phase == CyclePhase.Defaulted;
    }

    function _known(uint256 cycle) private view returns (CycleRecord storage) {
        if (cycle == 0 || cycle > _openCycle) revert UnknownCycle(cycle);
        return _cycles[cycle];
    }

    function _cycleIn(uint256 cycle, CyclePhase expected) private view returns (CycleRecord storage c) {
        c = _known(cycle);
        if (c.phase != expected) revert WrongPhase(cycle, expected, c.phase);
    }

    function _params() private view returns (IClusterRegistry.SecurityParams memory) {
        return IClusterRegistry(registry()).cluster(clusterId()).params;
    }

    // ---------------------------------------------------------------- internals: proposals

    /// @dev The cycle must be closed (or unwinding), not yet applied, and its challenge window
    /// not over.
    function _proposing(uint256 cycle) private view returns (CycleRecord storage c) {
        c = _known(cycle);
        CyclePhase phase = c.phase;
        if (phase != CyclePhase.Proposing && phase != CyclePhase.Unwinding) {
            revert WrongPhase(cycle, CyclePhase.Proposing, phase);
        }
        uint64 end = c.windowEnd;
        if (end != 0 && block.timestamp >= end) revert ChallengeWindowClosed(cycle, end);
    }

    /// @dev As `_proposing`, for a proposal begun in the same stage: a set-off left unfinished
    /// cannot go on as an unwind once the cycle defaulted.
    function _proposingAs(ProposalRecord storage p) private view returns (CycleRecord storage c) {
        uint256 cycle = p.cycle;
        c = _proposing(cycle);
        bool unwinding = c.phase == CyclePhase.Unwinding;
        if (p.unwind != unwinding) {
            revert WrongPhase(cycle, p.unwind ? CyclePhase.Unwinding : CyclePhase.Proposing, c.phase);
        }
    }

    function _startProposal(uint256 cycle, ProposalState state, bool unwind) private returns (uint256 proposalId) {
        proposalId = ++_proposalCount;
        ProposalRecord storage p = _proposals[proposalId];
        p.proposer = msg.sender;
        p.cycle = uint32(cycle);
        p.state = state;
        p.unwind = unwind;
        emit ProposalStarted(proposalId, cycle, msg.sender);
    }

    function _knownProposal(uint256 proposalId) private view returns (ProposalRecord storage) {
        if (proposalId == 0 || proposalId > _proposalCount) revert UnknownProposal(proposalId);
        return _proposals[proposalId];
    }

    function _ownInProgress(uint256 proposalId) private view returns (ProposalRecord storage p) {
        p = _knownProposal(proposalId);
        if (p.proposer != msg.sender) revert NotProposer(proposalId, msg.sender);
        if (p.state != ProposalState.InProgress) revert ProposalNotInProgress(proposalId, p.state);
    }

    /// @dev A verified, complete proposal becomes the standing best if it beats it (strictly):
    /// a set-off by cancelling more, an unwind by rolling less.
    function _stand(CycleRecord storage c, uint256 cycle, uint256 proposalId, uint256 total) private {
        uint256 replaced = c.bestProposal;
        if (replaced != 0) {
            uint256 standing = _proposals[replaced].total;
            bool better = c.phase == CyclePhase.Unwinding ? total < standing : total > standing;
            if (!better) revert ProposalNotBetter(cycle, total, standing);
        }
        c.bestProposal = SafeCast.toUint32(proposalId);
        uint64 end = c.windowEnd;
        if (end == 0) {
            end = SafeCast.toUint64(block.timestamp + c.length / CHALLENGE_WINDOW_DIVISOR);
            c.windowEnd = end;
        }
        emit ProposalSubmitted(cycle, proposalId, msg.sender, total, replaced, end, _applyDeadline(c));
    }

    /// @dev When a standing proposal of which nothing was applied may lapse; set with the window.
    function _applyDeadline(CycleRecord storage c) private view returns (uint64) {
        return c.windowEnd + uint64(c.length / APPLY_PERIOD_DIVISOR);
    }

    /// @dev Checked before anything else: an oversized call is refused before any storage is read.
    function _bounded(uint256 count) private pure {
        if (count > MAX_CHUNK_LINES) revert TooManyLines(count, MAX_CHUNK_LINES);
    }

    function _boundedUnwind(uint256 count) private pure {
        if (count > MAX_UNWIND_LINES) revert TooManyLines(count, MAX_UNWIND_LINES);
    }

    /// @dev Checks each line (ascending id after `lastId`, an obligation of cycles base..cycle,
    /// 0 < amount <= outstanding) and sums it per member in memory. This loop is what the
    /// 15k-gas-per-obligation target is about, hence the hand-written parts: one SLOAD per line
    /// unpacked by shifts (Hot's layout from the low bits: outstanding, debtor, creditor, cycle,
    /// status), lines read straight from calldata, and sums kept in bare memory words. Raw
    /// calldata needs no range check: an id past 2^64 names no obligation and an amount past
    /// 2^128 exceeds any outstanding one, so both are refused below.
    function _tally(uint256 cycle, uint256 base, uint256 lastId, Cancellation[] calldata lines)
        private
        view
        returns (Tally memory t)
    {
        t.delta = new int256[](_parties.length + 1);
        t.touched = new uint32[](2 * lines.length);
        t.lastId = lastId;
        for (uint256 i = 0; i < lines.length; ++i) {
            (uint256 id, uint256 amount) = _lineAt(lines, i);
            _sum(t, _checkLine(t, id, amount, base, cycle), amount);
        }
    }

    function _lineAt(Cancellation[] calldata lines, uint256 i) private pure returns (uint256 id, uint256 amount) {
        assembly ("memory-safe") {
            let line := add(lines.offset, shl(6, i))
            id := calldataload(line)
            amount := calldataload(add(line, 0x20))
        }
    }

    /// @dev One line's checks; returns the obligation's hot word.
    function _checkLine(Tally memory t, uint256 id, uint256 amount, uint256 base, uint256 cycle)
        private
        view
        returns (uint256 word)
    {
        if (id <= t.lastId) revert ObligationsNotAscending(t.lastId, id);
        t.lastId = id;
        Hot storage hs = _hot[id];
        assembly ("memory-safe") {
            word := sload(hs.slot)
        }
        uint256 confirmedIn = uint32(word >> 192);
        if (uint8(word >> 224) != uint8(ObligationStatus.Confirmed) || confirmedIn < base || confirmedIn > cycle) {
            revert ObligationNotInCycle(id, cycle);
        }
        if (amount == 0) revert ZeroCancellation(id);
        if (amount > uint128(word)) revert CancellationExceedsOutstanding(id, amount, uint128(word));
    }

    /// @dev Adds a line to its debtor's and creditor's sums and to the total. Party indices are
    /// at most _parties.length, inside `delta`; a line touches at most two, inside `touched`;
    /// sums of 128-bit amounts over fewer than 2^64 lines overflow neither int256 nor uint256.
    function _sum(Tally memory t, uint256 word, uint256 amount) private pure {
        assembly ("memory-safe") {
            let delta := add(mload(t), 0x20)
            let touched := add(mload(add(t, 0x20)), 0x20)
            let count := mload(add(t, 0x40))
            let debtor := and(shr(128, word), 0xffffffff)
            let at := add(delta, shl(5, debtor))
            let before := mload(at)
            if iszero(before) {
                mstore(add(touched, shl(5, count)), debtor)
                count := add(count, 1)
            }
            mstore(at, add(before, amount))
            let creditor := and(shr(160, word), 0xffffffff)
            at := add(delta, shl(5, creditor))
            before := mload(at)
            if iszero(before) {
                mstore(add(touched, shl(5, count)), creditor)
                count := add(count, 1)
            }
            mstore(at, sub(before, amount))
            mstore(add(t, 0x40), count)
            mstore(add(t, 0x60), add(mload(add(t, 0x60)), amount))
        }
    }

    /// @dev Lowers each line's outstanding amount. The lines are byte for byte those verified on
    /// submission (same digest) and the cycle's obligations have not changed since, so each
    /// amount is within its outstanding one; the check stays as a guard.
    function _cancel(Cancellation[] calldata lines) private {
        for (uint256 i = 0; i < lines.length; ++i) {
            (uint256 id, uint256 amount) = _lineAt(lines, i);
            Hot storage hs = _hot[id];
            assembly ("memory-safe") {
                let word := sload(hs.slot)
                let outstanding := and(word, 0xffffffffffffffffffffffffffffffff)
                if lt(outstanding, amount) { revert(0, 0) }
                sstore(hs.slot, sub(word, amount))
            }
        }
    }

    /// @dev Hash of the lines' calldata, 64 bytes a line, without re-encoding them.
    function _digest(Cancellation[] calldata lines) private pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let size := mul(lines.length, 0x40)
            let ptr := mload(0x40)
            calldatacopy(ptr, lines.offset, size)
            digest := keccak256(ptr, size)
        }
    }

    /// @dev Adds a set-off chunk's per-member sums to the proposer's lanes; returns the new count
    /// of members whose balance is not zero.
    function _flush(uint256 proposalId, Tally memory t, uint256 unbalanced) private returns (uint32) {
        mapping(uint32 party => Lane) storage lanes = _lanes[msg.sender];
        for (uint256 k = 0; k < t.touchedCount; ++k) {
            uint32 q = t.touched[k];
            int256 d = t.delta[q];
            if (d == 0) continue;
            t.delta[q] = 0; // a party touched twice is flushed once
            (, int256 old) = _toLane(lanes, q, proposalId, d);
            if (old == 0) ++unbalanced;
            else if (old + d == 0) --unbalanced;
        }
        return SafeCast.toUint32(unbalanced);
    }

    /// @dev Adds an unwind chunk's per-member sums to the proposer's lanes, keeping the count of
    /// touched members whose payout is negative and the shortfall of the defaulters touched.
    function _flushUnwind(uint256 proposalId, ProposalRecord storage p, uint256 base, Tally memory t) private {
        mapping(uint32 party => Lane) storage lanes = _lanes[msg.sender];
        uint256 cycle = p.cycle;
        uint256 negative = p.unbalanced;
        uint256 covered;
        for (uint256 k = 0; k < t.touchedCount; ++k) {
            uint32 q = t.touched[k];
            int256 d = t.delta[q];
            if (d == 0) continue;
            t.delta[q] = 0;
            (bool seen, int256 old) = _toLane(lanes, q, proposalId, d);
            int256 before = _own(cycle, base, _parties[q - 1]);
            if (!seen && before < 0) covered += uint256(-before);
            before += old;
            // Untouched members are not counted: a defaulter's shortfall is in `covered` instead.
            bool was = seen && before < 0;
            if (!was && before + d < 0) ++negative;
            else if (was && before + d >= 0) --negative;
        }
        p.unbalanced = SafeCast.toUint32(negative);
        if (covered != 0) p.covered += covered;
    }

    /// @dev Writes a member's chunk sum into the proposer's lane, tagged with the proposal; returns
    /// whether this proposal touched it before and its balance before (0 if not).
    function _toLane(mapping(uint32 party => Lane) storage lanes, uint32 q, uint256 proposalId, int256 d)
        private
        returns (bool seen, int256 old)
    {
        Lane memory lane = lanes[q];
        seen = lane.proposalId == proposalId;
        old = seen ? int256(lane.balance) : int256(0);
        lanes[q] = Lane({balance: SafeCast.toInt160(old + d), proposalId: uint96(proposalId)});
    }

    /// @dev A one-transaction unwind: every member it touches keeps a payout of at least zero, and
    /// those touched cover the whole shortfall, so every defaulter is among them.
    function _checkUnwind(uint256 cycle, CycleRecord storage c, Tally memory t) private view {
        uint256 covered;
        for (uint256 k = 0; k < t.touchedCount; ++k) {
            uint32 q = t.touched[k];
            int256 d = t.delta[q];
            if (d == 0) continue;
            t.delta[q] = 0;
            address member = _parties[q - 1];
            int256 own = _own(cycle, c.base, member);
            if (own + d < 0) revert NegativePayout(member, own + d);
            if (own < 0) covered += uint256(-own);
        }
        _covers(cycle, c, covered);
    }

    /// @dev Defaulters' shortfalls sum to what funding lacked; touched ones must cover all of it.
    function _covers(uint256 cycle, CycleRecord storage c, uint256 covered) private view {
        uint256 shortfall = c.debit - c.funded;
        if (covered != shortfall) revert DefaultersUncovered(cycle, covered, shortfall);
    }

    /// @dev A member's payout in `cycle` before any roll-over: funded + position. Negative only for
    /// a net debtor that did not fund (a defaulter).
    function _own(uint256 cycle, uint256 base, address member) private view returns (int256) {
        return int256(_accounts[cycle][member].funded) + _position(cycle, base, member);
    }

    /// @dev Moves an unwind chunk's lines into the open cycle: each rolled amount becomes its
    /// obligation's outstanding amount there (the rest of it settles with `cycle`), and both
    /// parties' positions in the open cycle and their rolled sums in `cycle` move by member.
    /// The lines are byte for byte those verified on submission; `_tally` checks them again.
    function _roll(uint256 cycle, uint256 base, Cancellation[] calldata lines) private {
        Tally memory t = _tally(cycle, base, 0, lines);
        uint256 open = _openCycle;
        for (uint256 i = 0; i < lines.length; ++i) {
            (uint256 id, uint256 amount) = _lineAt(lines, i);
            Hot storage hs = _hot[id];
            assembly ("memory-safe") {
                // Keep debtor, creditor and status; outstanding := amount, cycle := open.
                let word := and(sload(hs.slot), not(or(0xffffffffffffffffffffffffffffffff, shl(192, 0xffffffff))))
                sstore(hs.slot, or(word, or(amount, shl(192, open))))
            }
            emit ObligationRolled(id, cycle, open, amount);
        }
        _cycles[open].obligations += uint32(lines.length);
        for (uint256 k = 0; k < t.touchedCount; ++k) {
            uint32 q = t.touched[k];
            int256 d = t.delta[q];
            if (d == 0) continue;
            t.delta[q] = 0;
            _accounts[cycle][_parties[q - 1]].rolled += d;
            _move(open, q, -d);
        }
    }

    function _shift(uint256 debit, int256 from, int256 to) private pure returns (uint256) {
        return debit + _owed(to) - _owed(from);
    }

    function _owed(int256 position) private pure returns (uint256) {
        return position < 0 ? uint256(-position) : 0;
    }

    /// @inheritdoc ClusterGate
    function _serviceName() internal pure override returns (string memory) {
        return SERVICE;
    }
}
