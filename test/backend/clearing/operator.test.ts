import { expect } from "chai";
import { clearingOverview, solution, standingProposal } from "../../../core/api/schemas/clearing.js";
import { eventually } from "../../browser/eventually.js";
import { bearer, componentApi, componentWorld, CYCLE_LENGTH, increaseTime, type ComponentApi, type ComponentWorld } from "../support/components.js";
import { getJson as getAnonymous } from "../support/server.js";
import { send } from "../support/world.js";
import { account } from "../support/chain.js";
import { clearingCluster, fundedOutsider, OPERATOR_ACCOUNT, owe, startOperator, type RunningOperator } from "./support/operator.js";

const WINDOW = CYCLE_LENGTH / 8;
const APPLY = CYCLE_LENGTH / 8;
const FUNDING = CYCLE_LENGTH / 4;
const WAIT = 60_000;

describe("clearing operator: closes, proposes, applies and defaults cycles on its own", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let op: RunningOperator;

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world);
    op = await startOperator(cw, env);
    await fundedOutsider(cw);
  });
  after(async () => {
    await op?.stop();
    await env?.close();
  });

  /** A GET as a (a member of every cluster here): the clearing is its members' business. */
  const getJson = async (url: string) => getAnonymous(url, { headers: { authorization: await bearer(cw.a.address) } });
  const overview = async (id: number) => clearingOverview.parse((await getJson(`${env.api}/clusters/${id}/clearing`)).body);
  const cycleOf = async (id: number, cycle: number) => {
    const o = await overview(id);
    return [o.current, o.openCycle, ...o.past].find((x) => x?.cycle === cycle) ?? null;
  };
  const actions = (id: number, kind: string) => op.log.filter((l) => l.includes(`cluster ${id}: ${kind}:`));

  /** b owes a 100, c owes b 70, a owes c 50: 150 cancels, a is owed 50 net, b owes 30 and c 20. */
  async function triangle(clearing: Awaited<ReturnType<typeof clearingCluster>>["clearing"]): Promise<number[]> {
    const { a, b, c } = cw;
    return [await owe(clearing, a, b, 100n), await owe(clearing, b, c, 70n), await owe(clearing, c, a, 50n)];
  }

  /** `triangles` (18 by default) triangles of 10 and one extra 5 owed by b to a: 30 per triangle cancels, in 3 lines each. */
  async function manyObligations(clearing: Awaited<ReturnType<typeof clearingCluster>>["clearing"], triangles = 18): Promise<void> {
    const { a, b, c } = cw;
    for (let i = 0; i < triangles; i++) {
      await owe(clearing, a, b, 10n);
      await owe(clearing, b, c, 10n);
      await owe(clearing, c, a, 10n);
    }
    await owe(clearing, a, b, 5n);
  }

  it("closes a due cycle, proposes the optimum, applies it after the window, and the index shows the cycle funding", async function () {
    const { id, clearing } = await clearingCluster(cw);
    const ids = await triangle(clearing);
    const cycle = Number(await clearing.openCycle());

    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.standingProposal).to.include({ total: "150", proposer: op.address }),
      WAIT,
    );
    expect(actions(id, "closeCycle")).to.have.length(1);
    expect(actions(id, "propose")).to.have.length(1);
    expect(actions(id, "applySetOff")).to.have.length(0);

    // Its proposal as stored, through the API: one chunk, ascending obligation ids.
    const res = await getJson(`${env.api}/clusters/${id}/clearing/cycles/${cycle}/proposal`);
    expect(res.status).to.equal(200);
    const stored = standingProposal.parse(res.body);
    expect(stored).to.include({ cycle, proposer: op.address, total: "150" });
    expect(stored.chunks).to.deep.equal([ids.map((obligationId) => ({ obligationId, amount: "50" }))]);

    await increaseTime(cw.world, WINDOW + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.phase).to.equal("funding"),
      WAIT,
    );
    const funding = (await cycleOf(id, cycle))!;
    expect(funding).to.include({ appliedSetOff: "150" });
    expect(funding.report).to.include({ gross: "220", cancelled: "150", liquidityNeeded: "50" });
    expect(funding.positions.map((p) => [p.member, p.net])).to.have.deep.members([
      [cw.a.address.toLowerCase(), "50"],
      [cw.b.address.toLowerCase(), "-30"],
      [cw.c.address.toLowerCase(), "-20"],
    ]);
    expect(actions(id, "applySetOff")).to.have.length(1);
    expect((await clearing.cycleInfo(cycle)).phase).to.equal(4n); // Funding, on chain too
  });

  it("submits a proposal of more than MAX_CHUNK_LINES lines in chunks of that many and applies it from the stored lines", async function () {
    this.timeout(240_000);
    const { id, clearing } = await clearingCluster(cw);
    await manyObligations(clearing);
    const cycle = Number(await clearing.openCycle());

    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.standingProposal).to.include({ total: "540", proposer: op.address }),
      WAIT,
    );
    const stored = standingProposal.parse((await getJson(`${env.api}/clusters/${id}/clearing/cycles/${cycle}/proposal`)).body);
    expect(stored.chunks.length).to.be.at.least(2);
    expect(stored.chunks[0]).to.have.length(Number(await clearing.MAX_CHUNK_LINES()));
    const lines = stored.chunks.flat();
    expect(lines.map((l) => l.obligationId)).to.deep.equal([...lines.map((l) => l.obligationId)].sort((x, y) => x - y));
    expect(lines.reduce((sum, l) => sum + BigInt(l.amount), 0n)).to.equal(540n);
    expect(actions(id, "propose")).to.have.length(0);
    expect(actions(id, "beginProposal")).to.have.length(1);
    expect(actions(id, "addChunk")).to.have.length(stored.chunks.length);
    expect(actions(id, "finalizeProposal")).to.have.length(1);

    await increaseTime(cw.world, WINDOW + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.phase).to.equal("funding"),
      WAIT,
    );
    expect(actions(id, "applySetOff")).to.have.length(stored.chunks.length);
    expect((await cycleOf(id, cycle))!).to.include({ appliedSetOff: "540" });
    const proposal = await clearing.proposal(stored.proposalId);
    expect(proposal.appliedChunks).to.equal(BigInt(stored.chunks.length));
  });

  it("when a net debtor does not fund: records its default, unwinds the least, and the rest settles (the creditor is paid what was funded)", async function () {
    this.timeout(240_000);
    const { id, clearing } = await clearingCluster(cw);
    const { a, b, c, token } = cw;
    const ids = await triangle(clearing);
    const cycle = Number(await clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (x) => expect(x?.standingProposal?.total).to.equal("150"),
      WAIT,
    );
    await increaseTime(cw.world, WINDOW + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (x) => expect(x?.phase).to.equal("funding"),
      WAIT,
    );

    // After the set-off b owes a 50 and c owes b 20: b funds its 30; c never funds its 20.
    const house = await clearing.getAddress();
    await send(token.connect(b).approve(house, 30n));
    await send(clearing.connect(b).fund(cycle));
    await increaseTime(cw.world, FUNDING + 1);
    // c's 20 cannot stop at b, who funded exactly what it owed: it goes on through b's debt to a.
    await eventually(
      () => cycleOf(id, cycle),
      (x) => expect(x?.standingProposal).to.include({ total: "40", unwind: true, proposer: op.address }),
      WAIT,
    );
    const unwinding = (await cycleOf(id, cycle))!;
    expect(unwinding.phase).to.equal("unwinding");
    expect(unwinding.unwindingOpened).to.be.a("string");
    const res = await getJson(`${env.api}/clusters/${id}/clearing/cycles/${cycle}/proposal`);
    expect(standingProposal.parse(res.body)).to.include({ unwind: true, total: "40" });
    const defaults = (await overview(id)).defaults;
    expect(defaults.map((d) => [d.cycle, d.member, d.shortfall, d.count])).to.deep.equal([[cycle, c.address.toLowerCase(), "20", 1]]);
    expect(await clearing.defaultsOf(c.address)).to.equal(1n);

    await increaseTime(cw.world, WINDOW + 1);
    await eventually(
      () => cycleOf(id, cycle),
      (x) => expect(x).to.include({ phase: "settled", rolledInto: cycle + 1 }),
      WAIT,
    );
    expect(actions(id, "declareDefault")).to.have.length(1);
    expect(actions(id, "recordDefault")).to.have.length(1);
    const settled = (await cycleOf(id, cycle))!;
    expect(settled.unwound).to.include({ rolled: "40" });
    const byMember = new Map(settled.positions.map((p) => [p.member, p]));
    expect([a, b, c].map((m) => byMember.get(m.address.toLowerCase())).map((p) => [p?.net, p?.funded, p?.rolled, p?.payout, p?.defaulted])).to.deep.equal([
      ["50", "0", "-20", "30", false],
      ["-30", "30", "0", "0", false],
      ["-20", "0", "20", "0", true],
    ]);
    // a is paid the 30 b funded; its other 20 is owed in the next cycle, along the chain from c.
    const before = await token.balanceOf(a.address);
    await send(clearing.connect(a).withdraw(cycle));
    expect(await token.balanceOf(a.address)).to.equal(before + 30n);
    expect(await clearing.liabilities(await token.getAddress())).to.equal(0n);

    type Rows = { kind: string; id: number; outstanding: string; status: string; cycle: number | null; rolledFrom: number | null }[];
    const inClearing = (rows: Rows) => rows.filter((o) => o.kind === "clearing");
    const mine = inClearing((await getJson(`${env.api}/clusters/${id}/obligations?limit=500`)).body as Rows).filter((o) => ids.includes(o.id));
    const rows = (
      await Promise.all(
        [b, c].map(async (who) =>
          inClearing(
            (await getAnonymous(`${env.api}/clusters/${id}/obligations?limit=500`, { headers: { authorization: await bearer(who.address) } })).body as Rows,
          ),
        ),
      )
    ).flat();
    const all = [...new Map([...mine, ...rows].map((o) => [o.id, o])).values()].filter((o) => ids.includes(o.id)).sort((x, y) => x.id - y.id);
    expect(all.map((o) => [o.id, o.status, o.outstanding, o.cycle, o.rolledFrom])).to.deep.equal([
      [ids[0], "confirmed", "20", cycle + 1, cycle],
      [ids[1], "confirmed", "20", cycle + 1, cycle],
      [ids[2], "settled", "0", cycle, null],
    ]);

    // At the next cutoff the operator closes the next cycle with what rolled: c owes 20, through b, to a.
    await increaseTime(cw.world, CYCLE_LENGTH);
    await eventually(
      () => cycleOf(id, cycle + 1),
      (x) =>
        expect(x)
          .to.include({ baseCycle: cycle + 1, obligations: 2 })
          .and.not.include({ phase: "open" }),
      WAIT,
    );
    const next = (await cycleOf(id, cycle + 1))!;
    expect(next.positions.filter((p) => p.net !== "0").map((p) => [p.member, p.net])).to.have.deep.members([
      [a.address.toLowerCase(), "20"],
      [c.address.toLowerCase(), "-20"],
    ]);
  });

  it("resumes, after a restart, the chunked proposal it had begun, from the chain and the index", async function () {
    this.timeout(240_000);
    await op.stop();
    const { id, clearing } = await clearingCluster(cw);
    await manyObligations(clearing);
    const cycle = Number(await clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    const closedAt = await send(clearing.connect(cw.c).closeCycle());
    await env.index.indexer.waitFor(closedAt);
    // What the stopped operator had done before it died: begun the proposal and sent its first chunk.
    const optimum = solution.parse((await getJson(`${env.api}/clusters/${id}/clearing/cycles/${cycle}/solution`)).body);
    const signer = clearing.connect(account(OPERATOR_ACCOUNT, cw.world.chain.provider));
    await send(signer.beginProposal(cycle));
    const proposalId = Number(await clearing.proposalCount());
    await send(signer.addChunk(proposalId, optimum.cancellations.slice(0, Number(await clearing.MAX_CHUNK_LINES()))));

    op = await startOperator(cw, env);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.standingProposal).to.include({ id: proposalId, total: "540" }),
      WAIT,
    );
    expect(actions(id, "beginProposal")).to.have.length(0);
    const added = actions(id, "addChunk");
    expect(added).to.have.length(1);
    expect(added[0]).to.contain(`addChunk: proposal ${proposalId}, chunk 2 of 2`);
    expect(actions(id, "finalizeProposal")).to.have.length(1);
  });

  it("attack: finishes its chunked proposal with one beginProposal of its own while another account starts 70 proposals in between", async function () {
    this.timeout(300_000);
    const { id, clearing } = await clearingCluster(cw);
    const spammer = clearing.connect(cw.outsider);
    await manyObligations(clearing, 33); // 100 lines: 4 chunks
    const cycle = Number(await clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    // As soon as the operator has begun its proposal, the outsider starts 70 of its own. Mining
    // pauses meanwhile, so they all land before the operator's next chunk is through: the operator
    // waits for each of its transactions before deciding the next.
    const deadline = Date.now() + WAIT;
    while (actions(id, "beginProposal").length === 0) {
      if (Date.now() > deadline) throw new Error("the operator never began its proposal");
      await new Promise((r) => setTimeout(r, 1));
    }
    const provider = cw.world.chain.provider;
    await provider.send("testchain_setAutomine", [false]);
    const pending = [];
    try {
      for (let i = 0; i < 70; i++) pending.push(await spammer.beginProposal(cycle));
      await provider.send("testchain_mine", []);
    } finally {
      await provider.send("testchain_setAutomine", [true]);
    }
    for (const tx of pending) expect((await tx.wait())?.status).to.equal(1);

    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.standingProposal).to.include({ total: "990", proposer: op.address }),
      WAIT,
    );
    const started = await clearing.queryFilter(clearing.filters.ProposalStarted(undefined, cycle));
    const own = started.filter((e) => e.args.proposer.toLowerCase() === op.address);
    const spam = started.filter((e) => e.args.proposer === cw.outsider.address);
    expect(own, "the operator's ProposalStarted events").to.have.length(1);
    expect(spam).to.have.length(70);
    // The spam came while the operator's proposal was unfinished: after its start, before its submission.
    const [submitted] = await clearing.queryFilter(clearing.filters.ProposalSubmitted(cycle, own[0].args.proposalId));
    const between = spam.filter((e) => e.args.proposalId > own[0].args.proposalId && e.blockNumber < submitted.blockNumber);
    expect(between.length).to.be.at.least(64);
    expect(actions(id, "beginProposal")).to.have.length(1);
    expect(actions(id, "addChunk")).to.have.length(4);
    expect(actions(id, "finalizeProposal")).to.have.length(1);
  });

  /** With the operator stopped: a fresh cluster whose closed cycle has an outsider's standing triangle set-off. */
  async function outsiderStanding() {
    const { id, clearing } = await clearingCluster(cw);
    const ids = await triangle(clearing);
    const cycle = Number(await clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await send(clearing.connect(cw.c).closeCycle());
    await send(
      clearing.connect(cw.outsider).propose(
        cycle,
        ids.map((obligationId) => ({ obligationId, amount: 50n })),
      ),
    );
    return { id, clearing, cycle };
  }

  it("applies an outsider's standing proposal even past its apply deadline, rather than let it lapse", async function () {
    await op.stop();
    const { id, cycle } = await outsiderStanding();
    await increaseTime(cw.world, WINDOW + APPLY + 1);

    op = await startOperator(cw, env);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c).to.include({ phase: "funding", appliedSetOff: "150" }),
      WAIT,
    );
    expect((await cycleOf(id, cycle))!.standingProposal).to.include({ proposer: cw.outsider.address.toLowerCase(), lapsed: false });
    expect(actions(id, "applySetOff")).to.have.length(1);
    expect(actions(id, "lapseSetOff")).to.have.length(0);
  });

  it("lets a standing proposal lapse past its apply deadline only when it cannot apply it (here: the index lost its lines)", async function () {
    await op.stop();
    const { id, clearing, cycle } = await outsiderStanding();
    await env.index.indexer.waitFor(await cw.world.chain.provider.getBlockNumber());
    const proposalId = Number(await clearing.proposalCount());
    // The lines the operator would apply are gone from the store (a damaged or partial index).
    await env.index.db.prepare("DELETE FROM clearing_proposal_lines WHERE cluster_id = ? AND proposal_id = ?").run(id, proposalId);

    // Before the apply deadline it keeps trying (the chain refuses the lines it has); past it, the cycle moves on.
    await increaseTime(cw.world, WINDOW + 1);
    op = await startOperator(cw, env);
    await eventually(
      async () => op.log.join("\n"),
      (l) => expect(l).to.contain(`failed: ChunkMismatch(${proposalId}, 0)`),
      WAIT,
    );
    expect(actions(id, "lapseSetOff")).to.have.length(0);
    await increaseTime(cw.world, APPLY);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c).to.include({ phase: "funding", appliedSetOff: null }),
      WAIT,
    );
    expect((await cycleOf(id, cycle))!.standingProposal).to.include({ id: proposalId, lapsed: true });
    expect(actions(id, "lapseSetOff")).to.have.length(1);
    // Its attempts to apply were all refused: nothing of the set-off was applied.
    expect(actions(id, "applySetOff").filter((l) => l.includes("(tx "))).to.have.length(0);
    expect((await clearing.proposal(proposalId)).appliedChunks).to.equal(0n);
  });

  it("indexes a lapse: the cycle shows its apply deadline, then funds without a set-off", async function () {
    await op.stop();
    const { id, clearing, cycle } = await outsiderStanding();
    await env.index.indexer.waitFor(await cw.world.chain.provider.getBlockNumber());
    const { windowEnd, applyDeadline } = await clearing.cycleInfo(cycle);
    const proposing = (await cycleOf(id, cycle))!;
    expect(proposing.standingProposal).to.include({
      windowEnd: new Date(Number(windowEnd) * 1000).toISOString(),
      applyDeadline: new Date(Number(applyDeadline) * 1000).toISOString(),
      lapsed: false,
    });
    await increaseTime(cw.world, WINDOW + APPLY + 1);
    await env.index.indexer.waitFor(await send(clearing.connect(cw.b).lapseSetOff(cycle)));
    const funding = (await cycleOf(id, cycle))!;
    expect(funding).to.include({ phase: "funding", appliedSetOff: null });
    expect(funding.standingProposal).to.include({ lapsed: true });
    expect(funding.report).to.include({ gross: "220", cancelled: "0", liquidityNeeded: "50" });
    op = await startOperator(cw, env);
  });

  it("replaces a standing proposal smaller than the optimum with the optimum", async function () {
    await op.stop();
    const { id, clearing } = await clearingCluster(cw);
    const ids = await triangle(clearing);
    const cycle = Number(await clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await send(clearing.connect(cw.c).closeCycle());
    await send(
      clearing.connect(cw.b).propose(
        cycle,
        ids.map((obligationId) => ({ obligationId, amount: 10n })),
      ),
    );

    op = await startOperator(cw, env);
    await eventually(
      () => cycleOf(id, cycle),
      (c) => expect(c?.standingProposal).to.include({ total: "150", proposer: op.address }),
      WAIT,
    );
    expect(actions(id, "propose")).to.have.length(1);
  });

  it("answers 404 for the proposal of a cycle without one, an unknown cycle or an unknown cluster", async function () {
    const { id, clearing } = await clearingCluster(cw);
    const open = Number(await clearing.openCycle());
    for (const path of [`${id}/clearing/cycles/${open}/proposal`, `${id}/clearing/cycles/999/proposal`, `99999/clearing/cycles/1/proposal`]) {
      const res = await getJson(`${env.api}/clusters/${path}`);
      expect(res.status, path).to.equal(404);
      expect((res.body as { error: { code: string } }).error.code).to.equal("not_found");
    }
    expect((await getJson(`${env.api}/clusters/${id}/clearing/cycles/0x1/proposal`)).status).to.equal(400);
    const openapi = (await getJson(`${env.api}/openapi.json`)).body as { paths: Record<string, unknown> };
    expect(openapi.paths).to.have.property("/api/clusters/{id}/clearing/cycles/{cycle}/proposal");
  });
});
