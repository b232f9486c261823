// Worlds for the ClearingHouse: the platform with the clearing implementation registered in the
// factory, a settlement token, and a demo cluster created through the factory (real clones).
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ethers as ethersLib } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { maximumSetOff, type Obligation } from "../../backend/clearing/index.js";
import {
  AgreementRegistry__factory,
  ClearingHouse__factory,
  Membership__factory,
  SettlementToken__factory,
  type ClearingHouse,
  type IClearingHouse,
} from "../../types/typechain/index.js";
import { MEMBERSHIP, MemberKind, Role } from "./encodings.js";
import { defaultParams, demoSpec } from "./fixtures.js";
import { AGREEMENTS, componentsRegistered } from "./fixturesDocuments.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

export { AGREEMENTS } from "./fixturesDocuments.js";
export const CLEARING = componentKindId("Clearing");

export const ObligationStatus = { None: 0n, Proposed: 1n, Confirmed: 2n, Cancelled: 3n, Settled: 4n } as const;
export const CyclePhase = { None: 0n, Open: 1n, Proposing: 2n, Applying: 3n, Funding: 4n, Settled: 5n, Defaulted: 6n, Unwinding: 7n } as const;
export const ProposalState = { None: 0n, InProgress: 1n, Submitted: 2n, Abandoned: 3n } as const;

/** Every member starts with 1,000,000.00 of the settlement token (2 decimals). */
export const STARTING_BALANCE = 100_000_000n;

/**
 * The platform with the document and agreement registries registered (fixturesDocuments), a
 * settlement token issued by the CDC as settlement agent, and the clearing implementation registered.
 */
async function clearingRegistered(connection: NetworkConnection) {
  const p = await componentsRegistered(connection);
  const { cdc } = p.signers;
  const token = await new SettlementToken__factory(cdc).deploy("Settlement Rouble", "sRUB", cdc.address, cdc.address);
  const clearingImpl = await new ClearingHouse__factory(cdc).deploy(await p.registry.getAddress());
  await p.factory.setImplementation(CLEARING, await clearingImpl.getAddress());
  return { ...p, token, clearingImpl };
}

/**
 * World: an active demo cluster with clearing and smart contracts enabled, the settlement token in
 * its parameters, the real agreement registry as its agreements component, and each founder
 * holding tokens it has approved to the clearing.
 */
export async function clearingClusterCreated(connection: NetworkConnection) {
  const p = await clearingRegistered(connection);
  const { alice, bob, carol, dave, erin } = p.signers;
  const params = { ...defaultParams, settlementToken: await p.token.getAddress() };
  const base = demoSpec(p);
  const spec = { ...base, params, serviceIds: [...base.serviceIds, p.services.agreements] };
  await p.factory.createCluster(spec);
  const clusterId = await p.registry.clusterCount();
  const membership = Membership__factory.connect(await p.registry.componentOf(clusterId, MEMBERSHIP), p.signers.cdo);
  const clearing = ClearingHouse__factory.connect(await p.registry.componentOf(clusterId, CLEARING), alice);
  const agreements = AgreementRegistry__factory.connect(await p.registry.componentOf(clusterId, AGREEMENTS), alice);
  const members = [alice, bob, carol, dave, erin];
  for (const m of members) {
    await p.token.issue(m.address, STARTING_BALANCE, ethersLib.ZeroHash);
    await p.token.connect(m).approve(await clearing.getAddress(), ethersLib.MaxUint256);
  }
  return { ...p, params, spec, clusterId, membership, clearing, agreements, members };
}

export type ClearingWorld = Awaited<ReturnType<typeof clearingClusterCreated>>;

/** World: a cluster with clearing but no agreements component and no settlement token configured. */
export async function clearingWithoutAgreementsOrToken(connection: NetworkConnection) {
  const p = await clearingRegistered(connection);
  await p.factory.removeComponentKind(AGREEMENTS);
  await p.factory.createCluster(demoSpec(p));
  const clusterId = await p.registry.clusterCount();
  const clearing = ClearingHouse__factory.connect(await p.registry.componentOf(clusterId, CLEARING), p.signers.alice);
  return { ...p, clusterId, clearing };
}

/** The creditor records an obligation and the debtor confirms it; returns its id. */
export async function confirmedObligation(
  clearing: ClearingHouse,
  creditor: HardhatEthersSigner,
  debtor: HardhatEthersSigner,
  amount: bigint,
): Promise<bigint> {
  await clearing.connect(creditor).createObligation(debtor.address, amount, 0n, ethersLib.ZeroHash);
  const id = await clearing.obligationCount();
  await clearing.connect(debtor).confirmObligation(id);
  return id;
}

/** The obligations a closed cycle clears, as the solver takes them: confirmed, in its cycles, outstanding. */
export async function cycleObligations(clearing: ClearingHouse, cycle: bigint): Promise<Obligation[]> {
  const info = await clearing.cycleInfo(cycle);
  const out: Obligation[] = [];
  const count = await clearing.obligationCount();
  for (let id = 1n; id <= count; id++) {
    const o = await clearing.obligation(id);
    if (o.status !== ObligationStatus.Confirmed || o.cycle < info.baseCycle || o.cycle > cycle) continue;
    if (o.outstanding === 0n) continue;
    out.push({ id, debtor: o.debtor, creditor: o.creditor, amount: o.outstanding });
  }
  return out;
}

/** The solver's maximum set-off as proposal lines: cancelled amounts only, ids ascending. */
export function optimalProposal(obligations: readonly Obligation[]): { lines: IClearingHouse.CancellationStruct[]; total: bigint } {
  const result = maximumSetOff(obligations);
  const lines = result.obligations
    .filter((o) => o.cancelled > 0n)
    .map((o) => ({ obligationId: BigInt(o.id), amount: o.cancelled }))
    .sort((a, b) => (a.obligationId < b.obligationId ? -1 : 1));
  return { lines, total: result.total };
}

/** A line as the contract emits and returns it, for comparisons. */
export function lineTuple(l: IClearingHouse.CancellationStruct): [bigint, bigint] {
  return [BigInt(l.obligationId), BigInt(l.amount)];
}

/**
 * World: an active cluster with clearing whose `size` founders are fresh wallets (funded with
 * ether), for the worst cases that need many distinct members; no settlement token.
 */
export async function clearingCrowdCreated(connection: NetworkConnection, size: number) {
  const p = await clearingRegistered(connection);
  const crowd = Array.from({ length: size }, () => ethersLib.Wallet.createRandom().connect(connection.ethers.provider));
  for (const m of crowd) await connection.networkHelpers.setBalance(m.address, 10n ** 20n);
  const base = demoSpec(p);
  const founders = crowd.map((m, i) => ({
    account: m.address,
    profile: { name: `Member ${i + 1}`, kind: MemberKind.Enterprise, registrationCid: `bafy-reg-member-${i + 1}`, encryptionKey: "0x" },
    role: i < 3 ? Role.Core : Role.Participant,
  }));
  await p.factory.createCluster({ ...base, founders, partners: [], links: [] });
  const clusterId = await p.registry.clusterCount();
  const clearing = ClearingHouse__factory.connect(await p.registry.componentOf(clusterId, CLEARING), p.signers.alice);
  return { ...p, clusterId, clearing, crowd };
}
