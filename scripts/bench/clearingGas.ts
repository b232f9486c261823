/**
 * Gas of the ClearingHouse, measured on Hardhat's in-process network: the platform deployed as
 * deploy/ does it, the clearing implementation registered, a 10-member cluster created through
 * the factory. Then, one cycle each: a set-off proposal of 10 and of 30 obligations (the solver's
 * optimum, submitted in one transaction) with its application, priced per
 * obligation touched and per line at the margin; 200 obligations in chunks of MAX_CHUNK_LINES;
 * the worst case the bound is derived from (a second cluster of 2·MAX fresh members: full chunks
 * whose every line names two members new to the proposer, amounts of 16 non-zero bytes); a
 * net settlement priced per member; and a default unwound.
 * A report, not a test: it asserts nothing. `npx tsx scripts/bench/clearingGas.ts` prints it.
 */
import { gasOf, type GasRow } from "./report.js";
import { pathToFileURL } from "node:url";
import { encodeBytes32String, Wallet, type Signer } from "ethers";
import { network } from "hardhat";
import { maximumSetOff, type Obligation } from "../../backend/clearing/index.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import {
  ClearingHouse__factory,
  ClusterRegistry__factory,
  SettlementToken__factory,
  type ClearingHouse,
  type IClearingHouse,
} from "../../types/typechain/index.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

const CLEARING = componentKindId("Clearing");
const MEMBERS = 10;
const CYCLE_LENGTH = 30 * 86_400;
/** An eighth of the 16,777,216-gas transaction cap: what MAX_CHUNK_LINES keeps every clearing transaction under. */
const BOUND = 16_777_216n / 8n;
/** 2^127 - 1: sixteen non-zero bytes of calldata and event data per amount. */
const LARGE = (1n << 127n) - 1n;

type Line = IClearingHouse.CancellationStruct;

function perObligation(gas: bigint, count: number): string {
  return `${(gas / BigInt(count)).toLocaleString("en-US")} gas per obligation touched`;
}

/**
 * Splits one-transaction verification into what every proposal pays once (transaction, gate,
 * proposal record, chunk digest, standing-best update) and what each obligation adds, from the
 * smallest and largest runs: the target (< 15,000 per obligation touched) is about the latter.
 */
function verificationSplit(small: { count: number; gas: bigint }, large: { count: number; gas: bigint }): GasRow {
  const marginal = (large.gas - small.gas) / BigInt(large.count - small.count);
  const fixed = small.gas - marginal * BigInt(small.count);
  const breakEven = fixed / (15_000n - marginal) + 1n;
  return {
    operation: "set-off verification: gas per obligation touched, marginal",
    gas: marginal,
    note: `target < 15,000: ${marginal < 15_000n ? "met" : "NOT met"} (from ${small.count} and ${large.count} obligations); plus ${fixed.toLocaleString("en-US")} once per proposal, so the average is under 15,000 from ${breakEven} obligations on`,
  };
}

export async function measureClearingGas(): Promise<GasRow[]> {
  const { ethers, networkHelpers } = await network.create();
  const { time } = networkHelpers;
  const signers = await ethers.getSigners();
  const cdc = signers[0];
  const members = signers.slice(1, 1 + MEMBERS);
  const proposer = signers[1 + MEMBERS];

  const record = await deployPlatform(cdc);
  const token = await new SettlementToken__factory(cdc).deploy("Settlement Rouble", "sRUB", cdc.address, cdc.address);
  const params = {
    votingPeriod: 7 * 86_400,
    quorumBps: 5_000,
    approvalThresholdBps: 6_667,
    admissionPolicy: "membersVote" as const,
    documentsMustBeEncrypted: false,
    clearingCycleLength: CYCLE_LENGTH,
    settlementToken: await token.getAddress(),
  };
  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  /** A cluster of `accounts` with corporate clearing, created through the factory; its ClearingHouse. */
  const clusterOf = async (name: string, accounts: string[]): Promise<ClearingHouse> => {
    const { clusterId } = await createClusterFromSpec(cdc, record, {
      name,
      cdo: cdc.address,
      params,
      services: ["corporate-clearing"],
      founders: accounts.map((account, i) => ({ account, name: `Member ${i + 1}`, kind: "enterprise", role: "participant" })),
    });
    return ClearingHouse__factory.connect(await registry.componentOf(clusterId, CLEARING), cdc);
  };
  const clearing = await clusterOf(
    "Clearing bench cluster",
    members.map((m) => m.address),
  );
  const max = Number(await clearing.MAX_CHUNK_LINES());
  for (const m of members) {
    await (await token.issue(m.address, 10n ** 12n, encodeBytes32String("bench"))).wait();
    await (await token.connect(m).approve(await clearing.getAddress(), 2n ** 255n)).wait();
  }

  const rows: GasRow[] = [];
  const confirmGas: bigint[] = [];
  const createGas: bigint[] = [];

  /** `debtor` owes `creditor`: created and confirmed; gas recorded. */
  const owe = async (debtor: Signer, creditor: Signer, amount: bigint): Promise<Obligation> => {
    createGas.push(await gasOf(clearing.connect(creditor).createObligation(await debtor.getAddress(), amount, 0n, encodeBytes32String("invoice"))));
    const id = await clearing.obligationCount();
    confirmGas.push(await gasOf(clearing.connect(debtor).confirmObligation(id)));
    return { id, debtor: await debtor.getAddress(), creditor: await creditor.getAddress(), amount };
  };
  /** Closes the open cycle at its cutoff; returns its number. */
  const close = async (c: ClearingHouse): Promise<bigint> => {
    const n = await c.openCycle();
    const { cutoff } = await c.cycleInfo(n);
    if (BigInt(await time.latest()) < cutoff) await time.increaseTo(cutoff);
    await (await c.closeCycle()).wait();
    return n;
  };
  const passWindow = async (n: bigint, c: ClearingHouse = clearing) => time.increaseTo((await c.cycleInfo(n)).windowEnd);
  /** The solver's optimum as proposal lines. */
  const optimum = (obligations: Obligation[]): Line[] =>
    maximumSetOff(obligations)
      .obligations.filter((o) => o.cancelled > 0n)
      .map((o) => ({ obligationId: BigInt(o.id), amount: o.cancelled }));
  /**
   * `count` (a multiple of the member count) equal obligations walking round the members' ring,
   * each member owing the next: every member owes as much as it is owed, so the optimum cancels all.
   */
  const ring = async (count: number, amount: bigint): Promise<Obligation[]> => {
    const out: Obligation[] = [];
    for (let i = 0; i < count; i++) out.push(await owe(members[i % MEMBERS], members[(i + 1) % MEMBERS], amount));
    return out;
  };

  const verified: { count: number; gas: bigint }[] = [];
  const applied: { count: number; gas: bigint }[] = [];
  // Rings are whole turns of the members' ring (multiples of MEMBERS), so every cycle settles at once.
  const fullChunkRing = Math.floor(max / MEMBERS) * MEMBERS;
  for (const count of [10, fullChunkRing]) {
    const obligations = await ring(count, 1_000_00n);
    const cycle = await close(clearing);
    const lines = optimum(obligations);
    const proposeGas = await gasOf(clearing.connect(proposer).propose(cycle, lines));
    verified.push({ count: lines.length, gas: proposeGas });
    await passWindow(cycle);
    const applyGas = await gasOf(clearing.applySetOff(cycle, lines));
    applied.push({ count: lines.length, gas: applyGas });
    const note = `${lines.length} of ${count} obligations cancelled`;
    rows.push({
      operation: `set-off of ${lines.length} obligations: propose (verify), one transaction`,
      gas: proposeGas,
      note: `${perObligation(proposeGas, lines.length)}; ${note}`,
    });
    rows.push({ operation: `set-off of ${lines.length} obligations: apply`, gas: applyGas, note: perObligation(applyGas, lines.length) });
    rows.push({
      operation: `set-off of ${lines.length} obligations: verify + apply`,
      gas: proposeGas + applyGas,
      note: perObligation(proposeGas + applyGas, lines.length),
    });
  }
  rows.push(verificationSplit(verified[0], verified[verified.length - 1]));
  {
    const [small, large] = applied;
    rows.push({
      operation: "set-off application: gas per line, marginal",
      gas: (large.gas - small.gas) / BigInt(large.count - small.count),
      note: `from ${small.count} and ${large.count} lines`,
    });
  }

  {
    const count = 200;
    const size = max;
    const obligations = await ring(count, 1_000_00n);
    const cycle = await close(clearing);
    const lines = optimum(obligations);
    let submitGas = await gasOf(clearing.connect(proposer).beginProposal(cycle));
    const proposalId = await clearing.proposalCount();
    const chunks: Line[][] = [];
    for (let i = 0; i < lines.length; i += size) chunks.push(lines.slice(i, i + size));
    for (const chunk of chunks) submitGas += await gasOf(clearing.connect(proposer).addChunk(proposalId, chunk));
    submitGas += await gasOf(clearing.connect(proposer).finalizeProposal(proposalId));
    await passWindow(cycle);
    let applyGas = 0n;
    for (const chunk of chunks) applyGas += await gasOf(clearing.applySetOff(cycle, chunk));
    const note = `${chunks.length} chunks of ${size}; first chunked proposal of its proposer (per-member balance slots fresh)`;
    rows.push({
      operation: `set-off of ${lines.length} obligations in chunks: begin + chunks + finalize`,
      gas: submitGas,
      note: `${perObligation(submitGas, lines.length)}; ${note}`,
    });
    rows.push({ operation: `set-off of ${lines.length} obligations in chunks: apply chunks`, gas: applyGas, note: perObligation(applyGas, lines.length) });
    rows.push({
      operation: `set-off of ${lines.length} obligations in chunks: verify + apply`,
      gas: submitGas + applyGas,
      note: perObligation(submitGas + applyGas, lines.length),
    });
  }

  // The worst case MAX_CHUNK_LINES is derived from: a ring of 2·MAX fresh members, its even edges
  // first, so the first chunk's every line names two members the proposer has no balance slot for.
  {
    const crowd = Array.from({ length: 2 * max }, () => Wallet.createRandom().connect(ethers.provider));
    for (const m of crowd) await (await cdc.sendTransaction({ to: m.address, value: 10n ** 18n })).wait();
    const house = await clusterOf(
      "Clearing bench crowd",
      crowd.map((m) => m.address),
    );
    const edge = async (k: number): Promise<bigint> => {
      const debtor = crowd[k];
      const creditor = crowd[(k + 1) % crowd.length];
      await (await house.connect(creditor).createObligation(debtor.address, LARGE, 0n, encodeBytes32String("invoice"))).wait();
      const id = await house.obligationCount();
      await (await house.connect(debtor).confirmObligation(id)).wait();
      return id;
    };
    const ids: bigint[] = [];
    for (let k = 0; k < crowd.length; k += 2) ids.push(await edge(k));
    for (let k = 1; k < crowd.length; k += 2) ids.push(await edge(k));
    const cycle = await close(house);
    const lines = ids.map((obligationId) => ({ obligationId, amount: LARGE }));
    const chunks = [lines.slice(0, max), lines.slice(max)];
    const asProposer = house.connect(proposer);
    await (await asProposer.beginProposal(cycle)).wait();
    const proposalId = await house.proposalCount();
    const addGas: bigint[] = [];
    for (const chunk of chunks) addGas.push(await gasOf(asProposer.addChunk(proposalId, chunk)));
    await (await asProposer.finalizeProposal(proposalId)).wait();
    await passWindow(cycle, house);
    const applyGas: bigint[] = [];
    for (const chunk of chunks) applyGas.push(await gasOf(house.applySetOff(cycle, chunk)));
    const share = (gas: bigint) => `${((Number(gas) * 100) / Number(BOUND)).toFixed(0)} % of the bound (${BOUND.toLocaleString("en-US")} = 1/8 of 16,777,216)`;
    rows.push({
      operation: `worst case: addChunk of ${max} lines naming ${2 * max} fresh members`,
      gas: addGas[0],
      note: `${perObligation(addGas[0], max)}; ${share(addGas[0])}`,
    });
    rows.push({ operation: `worst case: addChunk of ${max} lines closing those members' balances`, gas: addGas[1], note: share(addGas[1]) });
    const worstApply = applyGas[0] > applyGas[1] ? applyGas[0] : applyGas[1];
    rows.push({
      operation: `worst case: apply a full chunk of ${max} lines (cold, large amounts)`,
      gas: worstApply,
      note: `${perObligation(worstApply, max)}; ${share(worstApply)}`,
    });
  }

  // Net settlement: the first half of the members each owe the second half; nothing cancels.
  {
    const half = MEMBERS / 2;
    for (let i = 0; i < half; i++) await owe(members[i], members[half + i], 2_500_00n + BigInt(i));
    const cycle = await close(clearing);
    await (await clearing.connect(proposer).propose(cycle, [])).wait();
    await passWindow(cycle);
    const openGas = await gasOf(clearing.applySetOff(cycle, []));
    const fundGas: bigint[] = [];
    for (let i = 0; i < half; i++) fundGas.push(await gasOf(clearing.connect(members[i]).fund(cycle)));
    const withdrawGas: bigint[] = [];
    for (let i = half; i < MEMBERS; i++) withdrawGas.push(await gasOf(clearing.connect(members[i]).withdraw(cycle)));
    const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);
    const total = sum(fundGas) + sum(withdrawGas);
    rows.push({ operation: "settlement: apply an empty set-off and open funding", gas: openGas });
    rows.push({
      operation: "settlement: fund a net debit (not the last)",
      gas: sum(fundGas.slice(0, -1)) / BigInt(half - 1),
      note: "average; includes the token transferFrom",
    });
    rows.push({ operation: "settlement: fund the last net debit (settles the cycle)", gas: fundGas[half - 1] });
    rows.push({ operation: "settlement: withdraw a net credit", gas: sum(withdrawGas) / BigInt(half), note: "average; includes the token transfer" });
    rows.push({
      operation: "settlement per member (fund + settle + withdraw)",
      gas: total / BigInt(MEMBERS),
      note: `${MEMBERS} members with a position: ${half} fund, ${half} withdraw`,
    });
  }

  // A default: the same shape, but member 1 never funds. The least unwind rolls its one obligation
  // (its creditor was owed exactly that), the rest settles and the others are paid.
  {
    const half = MEMBERS / 2;
    const debts: Obligation[] = [];
    for (let i = 0; i < half; i++) debts.push(await owe(members[i], members[half + i], 1_000_00n + BigInt(i)));
    const cycle = await close(clearing);
    await (await clearing.connect(proposer).propose(cycle, [])).wait();
    await passWindow(cycle);
    await (await clearing.applySetOff(cycle, [])).wait();
    for (let i = 1; i < half; i++) await (await clearing.connect(members[i]).fund(cycle)).wait();
    await time.increaseTo((await clearing.cycleInfo(cycle)).fundingDeadline);
    const opened = await gasOf(clearing.declareDefault(cycle));
    const recorded = await gasOf(clearing.recordDefault(cycle, await members[0].getAddress()));
    const lines: Line[] = [{ obligationId: debts[0].id, amount: debts[0].amount }];
    const proposed = await gasOf(clearing.connect(proposer).propose(cycle, lines));
    await passWindow(cycle);
    const applied = await gasOf(clearing.applySetOff(cycle, lines));
    const paid = await gasOf(clearing.connect(members[half + 1]).withdraw(cycle));
    rows.push({ operation: "default: declareDefault opens unwinding", gas: opened });
    rows.push({ operation: "default: recordDefault of a member", gas: recorded });
    rows.push({ operation: "default: propose the least unwind (1 line)", gas: proposed });
    rows.push({ operation: "default: apply it (rolls 1 obligation, settles the cycle)", gas: applied });
    rows.push({ operation: "default: withdraw a payout after the unwind", gas: paid, note: "includes the token transfer" });
  }

  const avg = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n) / BigInt(xs.length);
  rows.unshift(
    { operation: "create an obligation (creditor)", gas: avg(createGas), note: `average of ${createGas.length}` },
    { operation: "confirm an obligation (debtor)", gas: avg(confirmGas), note: `average of ${confirmGas.length}; moves both net positions` },
  );
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  measureClearingGas()
    .then((rows) => {
      for (const r of rows) console.log(`${r.operation.padEnd(72)} ${r.gas.toString().padStart(10)}  ${r.note ?? ""}`);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
