// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Membership} from "../cluster/Membership.sol";

/// @title Test-only Membership with an open door out: lets the tests record a member leaving.
/// @dev In a cluster a member leaves only by an expulsion vote (ClusterGovernor); this reaches the
/// same internal path directly, so the seat-history tests can leave and rejoin at timepoints of
/// their choosing (even within one second). Anyone may call it: never deploy.
contract MembershipHarness is Membership {
    constructor(address registry_) Membership(registry_) {}

    function removeMember(address account) external {
        _removeMember(account);
    }
}
