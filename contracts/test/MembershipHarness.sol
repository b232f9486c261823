// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Membership} from "../cluster/Membership.sol";

/// @title Test-only Membership with an open door out: lets the tests record a member leaving.
/// @dev Expulsion comes with the governance issue; until then this proves the seat history
/// (past votes, past total supply) survives a leave and a return. Anyone may call it: never deploy.
contract MembershipHarness is Membership {
    function removeMember(address account) external {
        _removeMember(account);
    }
}
