// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterGate} from "../cluster/IClusterGate.sol";

/// @title A cluster's corporate clearing: obligations, a verified multilateral set-off, net settlement.
/// @notice Members record what they owe each other. Each cycle closes at a cutoff; anyone may then
/// propose a set-off (a circulation of cancellations) for the closed cycle, a larger one replaces
/// the standing one during a challenge window, the best is applied, and what remains is settled
/// net in the cluster's settlement token: net debtors fund, then net creditors withdraw. A cycle
/// whose debtors do not all fund by the deadline is unwound: the smallest set of obligation amounts
/// that, rolled into the next cycle, lets the funded money pay everyone else is found the same way
/// as the set-off (anyone proposes, the smallest wins), the rest settles, and each defaulter's
/// default is recorded against it for the cluster to act on.
/// @dev Life cycle of a cycle: Open -> Proposing (closed; proposals) -> Applying (best proposal
/// applied in chunks) -> Funding -> Settled, or after a default Funding -> Unwinding (unwind
/// proposals, applied in chunks) -> Settled, or -> Defaulted when no unwind was applied in time
/// (everything rolls over, funders reclaim). At most one cycle is between Proposing and Unwinding;
/// the open cycle closes only once the one before it is Settled or Defaulted. A cycle can always
/// move on: every chunk of a proposal is small enough to apply in one transaction, a standing
/// set-off nobody starts applying by its apply deadline lapses (funding opens without it), and an
/// unwind nobody proposes or starts applying in time gives way to a full default.
interface IClearingHouse is IClusterGate {
    /// @dev Settled is never stored: a confirmed obligation is settled once its cycle settles.
    enum ObligationStatus {
        None,
        Proposed,
        Confirmed,
        Cancelled,
        Settled
    }

    enum CyclePhase {
        None,
        Open,
        Proposing,
        Applying,
        Funding,
        Settled,
        Defaulted,
        Unwinding
    }

    /// @dev Submitted = complete and verified (a circulation within the outstanding amounts).
    enum ProposalState {
        None,
        InProgress,
        Submitted,
        Abandoned
    }

    /// @notice One line of a proposal: for a set-off, cancel `amount` of obligation `obligationId`;
    /// for an unwind, roll `amount` of it into the next cycle (the rest of it settles).
    /// @dev Lines of a proposal name strictly ascending obligation ids (across its chunks), so no
    /// obligation is cancelled or rolled twice.
    struct Cancellation {
        uint64 obligationId;
        uint128 amount;
    }

    struct Obligation {
        address debtor;
        address creditor;
        uint256 amount;
        /// @dev What is still owed: amount less the set-off applied; 0 once settled.
        uint256 outstanding;
        uint64 dueDate;
        /// @dev The cycle the obligation was confirmed in (0 while proposed or cancelled).
        uint64 cycle;
        ObligationStatus status;
        /// @dev Digest of the reference document's CID (invoice, milestone); zero for imports.
        bytes32 referenceDigest;
        /// @dev The agreements component's payment obligation it was imported from, or 0.
        uint256 agreementObligationId;
    }

    struct Cycle {
        /// @dev Obligations confirmed before it belong to this cycle (or a later one).
        uint64 cutoff;
        /// @dev End of the challenge window; 0 until the first proposal is submitted.
        uint64 windowEnd;
        /// @dev After it, a standing proposal of which no chunk was applied may lapse; 0 with windowEnd.
        uint64 applyDeadline;
        /// @dev Net debtors fund before it; 0 until the set-off is applied.
        uint64 fundingDeadline;
        /// @dev The first cycle whose obligations this one clears: earlier than itself after a default.
        uint64 baseCycle;
        CyclePhase phase;
        /// @dev Obligations this cycle clears, rolled-over ones included.
        uint256 obligations;
        uint256 bestProposal;
        uint256 bestTotal;
        /// @dev Sum of the net debtors' positions: the liquidity the net settlement needs
        /// (provisional while the cycle is open).
        uint256 liquidityNeeded;
        uint256 funded;
        /// @dev Settlement token, fixed when the cycle closes (zero while it is open).
        address token;
        /// @dev The standing proposal lapsed unapplied: funding opened without a set-off.
        bool setOffLapsed;
        /// @dev When the funding deadline passed unfunded and unwinding began; 0 if it never did.
        /// While Unwinding, windowEnd, applyDeadline, bestProposal and bestTotal are the unwind's.
        uint64 unwindingOpened;
        /// @dev Without an unwind proposal by then, anyone may declare a full default; 0 with unwindingOpened.
        uint64 unwindProposeBy;
    }

    struct Proposal {
        address proposer;
        uint64 cycle;
        ProposalState state;
        uint64 chunks;
        uint64 appliedChunks;
        /// @dev Chunked proposals only (0 for one submitted in one transaction).
        uint64 lastObligationId;
        /// @dev Set-off: members whose cancellations as debtor and as creditor differ so far;
        /// unwind: members who would still have to pay in (chunked proposals).
        uint64 unbalancedMembers;
        /// @dev Set-off: the amount cancelled; unwind: the amount rolled into the next cycle.
        uint256 total;
        /// @dev Made for a cycle in Unwinding: lines roll amounts over instead of cancelling them.
        bool unwind;
        /// @dev Unwind (chunked): defaulters' shortfall covered by the members touched so far.
        uint256 covered;
    }

    /// @notice A member's part in one cycle's settlement. position > 0: net creditor.
    struct Account {
        int256 position;
        uint256 funded;
        bool withdrawn;
        bool refunded;
        /// @dev Unwound cycles: rolled into the next cycle as debtor minus as creditor.
        int256 rolled;
        /// @dev What `withdraw` pays in a Settled cycle: funded + position + rolled (0 otherwise).
        uint256 payout;
        /// @dev The member's default in this cycle is on record (`recordDefault`).
        bool defaulted;
    }

    event ObligationCreated(
        uint256 indexed obligationId,
        address indexed creditor,
        address indexed debtor,
        uint256 amount,
        uint64 dueDate,
        bytes32 referenceDigest
    );
    event ObligationConfirmed(uint256 indexed obligationId, uint256 indexed cycle);
    event ObligationCancelled(uint256 indexed obligationId);
    /// @dev Follows ObligationCreated and ObligationConfirmed for the same obligation.
    event ObligationImported(
        uint256 indexed obligationId, uint256 indexed agreementObligationId, uint256 agreementId, uint256 milestoneIndex
    );
    event CycleOpened(uint256 indexed cycle, uint64 cutoff);
    /// @dev The open cycle's cutoff moved one or more cycle lengths on: it had nothing to clear, or
    /// the cycle before it was still being cleared.
    event CutoffPostponed(uint256 indexed cycle, uint64 cutoff);
    /// @dev `token` is the settlement token the cycle settles in, whatever the cluster changes later.
    event CycleClosed(
        uint256 indexed cycle, uint256 baseCycle, uint256 obligations, uint256 liquidityNeeded, address token
    );
    event ProposalStarted(uint256 indexed proposalId, uint256 indexed cycle, address indexed proposer);
    event ProposalChunkAdded(
        uint256 indexed proposalId, uint256 chunkIndex, Cancellation[] cancellations, uint256 chunkTotal
    );
    event ProposalAbandoned(uint256 indexed proposalId);
    /// @notice A complete, verified proposal became the cycle's standing best.
    event ProposalSubmitted(
        uint256 indexed cycle,
        uint256 indexed proposalId,
        address indexed proposer,
        uint256 total,
        uint256 replacedProposalId,
        uint64 windowEnd,
        uint64 applyDeadline
    );
    event SetOffChunkApplied(uint256 indexed cycle, uint256 indexed proposalId, uint256 chunkIndex);
    /// @notice The whole best proposal is applied: its cancellations are now final.
    event SetOffApplied(uint256 indexed cycle, uint256 indexed proposalId, uint256 total);
    /// @notice Nobody applied the standing proposal by its apply deadline: it is dropped and funding
    /// opens without a set-off (which never changes net positions, only the gross amounts).
    event SetOffLapsed(uint256 indexed cycle, uint256 indexed proposalId);
    event FundingOpened(uint256 indexed cycle, address token, uint256 liquidityNeeded, uint64 deadline);
    event PositionFunded(uint256 indexed cycle, address indexed member, uint256 amount);
    event CycleSettled(uint256 indexed cycle, uint256 liquidity);
    /// @notice The funding deadline passed short of the liquidity needed: unwind proposals may come
    /// until `proposeBy` (then the challenge window and apply period of the first one run).
    event UnwindingOpened(uint256 indexed cycle, uint256 funded, uint256 liquidityNeeded, uint64 proposeBy);
    event UnwindChunkApplied(uint256 indexed cycle, uint256 indexed proposalId, uint256 chunkIndex);
    /// @notice `amount` of the obligation moved from an unwound cycle into the open one, where it
    /// is now its whole outstanding amount; the rest of it settled.
    event ObligationRolled(uint256 indexed obligationId, uint256 indexed fromCycle, uint256 indexed toCycle, uint256 amount);
    /// @notice The whole best unwind is applied: `rolled` moved into `rolledInto`, the rest settles
    /// (CycleSettled follows) and members withdraw their payouts.
    event CycleUnwound(uint256 indexed cycle, uint256 indexed proposalId, uint256 rolled, uint256 rolledInto);
    /// @notice No unwind was applied in time: every obligation rolls over and funders reclaim.
    event CycleDefaulted(uint256 indexed cycle, uint256 funded, uint256 liquidityNeeded, uint256 rolledInto);
    /// @notice A net debtor that did not fund, on record; `defaults` is its count in this cluster.
    event MemberDefaulted(uint256 indexed cycle, address indexed member, uint256 shortfall, uint256 defaults);
    event Withdrawn(uint256 indexed cycle, address indexed member, address token, uint256 amount);
    event Refunded(uint256 indexed cycle, address indexed member, address token, uint256 amount);

    error SelfObligation(address account);
    error InvalidAmount(uint256 amount);
    error UnknownObligation(uint256 obligationId);
    error NotDebtor(uint256 obligationId, address caller);
    error NotCreditor(uint256 obligationId, address caller);
    error ObligationNotPending(uint256 obligationId, ObligationStatus status);
    error NoAgreementsComponent(uint256 clusterId);
    error UnknownAgreementObligation(uint256 agreementObligationId);
    error AlreadyImported(uint256 agreementObligationId, uint256 obligationId);
    error UnknownCycle(uint256 cycle);
    error NothingToClose(uint256 cycle, uint64 cutoff);
    error WrongPhase(uint256 cycle, CyclePhase expected, CyclePhase actual);
    error ChallengeWindowClosed(uint256 cycle, uint64 windowEnd);
    error ChallengeWindowOpen(uint256 cycle, uint64 windowEnd);
    error ApplyPeriodOpen(uint256 cycle, uint64 applyDeadline);
    error TooManyLines(uint256 count, uint256 max);
    error NoProposal(uint256 cycle);
    error UnknownProposal(uint256 proposalId);
    error NotProposer(uint256 proposalId, address caller);
    error ProposalNotInProgress(uint256 proposalId, ProposalState state);
    error EmptyChunk(uint256 proposalId);
    error ObligationsNotAscending(uint256 previousId, uint256 obligationId);
    error ObligationNotInCycle(uint256 obligationId, uint256 cycle);
    error ZeroCancellation(uint256 obligationId);
    error CancellationExceedsOutstanding(uint256 obligationId, uint256 amount, uint256 outstanding);
    /// @dev `imbalance` = cancelled as debtor minus cancelled as creditor.
    error NotACirculation(address member, int256 imbalance);
    error ProposalUnbalanced(uint256 proposalId, uint256 unbalancedMembers);
    error ProposalNotBetter(uint256 cycle, uint256 total, uint256 standingTotal);
    error ChunkMismatch(uint256 proposalId, uint256 chunkIndex);
    error SettlementTokenNotSet(uint256 clusterId);
    error FundingClosed(uint256 cycle, uint64 deadline);
    error DeadlineNotReached(uint256 cycle, uint64 deadline);
    error NotNetDebtor(uint256 cycle, address account, int256 position);
    error AlreadyFunded(uint256 cycle, address account);
    error NothingToWithdraw(uint256 cycle, address account);
    error AlreadyWithdrawn(uint256 cycle, address account);
    error NothingToRefund(uint256 cycle, address account);
    error AlreadyRefunded(uint256 cycle, address account);
    /// @dev An unwind would leave `member` with a negative payout (it would have to pay in).
    error NegativePayout(address member, int256 payout);
    /// @dev An unwind must touch every defaulter: their shortfall sums to liquidity needed - funded.
    error DefaultersUncovered(uint256 cycle, uint256 covered, uint256 shortfall);
    error NotDefaulter(uint256 cycle, address account);
    error DefaultAlreadyRecorded(uint256 cycle, address account);
    /// @dev A chunk of the unwind is applied: it must be finished, it can no longer give way to a full default.
    error UnwindUnderway(uint256 cycle, uint256 proposalId);

    // ---------------------------------------------------------------- obligations

    /// @notice Records that `debtor` owes the caller `amount` (to be confirmed by the debtor).
    function createObligation(address debtor, uint256 amount, uint64 dueDate, bytes32 referenceDigest)
        external
        returns (uint256 obligationId);

    /// @notice The debtor confirms an obligation; it joins the open cycle.
    function confirmObligation(uint256 obligationId) external;

    /// @notice The creditor withdraws an obligation the debtor has not confirmed yet.
    function cancelObligation(uint256 obligationId) external;

    /// @notice Imports, already confirmed, a payment obligation of an accepted agreement milestone.
    function importAgreementObligation(uint256 agreementObligationId) external returns (uint256 obligationId);

    // ---------------------------------------------------------------- cycles and set-off

    /// @notice Closes the open cycle once its cutoff has passed.
    function closeCycle() external;

    /// @notice Submits a whole proposal in one transaction: a set-off for a closed cycle, an
    /// unwind for a cycle in Unwinding.
    function propose(uint256 cycle, Cancellation[] calldata cancellations) external returns (uint256 proposalId);

    /// @notice Starts a proposal submitted in chunks (abandoning the caller's unfinished one).
    function beginProposal(uint256 cycle) external returns (uint256 proposalId);

    /// @notice Adds the next chunk of the caller's unfinished proposal.
    function addChunk(uint256 proposalId, Cancellation[] calldata cancellations) external;

    /// @notice Completes a chunked proposal: verified, it becomes the standing best.
    function finalizeProposal(uint256 proposalId) external;

    /// @notice Drops the caller's unfinished proposal.
    function abandonProposal(uint256 proposalId) external;

    /// @notice Applies the next chunk of the cycle's best proposal (set-off or unwind) once the
    /// challenge window ended.
    function applySetOff(uint256 cycle, Cancellation[] calldata chunk) external;

    /// @notice Drops the cycle's standing proposal when none of it was applied by its apply
    /// deadline, and opens funding without a set-off.
    function lapseSetOff(uint256 cycle) external;

    // ---------------------------------------------------------------- net settlement

    /// @notice A net debtor pays its whole net position into the clearing.
    function fund(uint256 cycle) external;

    /// @notice After the funding deadline of an unfunded cycle: unwinding begins. After an unwind
    /// that nobody proposed or started applying in time: a full default (everything rolls over,
    /// funders reclaim).
    function declareDefault(uint256 cycle) external;

    /// @notice Puts on record that `member`, a net debtor, did not fund `cycle`.
    function recordDefault(uint256 cycle, address member) external;

    /// @notice A member of a settled cycle takes its payout: its net position as a net creditor,
    /// and after an unwind what the funded money owes it (see Account.payout).
    function withdraw(uint256 cycle) external;

    /// @notice A funder of a defaulted cycle takes its money back.
    function reclaim(uint256 cycle) external;

    // ---------------------------------------------------------------- views

    function obligation(uint256 obligationId) external view returns (Obligation memory);
    function obligationCount() external view returns (uint256);
    /// @notice The obligation imported from an agreement payment obligation, or 0.
    function importedAs(uint256 agreementObligationId) external view returns (uint256);
    function openCycle() external view returns (uint256);
    function cycleInfo(uint256 cycle) external view returns (Cycle memory);
    function proposal(uint256 proposalId) external view returns (Proposal memory);
    function proposalCount() external view returns (uint256);
    /// @notice Most lines one `propose` or `addChunk` may carry (operators size their chunks by it).
    function MAX_CHUNK_LINES() external view returns (uint256);
    /// @notice Most lines one `propose` or `addChunk` of an unwind may carry (applying one costs more).
    function MAX_UNWIND_LINES() external view returns (uint256);
    /// @notice The proposer's unfinished chunked proposal (of whatever cycle), or 0.
    function inProgressOf(address proposer) external view returns (uint256);
    /// @notice A member's net position in a cycle (provisional while the cycle is open).
    function positionOf(uint256 cycle, address member) external view returns (int256);
    function accountOf(uint256 cycle, address member) external view returns (Account memory);
    /// @notice Every address that was ever party to an obligation, in order of first appearance.
    function participants() external view returns (address[] memory);
    /// @notice Defaults on record against `member` in this cluster.
    function defaultsOf(address member) external view returns (uint256);
    /// @notice What the clearing owes in `token`: always equal to its balance of that token.
    function liabilities(address token) external view returns (uint256);
}
