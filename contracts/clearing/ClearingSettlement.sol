// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {IClearingHouse} from "./IClearingHouse.sol";
import {ClearingProposals} from "./ClearingProposals.sol";

/// @title The net settlement of a cluster's clearing: funding, defaults, payouts and refunds.
/// @dev See ClearingHouse. Taking money out is never refused for the cluster's state.
abstract contract ClearingSettlement is ClearingProposals, ReentrancyGuardUpgradeable {
    using SafeERC20 for IERC20;

    mapping(address token => uint256) private _liabilities;
    mapping(address member => uint256) private _defaults;

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
    function liabilities(address token) external view returns (uint256) {
        return _liabilities[token];
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
}
