import { expect } from "chai";
import fc from "fast-check";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { netPositions } from "../../backend/clearing/index.js";
import type { ClearingHouse } from "../../types/typechain/index.js";
import { CyclePhase, STARTING_BALANCE, clearingClusterCreated, cycleObligations, optimalProposal, type ClearingWorld } from "./fixturesClearing.js";
import { loadFixture, owes, closeOpenCycle, passWindow, passDeadline, defaultInFull, chunksOf, type Line } from "./clearingSteps.js";

describe("ClearingHouse", function () {
  describe("invariants (property tests)", function () {
    const MEMBERS = 5;
    /** An obligation between two distinct founders, by index; amounts in token units. */
    const obligationArb = fc
      .record({ debtor: fc.nat(MEMBERS - 1), hop: fc.nat(MEMBERS - 2), amount: fc.bigInt({ min: 1n, max: 1_000n }) })
      .map(({ debtor, hop, amount }) => ({ debtor, creditor: (debtor + 1 + hop) % MEMBERS, amount }));
    type Debt = { debtor: number; creditor: number; amount: bigint };

    async function confirmAll(w: ClearingWorld, debts: Debt[]): Promise<bigint[]> {
      const ids: bigint[] = [];
      for (const d of debts) ids.push(await owes(w, w.members[d.debtor], w.members[d.creditor], d.amount));
      return ids;
    }

    /** Submits lines in one transaction or in chunks of `chunk` lines by `who`. */
    async function submit(clearing: ClearingHouse, who: HardhatEthersSigner, cycle: bigint, lines: Line[], chunk: number | null) {
      if (chunk === null || lines.length === 0) {
        await clearing.connect(who).propose(cycle, lines);
        return [lines];
      }
      await clearing.connect(who).beginProposal(cycle);
      const id = await clearing.proposalCount();
      const chunks = chunksOf(lines, chunk);
      for (const c of chunks) await clearing.connect(who).addChunk(id, c);
      await clearing.connect(who).finalizeProposal(id);
      return chunks;
    }

    it("accepts the solver's optimum, applies it exactly, and keeps net positions summing to zero", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(obligationArb, { minLength: 2, maxLength: 20 }),
          fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
          async (debts, chunk) => {
            const w = await loadFixture(clearingClusterCreated);
            await confirmAll(w, debts);
            await closeOpenCycle(w.clearing);
            const obligations = await cycleObligations(w.clearing, 1n);
            const solved = optimalProposal(obligations);
            const chunks = await submit(w.clearing, w.signers.frank, 1n, solved.lines, chunk);
            expect((await w.clearing.cycleInfo(1n)).bestTotal).to.equal(solved.total);
            await passWindow(w.clearing, 1n);
            for (const c of chunks) await w.clearing.applySetOff(1n, c);

            const cancelled = new Map(solved.lines.map((l) => [BigInt(l.obligationId), BigInt(l.amount)]));
            const info = await w.clearing.cycleInfo(1n);
            for (const o of obligations) {
              const onChain = await w.clearing.obligation(BigInt(o.id));
              const expected = info.phase === CyclePhase.Settled ? 0n : o.amount - (cancelled.get(BigInt(o.id)) ?? 0n);
              expect(onChain.outstanding).to.equal(expected);
            }
            const expected = new Map(netPositions(obligations).map((p) => [p.member, p.net]));
            let sum = 0n;
            let debit = 0n;
            for (const m of w.members) {
              const position = await w.clearing.positionOf(1n, m.address);
              expect(position).to.equal(expected.get(m.address.toLowerCase()) ?? 0n);
              sum += position;
              if (position < 0n) debit -= position;
            }
            expect(sum).to.equal(0n);
            expect(info.liquidityNeeded).to.equal(debit);
            expect(info.phase).to.equal(debit === 0n ? CyclePhase.Settled : CyclePhase.Funding);
          },
        ),
        { numRuns: 30 },
      );
    });

    it("accepts a proposal exactly when it is a circulation within the outstanding amounts", async function () {
      const perturbation = fc.oneof(
        fc.constant({ kind: "none" as const, index: 0, delta: 0n }),
        fc.record({ kind: fc.constant("bump" as const), index: fc.nat(), delta: fc.bigInt({ min: 1n, max: 60n }) }),
        fc.record({ kind: fc.constant("drop" as const), index: fc.nat(), delta: fc.constant(0n) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(obligationArb, { minLength: 3, maxLength: 15 }), perturbation, async (debts, change) => {
          const w = await loadFixture(clearingClusterCreated);
          await confirmAll(w, debts);
          await closeOpenCycle(w.clearing);
          const obligations = await cycleObligations(w.clearing, 1n);
          const lines = optimalProposal(obligations).lines.map((l) => ({ obligationId: BigInt(l.obligationId), amount: BigInt(l.amount) }));
          if (lines.length > 0 && change.kind === "bump") lines[change.index % lines.length].amount += change.delta;
          if (lines.length > 0 && change.kind === "drop") lines.splice(change.index % lines.length, 1);

          // The model: lines in order within the outstanding amounts, then per-member balance in
          // the order members were first touched (as the contract reports the first imbalance).
          const byId = new Map(obligations.map((o) => [BigInt(o.id), o]));
          const delta = new Map<string, bigint>();
          const touched: string[] = [];
          const bump = (member: string, v: bigint) => {
            if ((delta.get(member) ?? 0n) === 0n) touched.push(member);
            delta.set(member, (delta.get(member) ?? 0n) + v);
          };
          let refusal: { error: string; args: unknown[] } | null = null;
          for (const l of lines) {
            const o = byId.get(l.obligationId)!;
            if (l.amount > o.amount) {
              refusal = { error: "CancellationExceedsOutstanding", args: [l.obligationId, l.amount, o.amount] };
              break;
            }
            bump(o.debtor, l.amount);
            bump(o.creditor, -l.amount);
          }
          if (refusal === null) {
            const unbalanced = touched.find((m) => delta.get(m) !== 0n);
            if (unbalanced !== undefined) refusal = { error: "NotACirculation", args: [unbalanced, delta.get(unbalanced)] };
          }

          const tx = w.clearing.propose(1n, lines);
          if (refusal === null) await expect(tx).to.emit(w.clearing, "ProposalSubmitted");
          else
            await expect(tx)
              .to.be.revertedWithCustomError(w.clearing, refusal.error)
              .withArgs(...refusal.args);
        }),
        { numRuns: 40 },
      );
    });

    it("holds exactly what it owes through random funding, defaults, roll-overs, withdrawals and refunds", async function () {
      const cycleArb = fc.record({
        debts: fc.array(obligationArb, { minLength: 2, maxLength: 10 }),
        /** Which net debtors fund (by member index); a debtor left out makes the cycle default. */
        funds: fc.array(fc.boolean(), { minLength: MEMBERS, maxLength: MEMBERS }),
        order: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: MEMBERS, maxLength: MEMBERS }),
        chunk: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
        /** On a default: unwind by rolling everything outstanding (always valid), else default in full. */
        unwind: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(cycleArb, { minLength: 1, maxLength: 3 }), async (cycles) => {
          const w = await loadFixture(clearingClusterCreated);
          const token = await w.token.getAddress();
          const clearingAddress = await w.clearing.getAddress();
          const holds = async () => {
            const balance = await w.token.balanceOf(clearingAddress);
            expect(balance).to.equal(await w.clearing.liabilities(token));
            let total = balance;
            for (const m of w.members) total += await w.token.balanceOf(m.address);
            expect(total).to.equal(BigInt(MEMBERS) * STARTING_BALANCE); // no money created or lost
          };
          /** Unsettled obligations a default rolled over, debtor/creditor indices and amounts. */
          let carried: Debt[] = [];
          for (const spec of cycles) {
            await confirmAll(w, spec.debts);
            const cycle = await closeOpenCycle(w.clearing);
            const info = await w.clearing.cycleInfo(cycle);
            expect(info.phase).to.equal(CyclePhase.Proposing);
            const group = [...carried, ...spec.debts];
            const expectedNet = new Map(
              netPositions(group.map((d) => ({ debtor: w.members[d.debtor].address, creditor: w.members[d.creditor].address, amount: d.amount }))).map((p) => [
                p.member,
                p.net,
              ]),
            );
            let sum = 0n;
            const positions: bigint[] = [];
            for (const m of w.members) {
              const p = await w.clearing.positionOf(cycle, m.address);
              expect(p).to.equal(expectedNet.get(m.address.toLowerCase()) ?? 0n);
              positions.push(p);
              sum += p;
            }
            expect(sum).to.equal(0n);
            expect(info.liquidityNeeded).to.equal(positions.reduce((s, p) => (p < 0n ? s - p : s), 0n));

            const solved = optimalProposal(await cycleObligations(w.clearing, cycle));
            const chunks = await submit(w.clearing, w.signers.frank, cycle, solved.lines, spec.chunk);
            await passWindow(w.clearing, cycle);
            for (const c of chunks) await w.clearing.applySetOff(cycle, c);
            await holds();
            if ((await w.clearing.cycleInfo(cycle)).phase === CyclePhase.Settled) {
              carried = [];
              continue;
            }

            const debtors = spec.order.filter((i) => positions[i] < 0n);
            const funders = debtors.filter((i) => spec.funds[i]);
            for (const i of funders) {
              await w.clearing.connect(w.members[i]).fund(cycle);
              await holds();
            }
            if (funders.length === debtors.length) {
              expect((await w.clearing.cycleInfo(cycle)).phase).to.equal(CyclePhase.Settled);
              for (const i of spec.order.filter((k) => positions[k] > 0n)) {
                await w.clearing.connect(w.members[i]).withdraw(cycle);
                await holds();
                await expect(w.clearing.connect(w.members[i]).withdraw(cycle)).to.be.revertedWithCustomError(w.clearing, "AlreadyWithdrawn");
              }
              expect(await w.clearing.liabilities(token)).to.equal(0n);
              carried = [];
            } else if (spec.unwind) {
              // Rolling everything leaves each member exactly what it funded to take back.
              await passDeadline(w.clearing, cycle);
              await w.clearing.declareDefault(cycle);
              const lines = (await cycleObligations(w.clearing, cycle)).map((o) => ({ obligationId: o.id, amount: o.amount }));
              const chunks = await submit(w.clearing, w.signers.frank, cycle, lines, lines.length > 12 ? (spec.chunk ?? 12) : spec.chunk);
              await passWindow(w.clearing, cycle);
              for (const c of chunks) await w.clearing.applySetOff(cycle, c);
              expect((await w.clearing.cycleInfo(cycle)).phase).to.equal(CyclePhase.Settled);
              for (const i of funders) {
                await w.clearing.connect(w.members[i]).withdraw(cycle);
                await holds();
              }
            } else {
              await defaultInFull(w.clearing, cycle);
              await holds();
              for (const i of funders) {
                await w.clearing.connect(w.members[i]).reclaim(cycle);
                await holds();
              }
            }
            if (funders.length !== debtors.length) {
              expect(await w.clearing.liabilities(token)).to.equal(0n);
              // Net positions are what roll over: set-off changed amounts, never positions.
              carried = group;
            }
          }
        }),
        { numRuns: 25 },
      );
    });
  });
});
