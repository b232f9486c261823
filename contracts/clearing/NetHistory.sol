// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title A member's running net position (receivable minus payable) by clearing cycle.
/// @dev One point per cycle in which the member's confirmed obligations changed, holding the sum
/// over every obligation confirmed up to and including that cycle. The net position over any
/// range of cycles is then the difference of two lookups, whatever defaults merged cycles, so a
/// roll-over never has to visit every member.
library NetHistory {
    struct Point {
        uint32 cycle;
        int224 cum;
    }

    /// @dev Sum over the obligations confirmed in cycles up to `cycle` (0 before the first point).
    function at(Point[] storage points, uint256 cycle) internal view returns (int256) {
        uint256 n = points.length;
        if (n == 0) return 0;
        Point storage last = points[n - 1];
        if (last.cycle <= cycle) return last.cum;
        // The first point past `cycle`, by bisection; points[n - 1] is known to be past it.
        uint256 lo = 0;
        uint256 hi = n - 1;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (points[mid].cycle > cycle) hi = mid;
            else lo = mid + 1;
        }
        return lo == 0 ? int256(0) : points[lo - 1].cum;
    }

    /// @dev Adds `delta` in `cycle`, which is never before the latest point's cycle. Returns the
    /// running sum before the addition and the sum up to the cycle before `cycle`.
    function add(Point[] storage points, uint256 cycle, int256 delta)
        internal
        returns (int256 before, int256 beforeCycle)
    {
        uint256 n = points.length;
        if (n != 0) {
            Point storage last = points[n - 1];
            before = last.cum;
            if (last.cycle == cycle) {
                beforeCycle = n > 1 ? int256(points[n - 2].cum) : int256(0);
                last.cum = SafeCast.toInt224(before + delta);
                return (before, beforeCycle);
            }
        }
        beforeCycle = before;
        points.push(Point({cycle: SafeCast.toUint32(cycle), cum: SafeCast.toInt224(before + delta)}));
    }
}
