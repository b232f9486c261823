// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title What the ClearingHouse reads from a cluster's agreements component.
/// @notice The payment obligations an accepted agreement milestone creates. Only these two
/// functions of the cluster's "Agreements" component are used, so the clearing does not depend
/// on the rest of the agreement registry.
interface IAgreementObligations {
    /// @dev Field order and types are the agreement registry's: the ABI must match exactly.
    struct PaymentObligation {
        uint256 agreementId;
        uint256 milestoneIndex;
        address payer;
        address payee;
        uint256 amount;
        uint64 dueDate;
    }

    /// @notice The payment obligation created by an accepted milestone.
    function paymentObligation(uint256 obligationId) external view returns (PaymentObligation memory);

    /// @notice How many payment obligations exist.
    function obligationCount() external view returns (uint256);
}
