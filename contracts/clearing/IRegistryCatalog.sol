// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IServiceCatalog} from "../platform/IServiceCatalog.sol";

/// @title The registry's catalog getter, which IClusterRegistry does not declare.
/// @dev ClusterRegistry exposes `catalog()` as a public immutable; components use it to turn a
/// service name into the id `isServiceEnabled` takes.
interface IRegistryCatalog {
    function catalog() external view returns (IServiceCatalog);
}
