// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IValidatorSet} from "./IValidatorSet.sol";

/// @title The consortium's validator set for Besu's QBFT contract mode.
/// @notice Placed in the genesis `alloc` by the network kit (deploy/besu/validatorSet.ts), with
/// its storage written as this layout expects, so it exists from block 0 without a constructor run.
/// @dev The layout is part of the contract's interface with the kit: slot 0 the admin, slot 1 the
/// validators array, slot 2 each validator's position (index + 1). Never reorder these.
contract ValidatorSet is IValidatorSet {
    address private _admin;
    address[] private _validators;
    mapping(address validator => uint256 position) private _positions;

    /// @param admin_ Who may change the set.
    /// @param validators_ The first validators (at least one).
    constructor(address admin_, address[] memory validators_) {
        if (admin_ == address(0)) revert ZeroAddress();
        if (validators_.length == 0) revert LastValidator(address(0));
        _admin = admin_;
        emit AdminTransferred(address(0), admin_);
        for (uint256 i = 0; i < validators_.length; ++i) _add(validators_[i]);
    }

    modifier onlyAdmin() {
        if (msg.sender != _admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @inheritdoc IValidatorSet
    function getValidators() external view returns (address[] memory) {
        return _validators;
    }

    /// @inheritdoc IValidatorSet
    function isValidator(address account) external view returns (bool) {
        return _positions[account] != 0;
    }

    /// @inheritdoc IValidatorSet
    function admin() external view returns (address) {
        return _admin;
    }

    /// @inheritdoc IValidatorSet
    function addValidator(address validator) external onlyAdmin {
        _add(validator);
    }

    /// @inheritdoc IValidatorSet
    /// @dev The last validator moves into the removed one's place: Besu reads a set, not a queue.
    function removeValidator(address validator) external onlyAdmin {
        uint256 position = _positions[validator];
        if (position == 0) revert NotValidator(validator);
        uint256 last = _validators.length;
        if (last == 1) revert LastValidator(validator);
        if (position != last) {
            address moved = _validators[last - 1];
            _validators[position - 1] = moved;
            _positions[moved] = position;
        }
        _validators.pop();
        delete _positions[validator];
        emit ValidatorRemoved(validator);
    }

    /// @inheritdoc IValidatorSet
    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        address previous = _admin;
        _admin = newAdmin;
        emit AdminTransferred(previous, newAdmin);
    }

    function _add(address validator) private {
        if (validator == address(0)) revert ZeroAddress();
        if (_positions[validator] != 0) revert AlreadyValidator(validator);
        _validators.push(validator);
        _positions[validator] = _validators.length;
        emit ValidatorAdded(validator);
    }
}
