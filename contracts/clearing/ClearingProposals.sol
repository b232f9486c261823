// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IClearingHouse} from "./IClearingHouse.sol";
import {ClearingObligations} from "./ClearingObligations.sol";

/// @title The proposals of a cluster's clearing: set-offs of a closed cycle and unwinds of a defaulted one.
/// @notice Nobody is trusted to compute either: every proposal is checked here, the best one
/// submitted in the challenge window stands, and anyone applies it chunk by chunk.
/// @dev See ClearingHouse. Lines are read straight from calldata and summed per member in memory.
abstract contract ClearingProposals is ClearingObligations {
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

    /// @dev Per-member sums of one call's cancellations, in memory: cancelled as debtor minus
    /// cancelled as creditor, by party index, with the indices touched.
    struct Tally {
        int256[] delta;
        uint32[] touched;
        uint256 touchedCount;
        uint256 total;
        uint256 lastId;
    }

    uint256 private _proposalCount;
    mapping(uint256 proposalId => ProposalRecord) internal _proposals;
    mapping(uint256 proposalId => mapping(uint256 chunkIndex => bytes32)) private _chunkHash;
    mapping(address proposer => uint256 proposalId) private _inProgress;
    mapping(address proposer => mapping(uint32 party => Lane)) private _lanes;

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
            (uint32 q, int256 d) = _take(t, k);
            if (d == 0) continue;
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
            (uint32 q, int256 d) = _take(t, k);
            if (d == 0) continue;
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

    /// @dev The k-th member a tally touched with its sum, taken once: a member touched again after
    /// its sum returned to zero is listed twice, and comes back with 0 the second time.
    function _take(Tally memory t, uint256 k) private pure returns (uint32 q, int256 d) {
        q = t.touched[k];
        d = t.delta[q];
        t.delta[q] = 0;
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
            (uint32 q, int256 d) = _take(t, k);
            if (d == 0) continue;
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
            (uint32 q, int256 d) = _take(t, k);
            if (d == 0) continue;
            _accounts[cycle][_parties[q - 1]].rolled += d;
            _move(open, q, -d);
        }
    }
}
