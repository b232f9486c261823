import { expect } from "chai";
import { id as keccakText, ZeroHash, type HDNodeWallet } from "ethers";
import { clearingOverview, obligations, solution } from "../../core/api/schemas/clearing.js";
import { bearer, componentApi, componentWorld, CYCLE_LENGTH, increaseTime, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson as getAnonymous } from "./support/server.js";
import { send } from "./support/world.js";

type Listed = ReturnType<typeof obligations.parse>[number];

const SUPPLY = 0;
const keyOf = (o: Listed) => `${o.kind}:${o.id}`;

describe("a member's obligations: both kinds in one list, a page at a time, sorted and searched", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let base: string;
  let agreementId: number;
  /** The agreement's payment obligations (b pays a), the first brought into the clearing. */
  let payments: number[];
  let imported: number;
  /** Invoices a sent c, left unconfirmed. */
  let proposed: number[];

  async function getJson(url: string, who: HDNodeWallet = cw.a) {
    return getAnonymous(url, { headers: { authorization: await bearer(who.address) } });
  }
  /** A page as `who` reads it (no one: without a session), with its count and the next page's address. */
  async function read(url: string, who: HDNodeWallet | null = cw.a) {
    const res = await fetch(url, who ? { headers: { authorization: await bearer(who.address) } } : {});
    const next = res.headers.get("link")?.match(/<([^>]+)>; rel="next"/)?.[1];
    return {
      status: res.status,
      body: (await res.json()) as unknown,
      total: Number(res.headers.get("x-total-count")),
      next: next === undefined ? null : new URL(next, url).href,
    };
  }
  /** The whole list (one page holds it: these members have far fewer than 500). */
  async function whole(query: string, who: HDNodeWallet = cw.a): Promise<Listed[]> {
    const res = await read(`${base}/obligations?limit=500&${query}`, who);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const rows = obligations.parse(res.body);
    expect(res.total).to.equal(rows.length);
    return rows;
  }

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world);
    base = `${env.api}/clusters/${cw.plain.id}`;
    const { a, b, c, plain } = cw;
    const day = 86_400;
    const due = Math.floor(Date.now() / 1000) + 30 * day;
    // Three milestones a delivers and b pays, due in another order than their amounts.
    const milestones = [300n, 100n, 200n].map((amount, i) => ({ deliverer: a.address, payer: b.address, amount, dueDate: BigInt(due + [1, 3, 2][i]! * day) }));
    agreementId = Number(await plain.agreements.agreementCount()) + 1;
    const label = `member obligations ${Date.now()}`;
    await send(
      plain.agreements
        .connect(a)
        .create(SUPPLY, [a.address, b.address], { termsCid: keccakText(`cid:${label}`), termsHash: keccakText(label), totalValue: 600n, milestones }),
    );
    await send(plain.agreements.connect(a).sign(agreementId, 1));
    await send(plain.agreements.connect(b).sign(agreementId, 1));
    payments = [];
    for (const i of [0, 1, 2]) {
      payments.push(Number(await plain.agreements.obligationCount()) + 1);
      await send(plain.agreements.connect(a).markDelivered(agreementId, i));
      await send(plain.agreements.connect(b).acceptMilestone(agreementId, i));
    }
    imported = Number(await plain.clearing.obligationCount()) + 1;
    await send(plain.clearing.connect(a).importAgreementObligation(payments[0]!));
    proposed = [];
    for (const amount of [50n, 70n]) {
      proposed.push(Number(await plain.clearing.obligationCount()) + 1);
      await send(plain.clearing.connect(a).createObligation(c.address, amount, BigInt(due), ZeroHash));
    }
    await env.index.indexer.syncToHead();
  });

  after(async function () {
    // The shared cluster as it was (other suites read its open cycle): the invoices cancelled, the
    // imported 300 settled (b funds it, a withdraws it).
    const { a, b, c, plain } = cw;
    for (const id of proposed) await send(plain.clearing.connect(a).cancelObligation(id));
    const cycle = Number(await plain.clearing.openCycle());
    await increaseTime(cw.world, CYCLE_LENGTH + 1);
    await send(plain.clearing.connect(c).closeCycle());
    await env.index.indexer.syncToHead();
    const best = solution.parse((await getJson(`${base}/clearing/cycles/${cycle}/solution`)).body);
    const lines = best.cancellations.map((l) => ({ obligationId: BigInt(l.obligationId), amount: BigInt(l.amount) }));
    await send(plain.clearing.connect(b).propose(cycle, lines));
    await increaseTime(cw.world, CYCLE_LENGTH / 8 + 1);
    await send(plain.clearing.connect(c).applySetOff(cycle, lines));
    await send(cw.token.connect(b).approve(await plain.clearing.getAddress(), 300n));
    await send(plain.clearing.connect(b).fund(cycle));
    await send(plain.clearing.connect(a).withdraw(cycle));
    await env.index.indexer.syncToHead();
    expect(clearingOverview.parse((await getJson(`${base}/clearing`)).body).openCycle?.obligations ?? 0).to.equal(0);
    await env?.close();
  });

  it("lists the clearing's obligations with the payments not brought in yet, and every payment on its own", async function () {
    const clearing = await whole("show=clearing");
    const ours = (rows: Listed[]) => rows.filter((o) => (o.kind === "payment" ? payments.includes(o.id) : [imported, ...proposed].includes(o.id)));
    expect(ours(clearing).map(keyOf)).to.have.members([
      `clearing:${imported}`,
      ...proposed.map((id) => `clearing:${id}`),
      `payment:${payments[1]}`,
      `payment:${payments[2]}`,
    ]);
    expect(clearing.find((o) => o.kind === "clearing" && o.id === imported)).to.include({
      importedFrom: payments[0],
      amount: "300",
      status: "confirmed",
      direction: "incoming",
    });
    expect(clearing.find((o) => o.kind === "clearing" && o.id === proposed[0])).to.include({
      status: "proposed",
      direction: "incoming",
      debtor: cw.c.address.toLowerCase(),
    });

    const all = await whole("show=payments");
    expect(all.every((o) => o.kind === "payment")).to.equal(true);
    expect(ours(all).map((o) => (o.kind === "payment" ? [o.id, o.importedAs, o.direction] : null))).to.have.deep.members([
      [payments[0], imported, "incoming"],
      [payments[1], null, "incoming"],
      [payments[2], null, "incoming"],
    ]);
    // The payer sees the same rows from its side; c only its own.
    const forB = await whole("show=clearing", cw.b);
    expect(forB.find((o) => o.kind === "clearing" && o.id === imported)).to.include({ direction: "outgoing" });
    const forC = await whole("show=clearing", cw.c);
    expect(forC.filter((o) => o.kind === "payment" && payments.includes(o.id))).to.deep.equal([]);
    expect(forC.filter((o) => o.kind === "clearing" && proposed.includes(o.id)).map((o) => o.direction)).to.deep.equal(["outgoing", "outgoing"]);
  });

  it("walks each sort one row a page through Link, every row once and in its order", async function () {
    const everything = await whole("show=clearing");
    const members = (await read(`${base}/members?limit=500`)).body as { address: string; name: string }[];
    const nameOf = new Map(members.map((m) => [m.address, m.name]));
    const a = cw.a.address.toLowerCase();
    const counterpartyName = (o: Listed) => {
      const other = o.kind === "clearing" ? (o.debtor === a ? o.creditor : o.debtor) : o.payer === a ? o.payee : o.payer;
      return nameOf.get(other) || other;
    };
    const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
    const value: Record<string, (o: Listed) => bigint> = {
      created: (o) => BigInt(Date.parse(o.createdAt)),
      amount: (o) => BigInt(o.amount),
      due: (o) => BigInt(o.dueDate),
    };
    for (const sort of ["created", "-created", "amount", "-amount", "due", "-due", "counterparty", "-counterparty"]) {
      const walked: Listed[] = [];
      for (let at: string | null = `${base}/obligations?limit=1&sort=${encodeURIComponent(sort)}`; at !== null;) {
        const res = await read(at);
        expect(res.status, `${sort}: ${JSON.stringify(res.body)}`).to.equal(200);
        expect(res.total, sort).to.equal(everything.length);
        walked.push(...obligations.parse(res.body));
        at = res.next;
      }
      expect(walked.map(keyOf), sort).to.have.members(everything.map(keyOf));
      expect(new Set(walked.map(keyOf)).size, sort).to.equal(walked.length);
      const of = value[sort.replace("-", "")];
      if (of) {
        const sign = sort.startsWith("-") ? -1n : 1n;
        for (let i = 1; i < walked.length; i++) expect(sign * (of(walked[i]!) - of(walked[i - 1]!)) >= 0n, `${sort} at ${i}`).to.equal(true);
      } else {
        // By the counterparty's name, as people read names ("Seat 2" before "Seat 10").
        const names = walked.map(counterpartyName);
        const sign = sort.startsWith("-") ? -1 : 1;
        for (let i = 1; i < names.length; i++) expect(sign * collator.compare(names[i]!, names[i - 1]!) >= 0, `${sort} at ${i}`).to.equal(true);
      }
    }
    // Newest first by default.
    const first = obligations.parse((await read(`${base}/obligations?limit=1`)).body)[0]!;
    expect(Date.parse(first.createdAt)).to.equal(Math.max(...everything.map((o) => Date.parse(o.createdAt))));
  });

  it("searches by counterparty, number, agreement or status, and counts what matches", async function () {
    const search = async (q: string, show = "clearing") => {
      const res = await read(`${base}/obligations?limit=500&show=${show}&q=${encodeURIComponent(q)}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const rows = obligations.parse(res.body);
      expect(res.total, q).to.equal(rows.length);
      return rows;
    };
    const c = cw.c.address.toLowerCase();
    const byAddress = await search(c.slice(2, 14).toUpperCase());
    expect(byAddress.map(keyOf)).to.include.members(proposed.map((id) => `clearing:${id}`));
    for (const o of byAddress) expect(o.kind === "clearing" ? [o.debtor, o.creditor] : [o.payer, o.payee]).to.include(c);
    const proposedRows = await search("proposed");
    expect(proposedRows.map(keyOf)).to.include.members(proposed.map((id) => `clearing:${id}`));
    expect(proposedRows.every((o) => o.kind === "clearing" && o.status === "proposed")).to.equal(true);
    const ofAgreement = (await search(`agreement #${agreementId}`, "payments")).filter((o) => o.kind === "payment" && o.agreementId === agreementId);
    expect(ofAgreement.map((o) => o.id)).to.have.members(payments);
    expect((await search(`A${payments[2]}`)).map(keyOf)).to.include(`payment:${payments[2]}`);
    expect(await search("no such counterparty anywhere")).to.deep.equal([]);
  });

  it("refuses a malformed page (400), another member's list (403), no session (401), an unknown cluster (404)", async function () {
    const cursor = new URL((await read(`${base}/obligations?limit=1&sort=created`)).next!).searchParams.get("after")!;
    for (const query of ["sort=id", "sort=-", "show=all", "limit=0", "limit=501", "after=%25%25", `sort=amount&after=${cursor}`, "q=a%00b", "member=0x12"]) {
      const res = await getJson(`${base}/obligations?${query}`);
      expect(res.status, query).to.equal(400);
    }
    expect((await getJson(`${base}/obligations?member=${cw.b.address}`)).status).to.equal(403);
    expect((await getJson(`${base}/obligations`, cw.outsider)).status).to.equal(403);
    expect((await read(`${base}/obligations`, null)).status).to.equal(401);
    expect((await getJson(`${env.api}/clusters/999999/obligations`)).status).to.equal(404);
  });
});
