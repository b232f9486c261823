// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IERC5192} from "./IERC5192.sol";
import {IMembership} from "./IMembership.sol";

/// @title One-member-one-vote seats: ERC-721 views, ERC-5192 locks and ERC-5805 votes without per-seat storage.
/// @notice Each member holds exactly one non-transferable seat, always delegated to itself, worth
/// one vote on the timestamp clock. OpenZeppelin's Governor (GovernorVotes) reads it like any
/// ERC721Votes token.
/// @dev Replaces ERC721VotesUpgradeable, whose owner, balance, delegate and per-account
/// checkpoint slots a seat does not need: who holds which seat since when is asked of the heir
/// (`_seatOf`, `_holderOf`), which already keeps it in one slot per member. The only storage here
/// is one checkpoint trace of the seat count (several seats given in one second share one
/// checkpoint) and, for an account that has given a seat up, a trace of its votes; an account
/// that never left has none and its past votes follow from its join time alone.
/// Seat ids start at 1: 0 means "no seat". The heir calls `_addSeat` after its storage shows the
/// new seat and `_removeSeat` before its storage forgets one.
abstract contract SoulboundSeats is IVotes, IERC6372, IERC721Metadata, IERC721Errors, IERC5192 {
    using Checkpoints for Checkpoints.Trace208;

    /// @dev A vote was asked for at or after the current clock, like OpenZeppelin's Votes.
    error ERC5805FutureLookup(uint256 timepoint, uint48 clock);

    /// @dev Number of seats held, by time of change.
    Checkpoints.Trace208 private _seatCount;
    /// @dev Written only when an account gives up a seat: its join (1) and its leave (0). An
    /// account that comes back needs no entry until it leaves again (see getPastVotes).
    mapping(address account => Checkpoints.Trace208) private _seatHistory;

    // ---------------------------------------------------------------- heir's view of its members

    /// @dev The seat `account` holds now (0 if none) and the time it took it.
    function _seatOf(address account) internal view virtual returns (uint256 seatId, uint48 since);

    /// @dev The account holding seat `seatId` now, address(0) if nobody does.
    function _holderOf(uint256 seatId) internal view virtual returns (address);

    // ---------------------------------------------------------------- ERC-6372 clock

    /// @notice Seats live on the timestamp clock (ERC-6372), like the cluster's governor.
    function clock() public view virtual returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Machine-readable description of the clock (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public view virtual returns (string memory) {
        return "mode=timestamp";
    }

    // ---------------------------------------------------------------- votes (IVotes / ERC-5805)

    /// @notice One vote for a seat holder, none for anybody else.
    function getVotes(address account) external view returns (uint256) {
        (uint256 seatId,) = _seatOf(account);
        return seatId == 0 ? 0 : 1;
    }

    /// @notice The votes `account` had at the end of `timepoint` (a past unix time).
    /// @dev Reverts with ERC5805FutureLookup for the current second or later. A holder that took
    /// its seat at or before `timepoint` had it then (it can only have left before taking it);
    /// otherwise the leave history answers, and it is empty (0) for an account that never left.
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        return _votesAt(account, _pastTimepoint(timepoint));
    }

    /// @dev getPastVotes for a timepoint already checked to be in the past.
    function _votesAt(address account, uint48 at) internal view returns (uint256) {
        (uint256 seatId, uint48 since) = _seatOf(account);
        if (seatId != 0 && at >= since) return 1;
        return _seatHistory[account].upperLookupRecent(at);
    }

    /// @notice The number of seats held at the end of `timepoint` (a past unix time).
    /// @dev Reverts with ERC5805FutureLookup for the current second or later.
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        return _seatCount.upperLookupRecent(_pastTimepoint(timepoint));
    }

    /// @notice A seat is always delegated to its holder; a non-holder has no delegate.
    function delegates(address account) external view returns (address) {
        (uint256 seatId,) = _seatOf(account);
        return seatId == 0 ? address(0) : account;
    }

    /// @notice Delegating to oneself is accepted and changes nothing (a seat, present or future,
    /// is always its holder's vote); delegating to anybody else reverts with DelegationLocked.
    function delegate(address delegatee) external view {
        if (delegatee != msg.sender) revert IMembership.DelegationLocked(msg.sender, delegatee);
    }

    /// @notice Always reverts with DelegationLocked: seats cannot be delegated.
    /// @dev The signature is not read (there is no EIP-712 domain), so the delegator is unknown
    /// and reported as address(0).
    function delegateBySig(address delegatee, uint256, uint256, uint8, bytes32, bytes32) external pure {
        revert IMembership.DelegationLocked(address(0), delegatee);
    }

    // ---------------------------------------------------------------- ERC-721 views

    /// @notice 1 for a seat holder, 0 for anybody else; reverts with ERC721InvalidOwner for address(0).
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        (uint256 seatId,) = _seatOf(owner);
        return seatId == 0 ? 0 : 1;
    }

    /// @notice The holder of seat `tokenId`; reverts with ERC721NonexistentToken if nobody holds it.
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _requireHolder(tokenId);
    }

    /// @notice Seats carry no metadata: the empty URI, as OpenZeppelin's ERC721 without a base URI.
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        _requireHolder(tokenId);
        return "";
    }

    /// @notice Nobody is ever approved for a seat; reverts with ERC721NonexistentToken for an unheld one.
    function getApproved(uint256 tokenId) external view returns (address) {
        _requireHolder(tokenId);
        return address(0);
    }

    /// @notice Seats have no operators.
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @notice Every seat is locked to its holder (ERC-5192); reverts with ERC721NonexistentToken for an unheld one.
    function locked(uint256 tokenId) external view returns (bool) {
        _requireHolder(tokenId);
        return true;
    }

    /// @notice ERC-165: ERC-721 (with metadata), ERC-5192 and ERC-165 itself.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC721).interfaceId || interfaceId == type(IERC721Metadata).interfaceId
            || interfaceId == type(IERC5192).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    // ---------------------------------------------------------------- ERC-721 moves: all refused

    /// @notice Always reverts with SeatNotTransferable, even for the seat's holder.
    function transferFrom(address, address, uint256 tokenId) external pure {
        revert IMembership.SeatNotTransferable(tokenId);
    }

    /// @notice Always reverts with SeatNotTransferable, even for the seat's holder.
    function safeTransferFrom(address, address, uint256 tokenId) external pure {
        revert IMembership.SeatNotTransferable(tokenId);
    }

    /// @notice Always reverts with SeatNotTransferable, even for the seat's holder.
    function safeTransferFrom(address, address, uint256 tokenId, bytes calldata) external pure {
        revert IMembership.SeatNotTransferable(tokenId);
    }

    /// @notice Always reverts: seats are not transferable, so nobody can be approved to move one.
    function approve(address, uint256 tokenId) external pure {
        revert IMembership.SeatNotTransferable(tokenId);
    }

    /// @notice Always reverts: seats are not transferable, so there are no operators.
    function setApprovalForAll(address, bool) external pure {
        revert IMembership.SeatNotTransferable(0);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Records the seat the heir has just given `account` and announces it with the events
    /// an ERC721Votes mint and self-delegation emit, plus ERC-5192's Locked.
    function _addSeat(address account, uint256 seatId) internal {
        _seatCount.push(clock(), _seatCount.latest() + 1);
        emit DelegateChanged(account, address(0), account);
        emit Transfer(address(0), account, seatId);
        emit Locked(seatId);
        emit DelegateVotesChanged(account, 0, 1);
    }

    /// @dev Records that `account` gives up its seat, and returns the seat's id. Call while the
    /// heir's storage still shows the seat, then make it forget it. The account's history gets
    /// its latest join and this leave: earlier stints were written when they ended.
    function _removeSeat(address account) internal returns (uint256 seatId) {
        uint48 since;
        (seatId, since) = _seatOf(account);
        if (seatId == 0) revert IMembership.NotMember(account);
        uint48 now_ = clock();
        Checkpoints.Trace208 storage history = _seatHistory[account];
        history.push(since, 1);
        history.push(now_, 0);
        _seatCount.push(now_, _seatCount.latest() - 1);
        emit DelegateChanged(account, account, address(0));
        emit Transfer(account, address(0), seatId);
        emit DelegateVotesChanged(account, 1, 0);
    }

    /// @dev The number of seats held now.
    function _seatTotal() internal view returns (uint256) {
        return _seatCount.latest();
    }

    function _requireHolder(uint256 seatId) private view returns (address holder) {
        holder = _holderOf(seatId);
        if (holder == address(0)) revert ERC721NonexistentToken(seatId);
    }

    function _pastTimepoint(uint256 timepoint) internal view returns (uint48) {
        uint48 current = clock();
        if (timepoint >= current) revert ERC5805FutureLookup(timepoint, current);
        return uint48(timepoint);
    }
}
