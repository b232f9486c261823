import { expect } from "chai";
import { ZeroHash, type HDNodeWallet } from "ethers";
import { clearingOverview, cycleDetail, cycleFlows, cycleHistory, cycleObligations, solution } from "../../core/api/schemas/clearing.js";
import { bearer, componentApi, componentWorld, CYCLE_LENGTH, increaseTime, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson as getAnonymous } from "./support/server.js";
import { send } from "./support/world.js";
import { IMembership__factory } from "../../types/typechain/index.js";
import { MEMBER_KINDS } from "../../core/chain/enums.js";
import { RECENT_FINISHED_CYCLES } from "../../core/api/pageSize.js";

type Detail = ReturnType<typeof cycleDetail.parse> & { obligations: ReturnType<typeof cycleObligations.parse>; flowRows: ReturnType<typeof cycleFlows.parse> };

describe("clearing history: finished cycles a page at a time, and one cycle in full", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let base: string;
  let first: number;
  let ids: { ba: number; cb: number; ac: number };
  const seen: { open?: Detail; proposing?: Detail; funding?: Detail } = {};
  /** Creditor's obligation on debtor, confirmed: its id. */
  let owe: (creditor: HDNodeWallet, debtor: HDNodeWallet, amount: bigint) => Promise<number>;
  /** Closes the open cycle, proposes its optimal set-off and applies it once the challenge window is over. */
  let setOff: (cycle: number, onClosed?: () => Promise<void>) => Promise<void>;

  async function getJson(url: string, who: HDNodeWallet = cw.a) {
    return getAnonymous(url, { headers: { authorization: await bearer(who.address) } });
  }
  async function detail(cycle: number): Promise<Detail> {
    await env.index.indexer.syncToHead();
    const res = await getJson(`${base}/clearing/cycles/${cycle}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const list = async (what: string) => {
      const page = await getJson(`${base}/clearing/cycles/${cycle}/${what}`);
      expect(page.status, JSON.stringify(page.body)).to.equal(200);
      return page.body;
    };
    return { ...cycleDetail.parse(res.body), obligations: cycleObligations.parse(await list("obligations")), flowRows: cycleFlows.parse(await list("flows")) };
  }

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world);
    base = `${env.api}/clusters/${cw.plain.id}`;
    const { a, b, c, token } = cw;
    const clearing = cw.plain.clearing;
    const house = await clearing.getAddress();
    const due = BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400);
    owe = async (creditor: HDNodeWallet, debtor: HDNodeWallet, amount: bigint) => {
      const id = Number(await clearing.obligationCount()) + 1;
      await send(clearing.connect(creditor).createObligation(debtor.address, amount, due, ZeroHash));
      await send(clearing.connect(debtor).confirmObligation(id));
      return id;
    };
    setOff = async (cycle: number, onClosed?: () => Promise<void>) => {
      await increaseTime(cw.world, CYCLE_LENGTH + 1);
      await send(clearing.connect(c).closeCycle());
      await onClosed?.();
      await env.index.indexer.syncToHead();
      const best = solution.parse((await getJson(`${base}/clearing/cycles/${cycle}/solution`)).body);
      const lines = best.cancellations.map((l) => ({ obligationId: BigInt(l.obligationId), amount: BigInt(l.amount) }));
      await send(clearing.connect(b).propose(cycle, lines));
      await increaseTime(cw.world, CYCLE_LENGTH / 8 + 1);
      await send(clearing.connect(c).applySetOff(cycle, lines));
    };

    // Cycle one: b owes a 100, c owes b 70, a owes c 50; the set-off cancels 50 of each, b and c
    // fund their net debits (30 and 20) and a withdraws its 50.
    first = Number(await clearing.openCycle());
    ids = { ba: await owe(a, b, 100n), cb: await owe(b, c, 70n), ac: await owe(c, a, 50n) };
    seen.open = await detail(first);
    await setOff(first, async () => {
      seen.proposing = await detail(first);
    });
    seen.funding = await detail(first);
    for (const [who, amount] of [
      [b, 30n],
      [c, 20n],
    ] as const) {
      await send(token.connect(who).approve(house, amount));
      await send(clearing.connect(who).fund(first));
    }
    await send(clearing.connect(a).withdraw(first));

    // Cycle two: a triangle of 10 cancels in full and settles with no money moving.
    await owe(a, b, 10n);
    await owe(b, c, 10n);
    await owe(c, a, 10n);
    await setOff(first + 1);
    await env.index.indexer.syncToHead();
  });
  after(async () => {
    await env?.close();
  });

  it("lists finished cycles newest first, a page at a time, the cursor leading to the older ones", async function () {
    const page1 = cycleHistory.parse((await getJson(`${base}/clearing/cycles?limit=1`)).body);
    expect(page1.cycles.map((c) => [c.cycle, c.phase])).to.deep.equal([[first + 1, "settled"]]);
    expect(page1.nextCursor).to.equal(first + 1);
    const page2 = cycleHistory.parse((await getJson(`${base}/clearing/cycles?limit=1&before=${page1.nextCursor}`)).body);
    expect(page2.cycles.map((c) => c.cycle)).to.deep.equal([first]);
    const rest = cycleHistory.parse((await getJson(`${base}/clearing/cycles?before=${first}`)).body);
    // Exactly the finished cycles before `first` of the whole history (one page of 100), newest first.
    const whole = cycleHistory.parse((await getJson(`${base}/clearing/cycles?limit=100`)).body);
    const older = whole.cycles.filter((c) => c.cycle < first).map((c) => c.cycle);
    expect(rest.cycles.map((c) => c.cycle)).to.deep.equal(older.slice(0, 20));
    expect(rest.nextCursor).to.equal(older.length > 20 ? older[19] : null);
    // Without a limit a page holds up to 20, and the open cycle is never in the history.
    const all = cycleHistory.parse((await getJson(`${base}/clearing/cycles`)).body);
    expect(all.cycles[0]!.cycle).to.equal(first + 1);
    expect(all.cycles.map((c) => c.phase)).to.not.include("open");
  });

  it("shows who funded, who was paid and who withdrew what in a settled cycle", async function () {
    const page = cycleHistory.parse((await getJson(`${base}/clearing/cycles?before=${first + 1}&limit=1`)).body);
    const settled = page.cycles[0]!;
    expect(settled).to.include({ cycle: first, phase: "settled", funded: "50" });
    expect(settled.report).to.include({ gross: "220", cancelled: "150", liquidityNeeded: "50" });
    const byMember = new Map(settled.positions.map((p) => [p.member, p]));
    expect(byMember.get(cw.a.address.toLowerCase())).to.include({ net: "50", funded: "0", payout: "50", withdrawn: "50" });
    expect(byMember.get(cw.b.address.toLowerCase())).to.include({ net: "-30", funded: "30", payout: "0", withdrawn: "0" });
    expect(byMember.get(cw.c.address.toLowerCase())).to.include({ net: "-20", funded: "20", payout: "0", withdrawn: "0" });
  });

  it("shows a settled cycle's obligations with what the applied set-off cancelled of each", async function () {
    const full = await detail(first);
    expect(full.cycle).to.include({ cycle: first, phase: "settled" });
    expect(full.obligations.map((o) => [o.id, o.debtor, o.creditor, o.amount, o.cancelled])).to.deep.equal([
      [ids.ba, cw.b.address.toLowerCase(), cw.a.address.toLowerCase(), "100", "50"],
      [ids.cb, cw.c.address.toLowerCase(), cw.b.address.toLowerCase(), "70", "50"],
      [ids.ac, cw.a.address.toLowerCase(), cw.c.address.toLowerCase(), "50", "50"],
    ]);
    const triangle = await detail(first + 1);
    expect(triangle.obligations.map((o) => [o.amount, o.cancelled])).to.deep.equal([
      ["10", "10"],
      ["10", "10"],
      ["10", "10"],
    ]);
    expect(triangle.cycle.report).to.include({ gross: "30", cancelled: "30", liquidityNeeded: "0" });
    // Each pair owes through one obligation here: its flow is that obligation.
    expect(full.flowRows.map((f) => [f.n, f.debtor, f.owed, f.cancelled, f.remaining])).to.deep.equal([
      [1, cw.b.address.toLowerCase(), "100", "50", "50"],
      [2, cw.c.address.toLowerCase(), "70", "50", "20"],
      [3, cw.a.address.toLowerCase(), "50", "50", "0"],
    ]);
    expect(full.flows).to.deep.equal({ arrows: 3, obligations: 3, gross: "220", cancelled: "150", remaining: "70", reducedPercent: 68.18, basis: "applied" });
    expect(full.largest).to.deep.equal(full.flowRows);
  });

  it("shows the open cycle's obligations so far and a closed cycle's before and after its set-off", async function () {
    expect(seen.open!.cycle.phase).to.equal("open");
    expect(seen.open!.obligations.map((o) => [o.id, o.amount, o.cancelled])).to.deep.equal([
      [ids.ba, "100", null],
      [ids.cb, "70", null],
      [ids.ac, "50", null],
    ]);
    expect(seen.open!.flows).to.include({ arrows: 3, obligations: 3, gross: "220", cancelled: null, basis: null });
    expect(seen.open!.flowRows.map((f) => f.cancelled)).to.deep.equal([null, null, null]);
    // Taking proposals: nothing is cancelled yet, but the flows show what the optimum would cancel.
    expect(seen.proposing!.cycle.phase).to.equal("proposing");
    expect(seen.proposing!.obligations.map((o) => o.cancelled)).to.deep.equal([null, null, null]);
    expect(seen.proposing!.flows).to.include({ gross: "220", cancelled: "150", remaining: "70", basis: "optimum" });
    expect(seen.proposing!.flowRows.map((f) => f.cancelled)).to.deep.equal(["50", "50", "50"]);
    // Funding: what the set-off took off each outstanding amount.
    expect(seen.funding!.cycle.phase).to.equal("funding");
    expect(seen.funding!.obligations.map((o) => [o.amount, o.cancelled])).to.deep.equal([
      ["100", "50"],
      ["70", "50"],
      ["50", "50"],
    ]);
  });

  it("pages a cycle's flows and obligations by cursor, sorted and searched, with how many match", async function () {
    const read = async (path: string) => {
      const res = await fetch(`${base}/clearing/cycles/${first}/${path}`, { headers: { authorization: await bearer(cw.a.address) } });
      expect(res.status, path).to.equal(200);
      const link = res.headers.get("link")?.match(/<([^>]+)>; rel="next"/)?.[1] ?? null;
      return { body: (await res.json()) as unknown, total: res.headers.get("x-total-count"), next: link };
    };
    // Walking the flows by remaining, one a page, following each Link, visits every flow once in order.
    const walked: number[] = [];
    for (let at: string | null = "flows?sort=-remaining&limit=1"; at !== null;) {
      const page = await read(at);
      expect(page.total).to.equal("3");
      walked.push(...cycleFlows.parse(page.body).map((f) => f.n));
      at = page.next === null ? null : page.next.slice(page.next.lastIndexOf("/") + 1);
    }
    expect(walked).to.deep.equal([1, 2, 3]);
    const byOwed = await read("flows?sort=owed");
    expect(cycleFlows.parse(byOwed.body).map((f) => f.owed)).to.deep.equal(["50", "70", "100"]);
    // A search matches a member's name or address on either side, and counts what matches.
    const members = (await getJson(`${base}/members`)).body as { address: string; name: string }[];
    const cName = members.find((m) => m.address === cw.c.address.toLowerCase())!.name;
    const named = await read(`flows?q=${encodeURIComponent(cName.toUpperCase())}`);
    expect(named.total).to.equal("2");
    expect(cycleFlows.parse(named.body).map((f) => f.n)).to.deep.equal([2, 3]);
    const byAddress = await read(`obligations?q=${cw.b.address.slice(2, 12)}&sort=-amount`);
    expect(byAddress.total).to.equal("2");
    expect(cycleObligations.parse(byAddress.body).map((o) => o.amount)).to.deep.equal(["100", "70"]);
    const none = await read("obligations?q=nobody-here");
    expect([none.total, none.body]).to.deep.equal(["0", []]);
  });

  it("shows in the overview the latest finished cycles, and an older one only to a member with a payout still due there", async function () {
    const { a, b, c, token } = cw;
    const clearing = cw.plain.clearing;
    // A cycle the set-off cannot touch: b owes a 40, funds it, and a leaves its payout.
    const owing = Number(await clearing.openCycle());
    await owe(a, b, 40n);
    await setOff(owing);
    await send(token.connect(b).approve(await clearing.getAddress(), 40n));
    await send(clearing.connect(b).fund(owing));
    // Then as many settled cycles as the overview shows: triangles that cancel in full.
    for (let i = 0; i < RECENT_FINISHED_CYCLES; i++) {
      const cycle = Number(await clearing.openCycle());
      await owe(a, b, 10n);
      await owe(b, c, 10n);
      await owe(c, a, 10n);
      await setOff(cycle);
    }
    await env.index.indexer.syncToHead();
    const overviewOf = async (who: HDNodeWallet) => clearingOverview.parse((await getJson(`${base}/clearing`, who)).body).past.map((p) => p.cycle);
    const latest = Array.from({ length: RECENT_FINISHED_CYCLES }, (_, i) => owing + RECENT_FINISHED_CYCLES - i);
    expect(await overviewOf(b), "the debtor: nothing due").to.deep.equal(latest);
    expect(await overviewOf(a), "the creditor: its payout too").to.deep.equal([...latest, owing]);
    const shown = clearingOverview.parse((await getJson(`${base}/clearing`, a)).body).past.at(-1)!;
    expect(shown.positions.find((p) => p.member === a.address.toLowerCase())).to.include({ payout: "40", withdrawn: "0" });
    // Withdrawn, it is history only.
    await send(clearing.connect(a).withdraw(owing));
    await env.index.indexer.syncToHead();
    expect(await overviewOf(a)).to.deep.equal(latest);
    expect(cycleHistory.parse((await getJson(`${base}/clearing/cycles?limit=100`)).body).cycles.map((x) => x.cycle)).to.include(owing);
  });

  it("answers the open cycle as the index stands, a new obligation counted once indexed", async function () {
    const open = Number(await cw.plain.clearing.openCycle());
    const before = await detail(open);
    const due = BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400);
    const id = Number(await cw.plain.clearing.obligationCount()) + 1;
    await send(cw.plain.clearing.connect(cw.a).createObligation(cw.b.address, 5n, due, ZeroHash));
    await send(cw.plain.clearing.connect(cw.b).confirmObligation(id));
    const after = await detail(open);
    expect(after.flows.obligations).to.equal(before.flows.obligations + 1);
    expect(BigInt(after.flows.gross) - BigInt(before.flows.gross)).to.equal(5n);
    expect(after.obligations.map((o) => o.id)).to.include(id);
    // A member renamed after the view was computed is found by its new name.
    const detailOf = (await getJson(base)).body as { components: { Membership: string } };
    const membership = IMembership__factory.connect(detailOf.components.Membership, cw.b);
    await send(membership.updateProfile(cw.b.address, "Beta Renamed Laboratories", MEMBER_KINDS.indexOf("rndCentre"), ""));
    await env.index.indexer.syncToHead();
    const renamed = (await getJson(`${base}/clearing/cycles/${open}/flows?q=renamed%20lab`)).body as { debtor: string }[];
    expect(renamed.map((f) => f.debtor)).to.deep.equal([cw.b.address.toLowerCase()]);

    // The shared world as it was (other suites read the cluster's names and its open cycle): b's
    // name back, and the 5 settled (b funds it, a withdraws it).
    await send(membership.updateProfile(cw.b.address, "Beta Institute", MEMBER_KINDS.indexOf("rndCentre"), ""));
    await setOff(open);
    await send(cw.token.connect(cw.b).approve(await cw.plain.clearing.getAddress(), 5n));
    await send(cw.plain.clearing.connect(cw.b).fund(open));
    await send(cw.plain.clearing.connect(cw.a).withdraw(open));
    await env.index.indexer.syncToHead();
    expect(clearingOverview.parse((await getJson(`${base}/clearing`)).body).openCycle?.obligations ?? 0).to.equal(0);
  });

  it("refuses a malformed cycle number or page (400)", async function () {
    for (const bad of ["abc", "01", "-1", "1.5", "99999999999999999"]) {
      expect((await getJson(`${base}/clearing/cycles/${bad}`)).status, bad).to.equal(400);
      expect((await getJson(`${base}/clearing/cycles/${bad}/flows`)).status, bad).to.equal(400);
    }
    const cursor = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const query of [
      "flows?sort=amount",
      "flows?limit=0",
      "flows?limit=501",
      "flows?q=%01",
      "flows?after=not-a-cursor",
      `flows?sort=owed&after=${cursor(["owed", "1e3", "x"])}`,
      `flows?sort=owed&after=${cursor(["owed", "-5", "x"])}`,
      `flows?sort=owed&after=${cursor(["arrow", "5", "x"])}`,
      `flows?after=${cursor(["arrow", "5", "x"])}`,
      `obligations?sort=owed`,
      `obligations?sort=amount&after=${cursor(["amount", 5, "1"])}`,
    ]) {
      const res = await getJson(`${base}/clearing/cycles/${first}/${query}`);
      expect(res.status, query).to.equal(400);
    }
    for (const query of ["limit=0", "limit=101", "limit=x", "before=-1", "before=abc"]) {
      expect((await getJson(`${base}/clearing/cycles?${query}`)).status, query).to.equal(400);
    }
  });

  it("refuses an unknown cluster or cycle (404)", async function () {
    expect((await getJson(`${env.api}/clusters/999/clearing/cycles`)).status).to.equal(404);
    expect((await getJson(`${env.api}/clusters/999/clearing/cycles/1`)).status).to.equal(404);
    for (const what of ["flows", "obligations"]) expect((await getJson(`${base}/clearing/cycles/999/${what}`)).status, what).to.equal(404);
    const res = await getJson(`${base}/clearing/cycles/999`);
    expect(res.status).to.equal(404);
    expect((res.body as { error: { message: string } }).error.message).to.contain("has no clearing cycle 999");
  });

  it("answers only the cluster's members: 401 without a session, 403 to an outsider", async function () {
    for (const path of ["/clearing/cycles", `/clearing/cycles/${first}`, `/clearing/cycles/${first}/flows`, `/clearing/cycles/${first}/obligations`]) {
      expect((await getAnonymous(`${base}${path}`)).status, path).to.equal(401);
      expect((await getJson(`${base}${path}`, cw.outsider)).status, path).to.equal(403);
    }
  });
});
