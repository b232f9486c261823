// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ISettlementToken} from "./ISettlementToken.sol";

/// @title The local platform's settlement token: a tokenised deposit with 2 decimals.
/// @notice One token is one minor unit of the currency deposited with the settlement agent
/// (a kopeck, a cent). The agent (MINTER_ROLE) issues tokens when money arrives and holders
/// redeem them to get it back; clusters settle their net positions in it.
/// @dev 2 decimals, as the money it represents: amounts stay far below 2^53, so the clearing
/// solver's exact float64 path applies to real cycles, and users never see 18 decimals of noise.
contract SettlementToken is ERC20, AccessControl, ISettlementToken {
    /// @notice Role of the settlement agent that issues tokens against deposits.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param admin Manages roles (grants MINTER_ROLE to another agent).
    /// @param agent The settlement agent: receives MINTER_ROLE.
    constructor(string memory name_, string memory symbol_, address admin, address agent) ERC20(name_, symbol_) {
        if (admin == address(0)) revert ZeroAddress("admin");
        if (agent == address(0)) revert ZeroAddress("agent");
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, agent);
    }

    /// @notice Minor units: 2, like the deposited currency.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ISettlementToken
    function issue(address to, uint256 amount, bytes32 depositRef) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
        emit Issued(to, amount, depositRef);
    }

    /// @inheritdoc ISettlementToken
    function redeem(uint256 amount) external {
        _burn(msg.sender, amount);
        emit Redeemed(msg.sender, amount);
    }
}
