// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";

/// @title Test-only component: records what the factory gave it at initialisation.
/// @dev Lets the factory's component mechanism be tested before any real component exists.
contract ComponentProbe is Initializable, IClusterComponent {
    address public registry;
    uint256 public clusterId;
    /// @dev The Membership the registry named while this clone was initialised.
    address public membershipSeen;

    constructor() {
        _disableInitializers();
    }

    /// @inheritdoc IClusterComponent
    function initialize(address registry_, uint256 clusterId_) external initializer {
        registry = registry_;
        clusterId = clusterId_;
        membershipSeen = IClusterRegistry(registry_).componentOf(clusterId_, bytes32("Membership"));
    }
}
