import { id, ZeroHash, type ErrorDescription, type Result } from "ethers";
import { isProviderRpcError, USER_REJECTED } from "../wallet/eip1193.js";
import { platformInterfaces } from "./contracts.js";
import { ROLE_ORDER, STATUS_ORDER, enumName } from "./encodings.js";
import { STATUS_LABEL } from "../ui/labels.js";

type Explain = (args: Result) => string;

const NODE_STATUS = ["not registered", "pending", "approved", "rejected", "removed"];

const APPLICATION_STATUS = ["unknown", "pending", "in its vote", "accepted", "refused", "awaiting a sponsor"];

const status = (value: unknown) => {
  const name = enumName(STATUS_ORDER, value as bigint);
  return name in STATUS_LABEL ? STATUS_LABEL[name as keyof typeof STATUS_LABEL].toLowerCase() : name;
};

const ROLE_NAMES = new Map([
  [ZeroHash, "the registry's admin role"],
  [id("CDC_ROLE"), "CDC_ROLE (the Cluster Development Center)"],
  [id("FACTORY_ROLE"), "FACTORY_ROLE"],
]);

// What each custom error means for the person at the screen, with the values that say why.
const EXPLAIN: Record<string, Explain> = {
  AccessControlUnauthorizedAccount: (a) => `${a[0]} does not hold ${ROLE_NAMES.get(String(a[1])) ?? `role ${a[1]}`}, which this action needs.`,
  NotCdc: (a) => `Only the Cluster Development Center can do this: ${a[0]} does not hold the CDC role.`,
  NotCdo: (a) => `Only the cluster's CDO can do this: ${a[0]} is not the CDO.`,
  NoImplementation: () => "The factory has no implementation for a cluster contract yet; the platform deployment is incomplete.",
  NotAContract: (a) => `${a[0]} is not a contract.`,
  UnknownCluster: (a) => `Cluster ${a[0]} does not exist.`,
  IllegalTransition: (a) => `Cluster ${a[0]} cannot move from ${status(a[1])} to ${status(a[2])}.`,
  EmptyName: () => "A name must not be empty.",
  ZeroAddress: (a) => (a.length > 0 ? `${a[0]} must not be the zero address.` : "An address must not be the zero address."),
  InvalidVotingPeriod: (a) => `A voting period of ${a[0]} s is outside the allowed range.`,
  InvalidBasisPoints: (a) => `${a[0]} of ${a[1]} basis points is outside the allowed range.`,
  InvalidCycleLength: (a) => `A clearing cycle of ${a[0]} s is outside the allowed range.`,
  ServiceNotAvailable: (a) => `Service ${a[0]} is unknown or deprecated and cannot be enabled.`,
  ServiceAlreadyEnabled: (a) => `Service ${a[1]} is already enabled in cluster ${a[0]}.`,
  ServiceNotEnabled: (a) => `Service ${a[1]} is not enabled in cluster ${a[0]}.`,
  SettingsUnchanged: (a) => `Service ${a[1]} of cluster ${a[0]} already has exactly these settings.`,
  SystemServiceRequired: (a) => `Service ${a[0]} is a system service: the platform needs it, so it cannot be disabled.`,
  ServiceAlreadyBound: (a) => `Service ${a[0]} already has a contract kind of its own.`,
  ClusterReadOnly: (a) => `Cluster ${a[0]} is ${status(a[1])}: its configuration is read-only.`,
  ComponentAlreadyAttached: (a) => `Cluster ${a[0]} already has that component.`,
  ComponentsMissing: (a) => `Cluster ${a[0]} cannot be activated before its contracts are attached.`,
  NotMember: (a) => `${a[0]} is not a member of the cluster.`,
  AlreadyMember: (a) => `${a[0]} is already a member (each address can hold one seat).`,
  InvalidRole: (a) => `Role ${enumName(ROLE_ORDER, a[0] as bigint)} is not valid here.`,
  UnknownNode: (a) => `Node ${a[0]} does not exist in the network.`,
  UnknownLink: (a) => `Link ${a[0]} does not exist.`,
  SelfLink: (a) => `A link cannot start and end at node ${a[0]}.`,
  PartnersOnlyLink: (a) => `A link between two external partners (${a[0]} → ${a[1]}) is not part of the cluster.`,
  SeatNotTransferable: (a) => `Voting seat ${a[0]} cannot be transferred.`,
  ClusterNotWritable: (a) => `Cluster ${a[0]} is ${status(a[1])}: its membership cannot change.`,
  UnknownService: (a) => `Service ${a[0]} does not exist.`,
  ServiceIsDeprecated: (a) => `Service ${a[0]} is deprecated.`,
  ServiceNameTaken: (a) => `A service named "${a[0]}" already exists.`,
  EmptyField: (a) => `${a[0]} must not be empty.`,
  VersionUnchanged: (a) => `Service ${a[0]} already has version ${a[1]}.`,
  // Documents, agreements and clearing components.
  UnknownDocument: (a) => `Document ${a[0]} does not exist.`,
  DocumentNotActive: (a) => `Document ${a[0]} is no longer active (revoked or superseded).`,
  NotAuthor: (a) => `Only the author of document ${a[0]} can do this.`,
  NotSigner: (a) => `${a[1]} is not a named signer of document ${a[0]}.`,
  AlreadySigned: (a) => (a.length === 3 ? `${a[2]} has already signed version ${a[1]} of agreement ${a[0]}.` : `${a[1]} has already signed document ${a[0]}.`),
  InvalidSignature: (a) => `The signature does not belong to ${a[1]}.`,
  NotParty: (a) => `${a[1]} is not a party to agreement ${a[0]}.`,
  InvalidPartyCount: (a) => `An agreement needs 2 or more parties (within the limit); got ${a[0]}.`,
  DuplicateParty: (a) => `${a[0]} is listed twice among the parties.`,
  SelfMilestone: (a) => `Milestone ${a[0]}: ${a[1]} cannot deliver to itself.`,
  MilestonePartyUnknown: (a) => `Milestone ${a[0]}: ${a[1]} is not a party.`,
  VersionMismatch: (a) => `Agreement ${a[0]} now collects signatures for version ${a[1]}, not ${a[2]}: reload the page.`,
  NotDeliverer: (a) => `Only the deliverer of milestone ${a[1]} can mark it delivered.`,
  NotPayer: (a) => `Only the payer of milestone ${a[1]} can accept it.`,
  NotDebtor: (a) => `Only the debtor of obligation ${a[0]} can confirm it.`,
  NotCreditor: (a) => `Only the creditor of obligation ${a[0]} can cancel it.`,
  NothingToClose: (a) => `Cycle ${a[0]} cannot close before its cutoff.`,
  ChallengeWindowOpen: (a) => `The challenge window of cycle ${a[0]} is still open: the set-off applies once it ends.`,
  ChallengeWindowClosed: (a) => `The challenge window of cycle ${a[0]} has ended: no new proposals.`,
  ProposalNotBetter: (a) => `A proposal of ${a[1]} does not beat the standing ${a[2]} in cycle ${a[0]}.`,
  NotACirculation: (a) => `The proposal is not a circulation: ${a[0]} is off balance by ${a[1]}.`,
  FundingClosed: (a) => `The funding deadline of cycle ${a[0]} has passed.`,
  NotNetDebtor: (a) => `${a[1]} is not a net debtor in cycle ${a[0]}.`,
  AlreadyFunded: (a) => `${a[1]} has already funded cycle ${a[0]}.`,
  SettlementTokenNotSet: (a) => `Cluster ${a[0]} has no settlement token in its configuration yet.`,
  ServiceDisabled: (a) => `Service ${a[1]} is disabled in cluster ${a[0]}'s configuration.`,
  ClusterNotActive: (a) => `Cluster ${a[0]} is ${status(a[1])}, not active.`,
  // Governance.
  GovernorAlreadyCastVote: (a) => `${a[0]} has already voted on this proposal.`,
  GovernorUnexpectedProposalState: (a) => `Proposal ${a[0]} is not in a state that allows this (now state ${a[1]}).`,
  GovernorNonexistentProposal: (a) => `Proposal ${a[0]} does not exist.`,
  GovernorInvalidSignature: (a) => `The ballot signature does not belong to ${a[0]}.`,
  NoVotingWeight: (a) => `${a[1]} held no seat when proposal ${a[0]} was made, so it cannot vote on it.`,
  NotAMember: (a) => `${a[0]} is not a member of the cluster.`,
  AlreadyAMember: (a) => `${a[0]} is already a member of the cluster.`,
  AdmissionPolicyForbids: (a) =>
    Number(a[0]) === 2
      ? "Under the cluster's admission policy the CDO decides applications; no admission vote is held."
      : "Under the cluster's admission policy members are admitted by vote; the CDO cannot add them directly.",
  ApplicationNotPending: (a) => `Application ${a[0]} is not waiting for this (it is ${APPLICATION_STATUS[Number(a[1])] ?? "in another state"}).`,
  ApplicationOpen: (a) => `${a[0]} already has an open application (#${a[1]}): it must be decided first.`,
  NotCoreMember: (a) => `Under the CoreVote policy only core members may sponsor an application; ${a[0]} is not one.`,
  ClusterDecides: (a) => `Cluster ${a[0]} is ${status(a[1])}: only its members' passed proposal may change this; propose it instead.`,
  NotGovernor: (a) =>
    a.length === 2
      ? `Only cluster ${a[0]}'s own vote (its governor) can do this, not ${a[1]}.`
      : `Only the cluster's own vote (a passed proposal) can do this, not ${a[0]}.`,
  NotProfileOwner: (a) => `Only ${a[1]} can change its own profile; ${a[0]} cannot.`,
  UseTypedProposals: () => "This cluster only votes on its typed proposals.",
  NoVoteParams: () => "Votes here carry no parameters; sign a plain ballot instead.",
  ClusterNotOpen: (a) => `Cluster ${a[0]} is ${status(a[1])}: this is not possible now.`,
  // The network's node registry.
  NotAdmin: (a) => `Only the node registry's admin (the CDC) can do this; ${a[0]} is not it.`,
  NotNodeOwner: (a) => `Only the organisation that registered node ${a[0]} can withdraw it; ${a[1]} did not.`,
  NotClusterMember: (a) => `${a[1]} is not a member of cluster ${a[0]}, or the cluster is not active: only its members register nodes for it.`,
  InvalidPublicKey: () => "A node's public key must be exactly 64 bytes (the 128 hex digits of its enode URL).",
  InvalidHost: (a) => `The host "${a[0]}" is not an IPv4 address in dotted decimal without leading zeros (such as 10.0.0.1).`,
  InvalidPort: () => "A node's port must not be 0.",
  NodeExists: (a) => `Node ${a[0]} is already registered (pending or approved).`,
  WrongNodeStatus: (a) => `Node ${a[0]} is ${NODE_STATUS[Number(a[1])] ?? "in another state"}, which does not allow this.`,
  OwnerStillMember: (a) => `The owner of node ${a[0]} is still a member of its cluster, so the node cannot be pruned.`,
  AlreadyGranted: (a) => `${a[0]} is already admitted to the network.`,
  NotGranted: (a) => `${a[0]} was not admitted by the CDC, so there is nothing to revoke.`,
  ERC20InsufficientBalance: (a) => `${a[0]} holds ${a[1]} of the settlement token but ${a[2]} are needed.`,
  ERC20InsufficientAllowance: (a) => `The clearing may take only ${a[1]} of your tokens but needs ${a[2]}.`,
};

function findRevertData(value: unknown, depth = 0): string | undefined {
  if (depth > 6 || value === null || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  for (const key of ["data", "error", "info", "cause", "payload", "originalError"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function decodeCustomError(data: string): ErrorDescription | undefined {
  for (const iface of platformInterfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return parsed;
    } catch {
      // Not this interface's error; try the next.
    }
  }
  return undefined;
}

function describe(parsed: ErrorDescription): string {
  const explain = EXPLAIN[parsed.name];
  const raw = `${parsed.name}(${parsed.args.map(String).join(", ")})`;
  return explain ? `${explain(parsed.args)} [${raw}]` : `The contract refused: ${raw}`;
}

/** Readable text for anything a wallet write can throw: a custom error, a refusal, a wallet failure. */
export function transactionErrorText(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === "ACTION_REJECTED" || code === USER_REJECTED) return "You rejected the transaction in your wallet.";
  const data = findRevertData(cause);
  if (data) {
    const parsed = decodeCustomError(data);
    if (parsed) return describe(parsed);
    if (data.startsWith("0x08c379a0")) {
      const reason = (cause as { reason?: unknown }).reason;
      if (typeof reason === "string") return `The contract refused: ${reason}`;
    }
    return `The contract refused with an unknown error (selector ${data.slice(0, 10)}).`;
  }
  if (code === "INSUFFICIENT_FUNDS") return "Your account has too little ether to pay for this transaction.";
  if (code === "NETWORK_ERROR") return "The wallet is connected to a different network than the platform.";
  const short = (cause as { shortMessage?: unknown } | null)?.shortMessage;
  if (typeof short === "string") return short;
  if (isProviderRpcError(cause)) return cause.message;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
