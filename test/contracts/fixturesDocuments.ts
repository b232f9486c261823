// Worlds for the document and agreement registries: the platform with both implementations
// registered in the factory, and a demo cluster created through it (so its clones are real).
import type { NetworkConnection } from "hardhat/types/network";
import {
  AgreementRegistry__factory,
  ClusterGovernor__factory,
  DocumentRegistry__factory,
  Membership__factory,
  type AgreementRegistry,
  type ClusterRegistry,
} from "../../types/typechain/index.js";
import { MEMBERSHIP, Repository } from "./encodings.js";
import { demoSpec, platformDeployed } from "./fixtures.js";
import { executeProposal, GOVERNOR, proposalIdOf, Vote, voteAll } from "./governorCalls.js";
import { ethers as ethersLib, type Signer } from "ethers";
import { componentKindId } from "../../core/chain/componentKinds.js";

export const DOCUMENTS = componentKindId("Documents");
export const AGREEMENTS = componentKindId("Agreements");

export const DocumentKind = { Registration: 0n, Contract: 1n, Report: 2n, Invoice: 3n, Other: 4n } as const;
export const DocumentStatus = { None: 0n, Active: 1n, Revoked: 2n, Superseded: 3n } as const;
export const SignerStatus = { None: 0n, Pending: 1n, Signed: 2n } as const;
export const AgreementKind = { Supply: 0n, RnD: 1n, Licence: 2n, Services: 3n, Other: 4n } as const;
export const AgreementStatus = { None: 0n, Draft: 1n, Active: 2n, Disputed: 3n, Completed: 4n, Terminated: 5n } as const;
export const MilestoneStatus = { None: 0n, Proposed: 1n, Pending: 2n, Delivered: 3n, Accepted: 4n, Superseded: 5n } as const;

/** World: the platform, the "smart-contracts" service in the catalog, both component kinds registered. */
export async function componentsRegistered(connection: NetworkConnection) {
  const p = await platformDeployed(connection);
  const { cdc } = p.signers;
  await p.catalog.registerService("smart-contracts", Repository.Applied, "1.0.0", "bafy-agreements-1");
  const services = { ...p.services, agreements: await p.catalog.serviceIdByName("smart-contracts") };
  const documentsImpl = await new DocumentRegistry__factory(cdc).deploy(await p.registry.getAddress());
  const agreementsImpl = await new AgreementRegistry__factory(cdc).deploy(await p.registry.getAddress());
  await p.factory.setImplementation(DOCUMENTS, await documentsImpl.getAddress());
  await p.factory.setImplementation(AGREEMENTS, await agreementsImpl.getAddress());
  return { ...p, services, documentsImpl, agreementsImpl };
}

/** World: the above plus an active demo cluster with documents, clearing and smart contracts enabled. */
export async function documentsClusterCreated(connection: NetworkConnection) {
  const p = await componentsRegistered(connection);
  const spec = {
    ...demoSpec(p),
    serviceIds: [p.services.authentication, p.services.documents, p.services.clearing, p.services.agreements],
  };
  await p.factory.createCluster(spec);
  const clusterId = await p.registry.clusterCount();
  const membership = Membership__factory.connect(await p.registry.componentOf(clusterId, MEMBERSHIP), p.signers.cdo);
  const documents = DocumentRegistry__factory.connect(await p.registry.componentOf(clusterId, DOCUMENTS), p.signers.alice);
  const agreements = AgreementRegistry__factory.connect(await p.registry.componentOf(clusterId, AGREEMENTS), p.signers.alice);
  return { ...p, spec, clusterId, membership, documents, agreements };
}

/**
 * Enables or disables a service of an active cluster the only way its configuration may change:
 * the first member proposes it through the cluster's Governor, every member votes For, the vote
 * ends, the proposer executes (the CDC may not change an active cluster's services directly).
 */
export async function serviceSetByVote(
  world: Pick<NetworkConnection, "ethers" | "networkHelpers"> & { registry: ClusterRegistry },
  clusterId: bigint,
  serviceId: bigint,
  enabled: boolean,
): Promise<void> {
  const { ethers } = world;
  const membership = Membership__factory.connect(await world.registry.componentOf(clusterId, MEMBERSHIP), ethers.provider);
  const members: Signer[] = [];
  for (const s of await ethers.getSigners()) if (await membership.isMember(s.address)) members.push(s);
  const governor = ClusterGovernor__factory.connect(await world.registry.componentOf(clusterId, GOVERNOR), members[0]);
  const proposalId = await proposalIdOf(governor, governor.proposeService(serviceId, enabled, `Service ${serviceId}: ${enabled ? "on" : "off"}`));
  await voteAll(governor, proposalId, members, Vote.For);
  await world.networkHelpers.time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
  await executeProposal(governor, proposalId, members[0]);
}

/**
 * A payment obligation made as the agreement registry makes them: `payer` creates a one-milestone
 * services agreement with `payee`, both sign it, `payee` delivers and `payer` accepts. Returns the
 * agreement's and the obligation's ids.
 */
export async function paymentObligationAccepted(
  agreements: AgreementRegistry,
  payer: Signer,
  payee: Signer,
  amount: bigint,
  dueDate: bigint,
): Promise<{ agreementId: bigint; obligationId: bigint }> {
  const [payerAddress, payeeAddress] = [await payer.getAddress(), await payee.getAddress()];
  const label = `services ${payeeAddress} for ${payerAddress}, ${amount}`;
  const terms = {
    termsCid: ethersLib.id(`cid:${label}`),
    termsHash: ethersLib.id(`plain:${label}`),
    totalValue: amount,
    milestones: [{ deliverer: payeeAddress, payer: payerAddress, amount, dueDate }],
  };
  await (await agreements.connect(payer).create(AgreementKind.Services, [payerAddress, payeeAddress], terms)).wait();
  const agreementId = await agreements.agreementCount();
  await (await agreements.connect(payer).sign(agreementId, 1)).wait();
  await (await agreements.connect(payee).sign(agreementId, 1)).wait();
  await (await agreements.connect(payee).markDelivered(agreementId, 0)).wait();
  await (await agreements.connect(payer).acceptMilestone(agreementId, 0)).wait();
  return { agreementId, obligationId: await agreements.obligationCount() };
}

/** EIP-712 types of the two registries, as a wallet receives them (the primary type is the unreferenced one). */
export { AGREEMENT_APPROVAL_TYPES, AGREEMENT_TERMINATION_TYPES, DOCUMENT_SIGNATURE_TYPES, signingDomain } from "../../core/chain/typedData.js";
