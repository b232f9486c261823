import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import { ClusterGovernor__factory, type ClearingHouse, type ClusterGovernor, type IClearingHouse } from "../../types/typechain/index.js";
import { DAY } from "./encodings.js";
import { clearingClusterCreated, confirmedObligation, type ClearingWorld } from "./fixturesClearing.js";
import { executeProposal, GOVERNOR, proposalIdOf, Vote, voteAll } from "./governorCalls.js";

// One chain for every ClearingHouse test file: the steps below move its clock.
export const { ethers, networkHelpers } = await network.create();
export const { loadFixture, time } = networkHelpers;

export const CYCLE = BigInt(30 * DAY); // defaultParams.clearingCycleLength
export const WINDOW = CYCLE / 8n;
export const APPLY = CYCLE / 8n;
export const FUNDING = CYCLE / 4n;
export const ZERO = ethers.ZeroHash;

export type Line = IClearingHouse.CancellationStruct;

/** `debtor` owes `creditor` `amount`, confirmed in the open cycle. */
export function owes(w: ClearingWorld, debtor: HardhatEthersSigner, creditor: HardhatEthersSigner, amount: bigint) {
  return confirmedObligation(w.clearing, creditor, debtor, amount);
}

/** Moves to the open cycle's cutoff (if not past it) and closes the cycle; returns its number. */
export async function closeOpenCycle(clearing: ClearingHouse): Promise<bigint> {
  const n = await clearing.openCycle();
  const { cutoff } = await clearing.cycleInfo(n);
  if (BigInt(await time.latest()) < cutoff) await time.increaseTo(cutoff);
  await clearing.closeCycle();
  return n;
}

export async function passWindow(clearing: ClearingHouse, cycle: bigint) {
  const { windowEnd } = await clearing.cycleInfo(cycle);
  if (BigInt(await time.latest()) < windowEnd) await time.increaseTo(windowEnd);
}

export async function passDeadline(clearing: ClearingHouse, cycle: bigint) {
  const { fundingDeadline } = await clearing.cycleInfo(cycle);
  if (BigInt(await time.latest()) < fundingDeadline) await time.increaseTo(fundingDeadline);
}

/** Opens unwinding, lets its propose-by time pass with no unwind proposed, and defaults in full. */
export async function defaultInFull(clearing: ClearingHouse, cycle: bigint) {
  await passDeadline(clearing, cycle);
  await clearing.declareDefault(cycle);
  const { unwindProposeBy } = await clearing.cycleInfo(cycle);
  if (BigInt(await time.latest()) < unwindProposeBy) await time.increaseTo(unwindProposeBy);
  return clearing.declareDefault(cycle);
}

/** Splits lines into chunks of `size`. */
export function chunksOf(lines: Line[], size: number): Line[][] {
  const out: Line[][] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size));
  return out;
}

/**
 * The triangle: alice owes bob 100, bob owes carol 70, carol owes alice 50 (a cycle: 50 each
 * cancels), and dave owes alice 30 (on no cycle). Optimum 150; afterwards alice -20, bob +30,
 * carol +20, dave -30: 50 has to move.
 */
export async function triangle(w: ClearingWorld) {
  const { alice, bob, carol, dave } = w.signers;
  const ab = await owes(w, alice, bob, 100n);
  const bc = await owes(w, bob, carol, 70n);
  const ca = await owes(w, carol, alice, 50n);
  const da = await owes(w, dave, alice, 30n);
  return { ab, bc, ca, da };
}

export const OPTIMUM = (ids: { ab: bigint; bc: bigint; ca: bigint }): Line[] => [
  { obligationId: ids.ab, amount: 50n },
  { obligationId: ids.bc, amount: 50n },
  { obligationId: ids.ca, amount: 50n },
];

/** World: the triangle confirmed in cycle 1, which is closed (proposals open). */
export async function triangleClosed(connection: Parameters<typeof clearingClusterCreated>[0]) {
  const w = await clearingClusterCreated(connection);
  const ids = await triangle(w);
  await closeOpenCycle(w.clearing);
  return { ...w, ids };
}

/** World: the triangle's optimal set-off applied: cycle 1 is funding. */
export async function triangleFunding(connection: Parameters<typeof clearingClusterCreated>[0]) {
  const w = await triangleClosed(connection);
  await w.clearing.connect(w.signers.erin).propose(1n, OPTIMUM(w.ids));
  await passWindow(w.clearing, 1n);
  await w.clearing.applySetOff(1n, OPTIMUM(w.ids));
  return w;
}

export async function tokenBalanceMatchesLiabilities(w: ClearingWorld) {
  const token = await w.token.getAddress();
  expect(await w.token.balanceOf(await w.clearing.getAddress())).to.equal(await w.clearing.liabilities(token));
}

/**
 * The cluster decides by its own vote: `propose` opens a proposal on its governor, alice, bob,
 * carol and dave vote for it, the voting period passes and erin executes it.
 */
export async function passByVote(w: ClearingWorld, propose: (governor: ClusterGovernor) => Promise<ContractTransactionResponse>) {
  const { alice, bob, carol, dave, erin } = w.signers;
  const governor = ClusterGovernor__factory.connect(await w.registry.componentOf(w.clusterId, GOVERNOR), alice);
  const id = await proposalIdOf(governor, propose(governor));
  await voteAll(governor, id, [alice, bob, carol, dave], Vote.For);
  await time.increase(Number(w.params.votingPeriod) + 1);
  await executeProposal(governor, id, erin);
}
