// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title The QBFT validators of the consortium's Besu network, in contract mode.
/// @notice Besu asks `getValidators()` of the contract named in the genesis
/// (`qbft.validatorcontractaddress`) for every block; a change here takes effect from the next.
interface IValidatorSet {
    event ValidatorAdded(address indexed validator);
    event ValidatorRemoved(address indexed validator);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    error NotAdmin(address caller);
    error ZeroAddress();
    error AlreadyValidator(address validator);
    error NotValidator(address validator);
    /// @dev QBFT needs at least one validator to make blocks.
    error LastValidator(address validator);

    /// @notice The validators, in the order Besu reads them.
    function getValidators() external view returns (address[] memory);

    /// @notice Whether `account` is a validator now.
    function isValidator(address account) external view returns (bool);

    /// @notice Who may change the set: the CDC's account, or a governor of the validator organisations.
    function admin() external view returns (address);

    /// @notice Adds a validator (admin only).
    function addValidator(address validator) external;

    /// @notice Removes a validator (admin only); the last one stays.
    function removeValidator(address validator) external;

    /// @notice Hands the admin role to another account or contract (admin only).
    function transferAdmin(address newAdmin) external;
}
