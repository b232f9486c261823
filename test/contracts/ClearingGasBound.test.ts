// Finding 1 of issue 9 (part one): whatever `propose` or `addChunk` accepts must be appliable. Each
// call carries at most MAX_CHUNK_LINES lines, and a full chunk of worst-case lines (distinct
// obligations in cold slots, large amounts, every line naming members new to the proposer)
// verifies and applies within an eighth of the 16,777,216-gas transaction cap. Gas is
// deterministic, so these are exact measurements, not timings.
import { expect } from "chai";
import type { NetworkConnection } from "hardhat/types/network";
import type { BaseWallet, ContractTransactionResponse } from "ethers";
import { clearingCrowdCreated } from "./fixturesClearing.js";
import { closeOpenCycle, loadFixture, passDeadline, passWindow, triangleClosed, type Line } from "./clearingSteps.js";
import type { ClearingHouse } from "../../types/typechain/index.js";

/** The contract's MAX_CHUNK_LINES, as the first test checks: the worlds below are sized by it. */
const MAX = 32;
/** The contract's MAX_UNWIND_LINES. */
const MAX_UNWIND = 12;
/** An eighth of the per-transaction cap of the local chain (and of Ethereum since Osaka). */
const BOUND = 16_777_216n / 8n;
/** 2^127 - 1: sixteen non-zero bytes of calldata and event data per amount. */
const LARGE = (1n << 127n) - 1n;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

/** `debtor` owes `creditor` LARGE, confirmed; returns its id. */
async function owesLarge(clearing: ClearingHouse, debtor: BaseWallet, creditor: BaseWallet): Promise<bigint> {
  await (await clearing.connect(creditor).createObligation(debtor.address, LARGE, 0n, `0x${"ab".repeat(32)}`)).wait();
  const id = await clearing.obligationCount();
  await (await clearing.connect(debtor).confirmObligation(id)).wait();
  return id;
}

/**
 * World: a cluster of 2·MAX members m0..m(2·MAX-1) in a ring (m_k owes m_k+1 LARGE), closed.
 * The ring's even edges come first (ids 1..MAX: every line names two members no other line of
 * that chunk names), then its odd edges; together they are one circulation.
 */
async function ringOfTwiceMaxClosed(connection: NetworkConnection) {
  return ringClosed(connection, 2);
}

/** World: a ring of MAX members and MAX obligations, closed: one circulation of MAX lines. */
async function ringOfMaxClosed(connection: NetworkConnection) {
  return ringClosed(connection, 1);
}

async function ringClosed(connection: NetworkConnection, factor: number) {
  const max = MAX;
  const size = factor * max;
  const w = await clearingCrowdCreated(connection, size);
  const { clearing, crowd } = w;
  const edge = (k: number) => owesLarge(clearing, crowd[k], crowd[(k + 1) % size]);
  const ids: bigint[] = [];
  if (factor === 2) {
    for (let k = 0; k < size; k += 2) ids.push(await edge(k));
    for (let k = 1; k < size; k += 2) ids.push(await edge(k));
  } else {
    for (let k = 0; k < size; k++) ids.push(await edge(k));
  }
  await closeOpenCycle(clearing);
  const lines: Line[] = ids.map((obligationId) => ({ obligationId, amount: LARGE }));
  return { ...w, max, lines, proposer: crowd[0] };
}

/**
 * World: 2·MAX members in MAX disjoint pairs (m_2k owes m_2k+1 LARGE), the cycle closed with an
 * empty set-off, nobody funded: unwinding. The least unwind rolls every line in full, and each
 * line names two members nothing else names, so applying it moves 2·MAX fresh positions.
 */
async function pairsUnwinding(connection: NetworkConnection) {
  return unwindingPairs(connection, MAX);
}

async function maxUnwindPairsUnwinding(connection: NetworkConnection) {
  return unwindingPairs(connection, MAX_UNWIND);
}

async function unwindingPairs(connection: NetworkConnection, max: number) {
  const w = await clearingCrowdCreated(connection, 2 * max);
  const { clearing, crowd } = w;
  const ids: bigint[] = [];
  for (let k = 0; k < 2 * max; k += 2) ids.push(await owesLarge(clearing, crowd[k], crowd[k + 1]));
  await closeOpenCycle(clearing);
  await (await clearing.propose(1n, [])).wait();
  await passWindow(clearing, 1n);
  await (await clearing.applySetOff(1n, [])).wait();
  await passDeadline(clearing, 1n);
  await (await clearing.declareDefault(1n)).wait();
  const lines: Line[] = ids.map((obligationId) => ({ obligationId, amount: LARGE }));
  return { ...w, max, lines, proposer: crowd[0] };
}

describe("ClearingHouse: bounded chunks", function () {
  describe("the bound on lines", function () {
    it("is public: MAX_CHUNK_LINES", async function () {
      const { clearing } = await loadFixture(triangleClosed);
      expect(await clearing.MAX_CHUNK_LINES()).to.equal(BigInt(MAX));
    });

    it("refuses a proposal of MAX_CHUNK_LINES + 1 lines with TooManyLines before looking at them", async function () {
      const { clearing } = await loadFixture(triangleClosed);
      const max = await clearing.MAX_CHUNK_LINES();
      const lines = Array.from({ length: Number(max) + 1 }, (_, i) => ({ obligationId: BigInt(10_000 + i), amount: 1n }));
      await expect(clearing.propose(1n, lines))
        .to.be.revertedWithCustomError(clearing, "TooManyLines")
        .withArgs(max + 1n, max);
    });

    it("refuses a chunk of MAX_CHUNK_LINES + 1 lines with TooManyLines before looking at them", async function () {
      const { clearing } = await loadFixture(triangleClosed);
      const max = await clearing.MAX_CHUNK_LINES();
      await clearing.beginProposal(1n);
      const lines = Array.from({ length: Number(max) + 1 }, (_, i) => ({ obligationId: BigInt(10_000 + i), amount: 1n }));
      await expect(clearing.addChunk(1n, lines))
        .to.be.revertedWithCustomError(clearing, "TooManyLines")
        .withArgs(max + 1n, max);
    });
  });

  describe("a full chunk of worst-case lines", function () {
    it("is accepted by addChunk at MAX_CHUNK_LINES lines naming 2·MAX fresh members, and each chunk verifies and applies within an eighth of the cap", async function () {
      this.timeout(300_000);
      const w = await loadFixture(ringOfTwiceMaxClosed);
      const { clearing, lines, max, proposer } = w;
      const chunks = [lines.slice(0, max), lines.slice(max)];
      const asProposer = clearing.connect(proposer);
      await (await asProposer.beginProposal(1n)).wait();
      const proposalId = await clearing.proposalCount();
      const verify: bigint[] = [];
      for (const chunk of chunks) verify.push(await gasOf(asProposer.addChunk(proposalId, chunk)));
      await (await asProposer.finalizeProposal(proposalId)).wait();
      expect((await clearing.cycleInfo(1n)).bestTotal).to.equal(LARGE * BigInt(lines.length));
      await passWindow(clearing, 1n);
      const apply: bigint[] = [];
      for (const chunk of chunks) apply.push(await gasOf(clearing.applySetOff(1n, chunk)));
      console.log(`      addChunk of ${max} lines: ${verify.join(", ")} gas; applySetOff: ${apply.join(", ")} gas (bound ${BOUND})`);
      for (const gas of [...verify, ...apply]) expect(gas).to.be.lessThan(BOUND);
      expect((await clearing.obligation(lines[0].obligationId)).outstanding).to.equal(0n);
    });

    it("is accepted by propose at MAX_CHUNK_LINES lines, and verifies and applies within an eighth of the cap", async function () {
      this.timeout(300_000);
      const w = await loadFixture(ringOfMaxClosed);
      const { clearing, lines, max, proposer } = w;
      expect(lines).to.have.length(max);
      const verify = await gasOf(clearing.connect(proposer).propose(1n, lines));
      await passWindow(clearing, 1n);
      const apply = await gasOf(clearing.applySetOff(1n, lines));
      console.log(`      propose of ${max} lines: ${verify} gas; applySetOff: ${apply} gas (bound ${BOUND})`);
      expect(verify).to.be.lessThan(BOUND);
      expect(apply).to.be.lessThan(BOUND);
    });
  });

  describe("a full chunk of a worst-case unwind", function () {
    it("is bounded by MAX_UNWIND_LINES, below MAX_CHUNK_LINES: applying an unwind line costs more", async function () {
      const w = await loadFixture(pairsUnwinding);
      const { clearing, lines } = w;
      expect(await clearing.MAX_UNWIND_LINES()).to.equal(BigInt(MAX_UNWIND));
      const over = lines.slice(0, MAX_UNWIND + 1);
      await expect(clearing.propose(1n, over))
        .to.be.revertedWithCustomError(clearing, "TooManyLines")
        .withArgs(MAX_UNWIND + 1, MAX_UNWIND);
      await clearing.beginProposal(1n);
      await expect(clearing.addChunk(await clearing.proposalCount(), over))
        .to.be.revertedWithCustomError(clearing, "TooManyLines")
        .withArgs(MAX_UNWIND + 1, MAX_UNWIND);
    });

    it("is added and applied within an eighth of the cap, each line rolling two fresh positions", async function () {
      this.timeout(300_000);
      const w = await loadFixture(pairsUnwinding);
      const { clearing, lines, max, proposer } = w;
      const chunks: Line[][] = [];
      for (let i = 0; i < max; i += MAX_UNWIND) chunks.push(lines.slice(i, i + MAX_UNWIND));
      const asProposer = clearing.connect(proposer);
      await (await asProposer.beginProposal(1n)).wait();
      const proposalId = await clearing.proposalCount();
      const added: bigint[] = [];
      for (const chunk of chunks) added.push(await gasOf(asProposer.addChunk(proposalId, chunk)));
      const finalized = await gasOf(asProposer.finalizeProposal(proposalId));
      await passWindow(clearing, 1n);
      const applied: bigint[] = [];
      for (const chunk of chunks) applied.push(await gasOf(clearing.applySetOff(1n, chunk)));
      console.log(
        `      unwind of ${max} lines in chunks of ${MAX_UNWIND}: addChunk ${added.join(", ")}; finalize ${finalized}; applySetOff ${applied.join(", ")} gas (bound ${BOUND})`,
      );
      for (const gas of [...added, ...applied]) expect(gas).to.be.lessThan(BOUND);
      expect((await clearing.cycleInfo(1n)).phase).to.equal(5n); // Settled
      expect((await clearing.obligation(lines[0].obligationId)).cycle).to.equal(2n);
    });

    it("is proposed in one call of MAX_UNWIND_LINES and applied within an eighth of the cap", async function () {
      this.timeout(300_000);
      const w = await loadFixture(maxUnwindPairsUnwinding);
      const { clearing, lines } = w;
      expect(lines).to.have.length(MAX_UNWIND);
      const proposed = await gasOf(clearing.propose(1n, lines));
      await passWindow(clearing, 1n);
      const applied = await gasOf(clearing.applySetOff(1n, lines));
      console.log(`      unwind of ${MAX_UNWIND} lines: propose ${proposed}, applySetOff ${applied} gas (bound ${BOUND})`);
      for (const gas of [proposed, applied]) expect(gas).to.be.lessThan(BOUND);
    });
  });
});
