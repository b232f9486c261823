// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IClusterComponent} from "../../cluster/IClusterComponent.sol";
import {IAgreementObligations} from "../IAgreementObligations.sol";

/// @title Test-only stand-in for the agreements component, as the ClearingHouse sees it.
/// @dev Serves the two functions of IAgreementObligations from a list the test fills; ids from 1.
/// Cloned by the factory as kind "Agreements" so the ClearingHouse finds it through the registry.
/// Replaced by the real agreement registry once it exists; never deployed by deploy/.
contract AgreementObligationsStub is Initializable, IClusterComponent, IAgreementObligations {
    PaymentObligation[] private _obligations;

    constructor() {
        _disableInitializers();
    }

    /// @inheritdoc IClusterComponent
    function initialize(address, uint256) external initializer {}

    /// @notice Test helper: records a payment obligation as an accepted milestone would.
    function add(PaymentObligation calldata po) external returns (uint256 obligationId) {
        _obligations.push(po);
        return _obligations.length;
    }

    /// @inheritdoc IAgreementObligations
    /// @dev Unknown ids read as an empty obligation (payer zero).
    function paymentObligation(uint256 obligationId) external view returns (PaymentObligation memory po) {
        if (obligationId != 0 && obligationId <= _obligations.length) po = _obligations[obligationId - 1];
    }

    /// @inheritdoc IAgreementObligations
    function obligationCount() external view returns (uint256) {
        return _obligations.length;
    }
}
