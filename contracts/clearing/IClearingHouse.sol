// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterGate} from "../cluster/IClusterGate.sol";

/// @title A cluster's corporate clearing: obligations, a verified multilateral set-off, net settlement.
/// @notice Members record what they owe each other. Each cycle closes at a cutoff; anyone may then
/// propose a set-off (a circulation of cancellations) for the closed cycle, a larger one replaces
/// the standing one during a challenge window, the best is applied, and what remains is settled
/// net in the cluster's settlement token: net debtors fund, then net creditors withdraw. A cycle
/// whose debtors do not all fund by the deadline refunds its funders and rolls into the next cycle.
/// @dev Life cycle of a cycle: Open -> Proposing (closed; proposals) -> Applying (best proposal
/// applied in chunks) -> Funding -> Settled | Defaulted. At most one cycle is between Proposing and
/// Funding; the open cycle closes only once the one before it is Settled or Defaulted. A cycle can
/// always move on: every chunk of a proposal is small enough to apply in one transaction, and a
/// standing proposal nobody starts applying by its apply deadline lapses (funding opens without it).
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
        Defaulted
    }

    /// @dev Submitted = complete and verified (a circulation within the outstanding amounts).
    enum ProposalState {
        None,
        InProgress,
        Submitted,
        Abandoned
    }

    /// @notice One line of a set-off proposal: cancel `amount` of obligation `obligationId`.
    /// @dev Lines of a proposal name strictly ascending obligation ids (across its chunks), so no
    /// obligation is cancelled twice.
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
    }

    struct Proposal {
        address proposer;
        uint64 cycle;
        ProposalState state;
        uint64 chunks;
        uint64 appliedChunks;
        /// @dev Chunked proposals only (0 for one submitted in one transaction).
        uint64 lastObligationId;
        /// @dev Members whose cancellations as debtor and as creditor differ so far (chunked proposals).
        uint64 unbalancedMembers;
        uint256 total;
    }

    /// @notice A member's part in one cycle's settlement. position > 0: net creditor.
    struct Account {
        int256 position;
        uint256 funded;
        bool withdrawn;
        bool refunded;
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
    event CycleDefaulted(uint256 indexed cycle, uint256 funded, uint256 liquidityNeeded, uint256 rolledInto);
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

    /// @notice Submits a whole set-off proposal for the closed cycle in one transaction.
    function propose(uint256 cycle, Cancellation[] calldata cancellations) external returns (uint256 proposalId);

    /// @notice Starts a proposal submitted in chunks (abandoning the caller's unfinished one).
    function beginProposal(uint256 cycle) external returns (uint256 proposalId);

    /// @notice Adds the next chunk of the caller's unfinished proposal.
    function addChunk(uint256 proposalId, Cancellation[] calldata cancellations) external;

    /// @notice Completes a chunked proposal: verified, it becomes the standing best.
    function finalizeProposal(uint256 proposalId) external;

    /// @notice Drops the caller's unfinished proposal.
    function abandonProposal(uint256 proposalId) external;

    /// @notice Applies the next chunk of the cycle's best proposal once the challenge window ended.
    function applySetOff(uint256 cycle, Cancellation[] calldata chunk) external;

    /// @notice Drops the cycle's standing proposal when none of it was applied by its apply
    /// deadline, and opens funding without a set-off.
    function lapseSetOff(uint256 cycle) external;

    // ---------------------------------------------------------------- net settlement

    /// @notice A net debtor pays its whole net position into the clearing.
    function fund(uint256 cycle) external;

    /// @notice After the funding deadline of an unfunded cycle: funders may reclaim, obligations roll over.
    function declareDefault(uint256 cycle) external;

    /// @notice A net creditor of a settled cycle takes its net position.
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
    /// @notice The proposer's unfinished chunked proposal (of whatever cycle), or 0.
    function inProgressOf(address proposer) external view returns (uint256);
    /// @notice A member's net position in a cycle (provisional while the cycle is open).
    function positionOf(uint256 cycle, address member) external view returns (int256);
    function accountOf(uint256 cycle, address member) external view returns (Account memory);
    /// @notice Every address that was ever party to an obligation, in order of first appearance.
    function participants() external view returns (address[] memory);
    /// @notice What the clearing owes in `token`: always equal to its balance of that token.
    function liabilities(address token) external view returns (uint256);
}
