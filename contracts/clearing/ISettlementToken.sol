// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title A tokenised deposit: the settlement agent issues it against money received and
/// redeems it by paying the money out.
interface ISettlementToken is IERC20 {
    /// @notice The agent issued `amount` to `to` against a deposit `depositRef` identifies.
    event Issued(address indexed to, uint256 amount, bytes32 depositRef);
    /// @notice `holder` burned `amount` for the agent to pay out to its bank account.
    event Redeemed(address indexed holder, uint256 amount);

    error ZeroAddress(string field);

    /// @notice Issues `amount` to `to` (the settlement agent only).
    function issue(address to, uint256 amount, bytes32 depositRef) external;

    /// @notice Burns the caller's `amount` to be paid out by the agent.
    function redeem(uint256 amount) external;
}
