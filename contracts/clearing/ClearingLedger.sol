// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IClearingHouse} from "./IClearingHouse.sol";
import {NetHistory} from "./NetHistory.sol";
import {ClusterGate} from "../cluster/ClusterGate.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";

/// @title The ledger of a cluster's clearing: obligations' storage, net positions by cycle, the cycles' phases.
/// @notice The state every part of the clearing reads, and the moves of a cycle that more than one part makes.
/// @dev See ClearingHouse. Net positions are prefix sums by cycle (NetHistory); each open cycle keeps
/// the liquidity it needs alone and merged with the cycle before, so no step visits every member.
abstract contract ClearingLedger is ClusterGate, IClearingHouse {
    using NetHistory for NetHistory.Point[];

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

    struct AccountRecord {
        uint256 funded;
        bool withdrawn;
        bool refunded;
        bool defaulted;
        /// @dev Unwound cycles: rolled over as debtor minus as creditor.
        int256 rolled;
    }

    /// @dev Declared first, so it packs into ClusterGate's slot, which every write reads anyway.
    uint32 internal _openCycle;
    uint256 internal _obligationCount;
    mapping(uint256 obligationId => Hot) internal _hot;
    mapping(uint256 obligationId => Cold) internal _cold;
    address[] internal _parties;
    mapping(address account => uint32 party) private _partyIndex;
    mapping(uint32 party => NetHistory.Point[]) private _history;
    mapping(uint256 cycle => CycleRecord) internal _cycles;
    mapping(uint256 cycle => mapping(address member => AccountRecord)) internal _accounts;

    modifier whenClearing() {
        _requireOpen(false);
        _;
    }

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
    /// @dev As stored: a cycle whose cutoff has passed is closed by the next write (or closeCycle).
    function openCycle() external view returns (uint256) {
        return _openCycle;
    }

    /// @inheritdoc IClearingHouse
    function positionOf(uint256 cycle, address member) public view returns (int256) {
        CycleRecord storage c = _known(cycle);
        uint256 base = c.base;
        if (c.phase == CyclePhase.Open) base = _mergesPrevious(cycle) ? _cycles[cycle - 1].base : cycle;
        return _position(cycle, base, member);
    }

    /// @inheritdoc IClearingHouse
    function participants() external view returns (address[] memory) {
        return _parties;
    }

    /// @dev A confirmed obligation joins the open cycle and moves both parties' net positions.
    function _enter(uint256 obligationId) internal {
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
    function _move(uint256 m, uint32 party, int256 delta) internal {
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

    function _party(address account_) internal returns (uint32 party) {
        party = _partyIndex[account_];
        if (party == 0) {
            _parties.push(account_);
            party = SafeCast.toUint32(_parties.length);
            _partyIndex[account_] = party;
        }
    }

    function _existing(uint256 obligationId) internal view returns (Hot storage h) {
        h = _hot[obligationId];
        if (h.status == ObligationStatus.None) revert UnknownObligation(obligationId);
    }

    /// @dev Closes the open cycle once its cutoff has passed, provided it has something to clear
    /// and the cycle before it is settled or defaulted; otherwise postpones its cutoff to the
    /// next multiple of the cycle length. Every write that depends on the cycle calls this first.
    function _advance() internal {
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

    function _openFunding(uint256 cycle, CycleRecord storage c) internal {
        uint256 debit = c.debit;
        if (debit == 0) return _settle(cycle, c);
        address token = c.token;
        uint64 deadline = SafeCast.toUint64(block.timestamp + c.length / FUNDING_PERIOD_DIVISOR);
        c.fundingDeadline = deadline;
        c.phase = CyclePhase.Funding;
        emit FundingOpened(cycle, token, debit, deadline);
    }

    function _settle(uint256 cycle, CycleRecord storage c) internal {
        c.phase = CyclePhase.Settled;
        emit CycleSettled(cycle, c.funded);
        _advance();
    }

    /// @dev Net position of `member` over the obligations confirmed in cycles base..cycle.
    function _position(uint256 cycle, uint256 base, address member) internal view returns (int256) {
        uint32 party = _partyIndex[member];
        if (party == 0) return 0;
        NetHistory.Point[] storage h = _history[party];
        return h.at(cycle) - (base > 1 ? h.at(base - 1) : int256(0));
    }

    /// @dev Whether an obligation confirmed in `cycle` is settled: the first cycle from there on
    /// that did not default has settled.
    function _settled(uint256 cycle) internal view returns (bool) {
        uint256 open = _openCycle;
        for (uint256 s = cycle; s < open; ++s) {
            CyclePhase phase = _cycles[s].phase;
            if (phase != CyclePhase.Defaulted) return phase == CyclePhase.Settled;
        }
        return false;
    }

    function _mergesPrevious(uint256 cycle) internal view returns (bool) {
        return cycle > 1 && _cycles[cycle - 1].phase == CyclePhase.Defaulted;
    }

    function _finished(CyclePhase phase) internal pure returns (bool) {
        return phase == CyclePhase.Settled || phase == CyclePhase.Defaulted;
    }

    function _known(uint256 cycle) internal view returns (CycleRecord storage) {
        if (cycle == 0 || cycle > _openCycle) revert UnknownCycle(cycle);
        return _cycles[cycle];
    }

    function _cycleIn(uint256 cycle, CyclePhase expected) internal view returns (CycleRecord storage c) {
        c = _known(cycle);
        if (c.phase != expected) revert WrongPhase(cycle, expected, c.phase);
    }

    function _params() internal view returns (IClusterRegistry.SecurityParams memory) {
        return IClusterRegistry(registry()).cluster(clusterId()).params;
    }

    /// @dev When a standing proposal of which nothing was applied may lapse; set with the window.
    function _applyDeadline(CycleRecord storage c) internal view returns (uint64) {
        return c.windowEnd + uint64(c.length / APPLY_PERIOD_DIVISOR);
    }

    /// @dev A member's payout in `cycle` before any roll-over: funded + position. Negative only for
    /// a net debtor that did not fund (a defaulter).
    function _own(uint256 cycle, uint256 base, address member) internal view returns (int256) {
        return int256(_accounts[cycle][member].funded) + _position(cycle, base, member);
    }

    function _shift(uint256 debit, int256 from, int256 to) private pure returns (uint256) {
        return debit + _owed(to) - _owed(from);
    }

    function _owed(int256 position) private pure returns (uint256) {
        return position < 0 ? uint256(-position) : 0;
    }
}
