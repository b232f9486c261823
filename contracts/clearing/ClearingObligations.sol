// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClearingHouse} from "./IClearingHouse.sol";
import {IAgreementRegistry} from "../agreements/IAgreementRegistry.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {ClearingLedger} from "./ClearingLedger.sol";
import {ComponentKinds} from "../cluster/ComponentKinds.sol";

/// @title The obligations of a cluster's clearing: recorded, confirmed, cancelled, imported from agreements.
/// @dev See ClearingHouse.
abstract contract ClearingObligations is ClearingLedger {

    mapping(uint256 agreementObligationId => uint256 obligationId) private _imported;
    mapping(uint256 obligationId => uint256 agreementObligationId) private _agreementOf;

    /// @inheritdoc IClearingHouse
    /// @dev Both the caller (creditor) and the debtor must be members. Amounts are token units,
    /// at most 2^128 - 1.
    function createObligation(address debtor, uint256 amount, uint64 dueDate, bytes32 referenceDigest)
        external
        whenClearing
        returns (uint256 obligationId)
    {
        _requireMember(msg.sender);
        if (debtor == msg.sender) revert SelfObligation(debtor);
        _requireMember(debtor);
        obligationId = _record(debtor, msg.sender, amount, dueDate, referenceDigest);
    }

    /// @inheritdoc IClearingHouse
    /// @dev The debtor only, once. It joins the open cycle (after closing the previous one if its
    /// cutoff has passed).
    function confirmObligation(uint256 obligationId) external whenClearing {
        Hot storage h = _existing(obligationId);
        if (_parties[h.debtor - 1] != msg.sender) revert NotDebtor(obligationId, msg.sender);
        if (h.status != ObligationStatus.Proposed) revert ObligationNotPending(obligationId, h.status);
        _enter(obligationId);
    }

    /// @inheritdoc IClearingHouse
    /// @dev The creditor only, and only before confirmation.
    function cancelObligation(uint256 obligationId) external whenClearing {
        Hot storage h = _existing(obligationId);
        if (_parties[h.creditor - 1] != msg.sender) revert NotCreditor(obligationId, msg.sender);
        if (h.status != ObligationStatus.Proposed) revert ObligationNotPending(obligationId, h.status);
        h.status = ObligationStatus.Cancelled;
        emit ObligationCancelled(obligationId);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Anyone may import, once per payment obligation; the cluster's "Agreements" component
    /// (the platform's AgreementRegistry) vouches for it: it only makes obligations between two
    /// distinct parties of an agreement, of 1 to 2^128-1, so payer and payee are not checked
    /// again here.
    function importAgreementObligation(uint256 agreementObligationId)
        external
        whenClearing
        returns (uint256 obligationId)
    {
        uint256 existing = _imported[agreementObligationId];
        if (existing != 0) revert AlreadyImported(agreementObligationId, existing);
        address agreements = IClusterRegistry(registry()).componentOf(clusterId(), ComponentKinds.AGREEMENTS);
        if (agreements == address(0)) revert NoAgreementsComponent(clusterId());
        // Only paymentObligation and obligationCount of the agreement registry are read.
        IAgreementRegistry source = IAgreementRegistry(agreements);
        // Ids run from 1 to the count (the registry would revert with its own error otherwise).
        if (agreementObligationId == 0 || agreementObligationId > source.obligationCount()) {
            revert UnknownAgreementObligation(agreementObligationId);
        }
        IAgreementRegistry.PaymentObligation memory po = source.paymentObligation(agreementObligationId);

        obligationId = _record(po.payer, po.payee, po.amount, po.dueDate, bytes32(0));
        _imported[agreementObligationId] = obligationId;
        _agreementOf[obligationId] = agreementObligationId;
        _enter(obligationId);
        emit ObligationImported(obligationId, agreementObligationId, po.agreementId, po.milestoneIndex);
    }

    /// @inheritdoc IClearingHouse
    /// @dev Reverts with UnknownObligation for an unused id.
    function obligation(uint256 obligationId) external view returns (Obligation memory o) {
        Hot memory h = _hot[obligationId];
        if (h.status == ObligationStatus.None) revert UnknownObligation(obligationId);
        Cold storage k = _cold[obligationId];
        o.debtor = _parties[h.debtor - 1];
        o.creditor = _parties[h.creditor - 1];
        o.amount = k.amount;
        o.outstanding = h.outstanding;
        o.dueDate = k.dueDate;
        o.cycle = h.cycle;
        o.status = h.status;
        o.referenceDigest = k.referenceDigest;
        o.agreementObligationId = _agreementOf[obligationId];
        if (h.status == ObligationStatus.Confirmed && _settled(h.cycle)) {
            o.status = ObligationStatus.Settled;
            o.outstanding = 0;
        }
    }

    /// @inheritdoc IClearingHouse
    function obligationCount() external view returns (uint256) {
        return _obligationCount;
    }

    /// @inheritdoc IClearingHouse
    function importedAs(uint256 agreementObligationId) external view returns (uint256) {
        return _imported[agreementObligationId];
    }

    function _record(address debtor, address creditor, uint256 amount, uint64 dueDate, bytes32 referenceDigest)
        private
        returns (uint256 obligationId)
    {
        if (amount == 0 || amount > type(uint128).max) revert InvalidAmount(amount);
        obligationId = ++_obligationCount;
        _hot[obligationId] = Hot({
            outstanding: uint128(amount),
            debtor: _party(debtor),
            creditor: _party(creditor),
            cycle: 0,
            status: ObligationStatus.Proposed
        });
        _cold[obligationId] = Cold({amount: uint128(amount), dueDate: dueDate, referenceDigest: referenceDigest});
        emit ObligationCreated(obligationId, creditor, debtor, amount, dueDate, referenceDigest);
    }
}
