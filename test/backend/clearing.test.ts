import { expect } from "chai";
import { ZeroHash } from "ethers";
import { clearingOverview, obligations, solution } from "../../core/api/schemas/clearing.js";
import { bearer, componentApi, componentWorld, CYCLE_LENGTH, increaseTime, type ComponentApi, type ComponentWorld } from "./support/components.js";
import type { HDNodeWallet } from "ethers";
import { getJson as getAnonymous } from "./support/server.js";
import { send } from "./support/world.js";

describe("clearing: obligations, the optimal set-off from the index, and settlement", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  let cycle: number;
  let ids: { ba: number; cb: number; ac: number; cancelled: number };

  /** A GET as a member of the plain cluster (a unless said): the clearing is its members' business, obligations each member's own. */
  async function getJson(url: string, who: HDNodeWallet = cw.a) {
    return getAnonymous(url, { headers: { authorization: await bearer(who.address) } });
  }

  before(async function () {
    cw = await componentWorld();
    const { a, b, c, plain } = cw;
    const clearing = plain.clearing;
    const due = BigInt(Math.floor(Date.now() / 1000) + 7 * 86_400);
    const next = async () => Number(await clearing.obligationCount()) + 1;
    // b owes a 100, c owes b 70, a owes c 50: the cycle a -> c -> b -> a can cancel 50 on each.
    const owe = async (creditor: typeof a, debtor: typeof a, amount: bigint) => {
      const id = await next();
      await send(clearing.connect(creditor).createObligation(debtor.address, amount, due, ZeroHash));
      await send(clearing.connect(debtor).confirmObligation(id));
      return id;
    };
    ids = { ba: await owe(a, b, 100n), cb: await owe(b, c, 70n), ac: await owe(c, a, 50n), cancelled: await next() };
    await send(clearing.connect(a).createObligation(c.address, 30n, due, ZeroHash));
    await send(clearing.connect(a).cancelObligation(ids.cancelled));
    cycle = Number(await clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await send(clearing.connect(c).closeCycle());
    env = await componentApi(cw.world);
    api = env.api;
  });
  after(async () => {
    await env?.close();
  });

  it("lists a member's clearing obligations, incoming and outgoing, with their status and cycle", async function () {
    const forA = obligations.parse((await getJson(`${api}/clusters/${cw.plain.id}/obligations?member=${cw.a.address}&limit=500`)).body);
    const byId = new Map(forA.filter((o) => o.kind === "clearing").map((o) => [o.id, o]));
    expect(byId.get(ids.ba)).to.include({ direction: "incoming", status: "confirmed", amount: "100", outstanding: "100", cycle });
    expect(byId.get(ids.ac)).to.include({ direction: "outgoing", status: "confirmed", cycle });
    expect(byId.get(ids.cancelled)).to.include({ status: "cancelled", cycle: null });
    expect(byId.has(ids.cb)).to.equal(false);
  });

  it("computes the maximum set-off of the closed cycle from the index", async function () {
    const res = solution.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/${cycle}/solution`)).body);
    expect(res.total).to.equal("150");
    expect(res.cancellations).to.deep.equal([
      { obligationId: ids.ba, amount: "50" },
      { obligationId: ids.cb, amount: "50" },
      { obligationId: ids.ac, amount: "50" },
    ]);
    expect(res).to.include({ standingTotal: null, improves: true });
    expect(res.report).to.include({ gross: "220", cancelled: "150", liquidityNeeded: "50", payments: 3 });
    const overview = clearingOverview.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing`)).body);
    expect(overview.current).to.include({ cycle, phase: "proposing", obligations: 3, standingProposal: null });
    expect(overview.openCycle!.cycle).to.equal(cycle + 1);
  });

  it("refuses a solution for a cycle still open (409) or unknown (404)", async function () {
    expect((await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/${cycle + 1}/solution`)).status).to.equal(409);
    expect((await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/999/solution`)).status).to.equal(404);
  });

  it("refuses an unwind for a cycle that did not fall short (409: only a default is unwound) or unknown (404)", async function () {
    const res = await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/${cycle}/unwind`);
    expect(res.status).to.equal(409);
    expect((res.body as { error: { message: string } }).error.message).to.contain("is proposing: only a cycle whose funding fell short is unwound");
    expect((await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/999/unwind`)).status).to.equal(404);
  });

  it("follows the proposal submitted on chain, its application and the net settlement", async function () {
    const { a, b, c, plain, token } = cw;
    const clearing = plain.clearing;
    const proposal = solution.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/${cycle}/solution`)).body);
    const lines = proposal.cancellations.map((l) => ({ obligationId: BigInt(l.obligationId), amount: BigInt(l.amount) }));
    await send(clearing.connect(b).propose(cycle, lines));
    await env.index.indexer.syncToHead();
    const standing = clearingOverview.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing`)).body).current!;
    expect(standing.standingProposal).to.include({ total: "150", proposer: b.address.toLowerCase() });
    const again = solution.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing/cycles/${cycle}/solution`)).body);
    expect(again).to.include({ standingTotal: "150", improves: false });

    await increaseTime(cw.world, CYCLE_LENGTH / 8 + 1);
    await send(clearing.connect(c).applySetOff(cycle, lines));
    await env.index.indexer.syncToHead();
    // Each read by its creditor: a member sees only its own obligations.
    for (const [id, creditor] of [
      [ids.ba, a],
      [ids.cb, b],
      [ids.ac, c],
    ] as const) {
      const onChain = await clearing.obligation(id);
      const indexed = obligations
        .parse((await getJson(`${api}/clusters/${cw.plain.id}/obligations?limit=500`, creditor)).body)
        .find((o) => o.kind === "clearing" && o.id === id);
      expect(indexed?.kind === "clearing" && indexed.outstanding, `obligation ${id}`).to.equal(onChain.outstanding.toString());
    }
    const funding = clearingOverview.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing`)).body).current!;
    expect(funding).to.include({ phase: "funding", appliedSetOff: "150", token: (await token.getAddress()).toLowerCase() });
    expect(funding.positions.map((p) => [p.member, p.net])).to.have.deep.members([
      [a.address.toLowerCase(), "50"],
      [b.address.toLowerCase(), "-30"],
      [c.address.toLowerCase(), "-20"],
    ]);

    const house = await clearing.getAddress();
    for (const [who, amount] of [
      [b, 30n],
      [c, 20n],
    ] as const) {
      await send(token.connect(who).approve(house, amount));
      await send(clearing.connect(who).fund(cycle));
    }
    await send(clearing.connect(a).withdraw(cycle));
    await env.index.indexer.syncToHead();

    const overview = clearingOverview.parse((await getJson(`${api}/clusters/${cw.plain.id}/clearing`)).body);
    expect(overview.current).to.equal(null);
    const past = overview.past.find((p) => p.cycle === cycle)!;
    expect(past).to.include({ phase: "settled", funded: "50" });
    expect(past.report).to.deep.equal({
      gross: "220",
      cancelled: "150",
      liquidityNeeded: "50",
      liquiditySavingPercent: 77.27,
      setOffPercent: 68.18,
      members: 3,
      payments: 3,
    });
    const positions = new Map(past.positions.map((p) => [p.member, p]));
    expect(positions.get(a.address.toLowerCase())).to.include({ net: "50", withdrawn: "50" });
    expect(positions.get(b.address.toLowerCase())).to.include({ net: "-30", funded: "30" });
    const settled = obligations
      .parse((await getJson(`${api}/clusters/${cw.plain.id}/obligations?member=${b.address}&limit=500`, b)).body)
      .filter((o) => o.kind === "clearing" && o.cycle === cycle);
    expect(settled).to.have.length.above(0);
    for (const o of settled) expect(o).to.include({ status: "settled", outstanding: "0" });
  });
});
