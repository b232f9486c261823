// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title Minimal soulbound NFTs (ERC-5192).
/// @dev Interface id 0xb45a3c0e (the selector of `locked`). OpenZeppelin 5.1 ships no copy.
interface IERC5192 {
    /// @notice A token became non-transferable (emitted at mint for tokens locked from birth).
    event Locked(uint256 tokenId);

    /// @notice A token became transferable again.
    event Unlocked(uint256 tokenId);

    /// @notice Whether the token is bound to its owner; reverts for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool);
}
