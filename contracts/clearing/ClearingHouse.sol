// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ClearingSettlement} from "./ClearingSettlement.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ClusterGate} from "../cluster/ClusterGate.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";

/// @title A cluster's corporate clearing: obligations, a verified multilateral set-off, net settlement.
/// @notice One clone per cluster (component kind "Clearing"). Nobody is trusted to compute the
/// set-off: any proposal is checked here (a circulation within the outstanding amounts) and the
/// largest one submitted during the challenge window wins, so whoever computes the optimum wins.
/// A cycle whose debtors do not all fund is unwound the same way: any proposal of amounts to roll
/// into the next cycle that lets the funded money pay everyone is checked here, the smallest wins,
/// and the rest settles, so one defaulter holds up only what it owes.
/// Business is refused unless the cluster is Active and has "corporate-clearing" enabled; taking
/// money out (withdraw, reclaim), declaring or recording a default and applying an unwind never
/// are, so no money can get stuck.
/// @dev Net positions are invariant under a set-off (a circulation cancels as much into every
/// member as out of it), so they are kept up to date as obligations are confirmed and the set-off
/// only lowers outstanding amounts. Each member's positions are prefix sums by cycle (NetHistory)
/// and each open cycle keeps the liquidity it needs both alone and merged with the cycle before
/// (in case that one defaults), so neither closing nor rolling a cycle over visits every member.
contract ClearingHouse is ClearingSettlement {
    string private constant SERVICE = "corporate-clearing";

    /// @dev The implementation is only a template for clones; it can never be initialised itself.
    /// @param registry_ The platform's ClusterRegistry (see ClusterGate).
    constructor(address registry_) ClusterGate(registry_) {}

    /// @inheritdoc IClusterComponent
    /// @dev Called by the factory while the cluster is Forming, after the Membership is attached.
    /// The first cycle's cutoff is one cycle length from now. The reentrancy guard is left at
    /// zero (not entered, like its initial value) rather than initialised: that write would cost
    /// every new cluster ~22k gas, and the first guarded call pays it instead.
    function initialize(address registry_, uint256 clusterId_) external {
        _initGate(registry_, clusterId_);
        uint64 cutoff = SafeCast.toUint64(block.timestamp + _params().clearingCycleLength);
        _openCycle = 1;
        CycleRecord storage c = _cycles[1];
        c.cutoff = cutoff;
        c.phase = CyclePhase.Open;
        emit CycleOpened(1, cutoff);
    }

    /// @inheritdoc ClusterGate
    function _serviceName() internal pure override returns (string memory) {
        return SERVICE;
    }
}
