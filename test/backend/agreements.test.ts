import { expect } from "chai";
import { id as keccakText } from "ethers";
import { agreementDetail, agreementList } from "../../core/api/schemas/agreements.js";
import { obligations } from "../../core/api/schemas/clearing.js";
import { network } from "../../core/api/schemas/clusters.js";
import { AGREEMENT_APPROVAL_TYPES, signingDomain } from "../../core/chain/typedData.js";
import { AgreementRegistry__factory, type IAgreementRegistry } from "../../types/typechain/index.js";
import type { HDNodeWallet } from "ethers";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";

const SUPPLY = 0;
const SERVICES = 3;

describe("agreements: life, milestones, obligations and the network graph", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  let supply: bigint;
  let services: bigint;

  function terms(label: string, milestones: IAgreementRegistry.MilestoneStruct[]): IAgreementRegistry.TermsStruct {
    return { termsCid: keccakText(`cid:${label}`), termsHash: keccakText(`plain:${label}`), totalValue: 300n, milestones };
  }

  before(async function () {
    cw = await componentWorld();
    const { a, b, c, plain } = cw;
    const agreements = plain.agreements;
    const due = BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400);

    const supplyTerms = terms(`supply ${Date.now()}`, [
      { deliverer: a.address, payer: b.address, amount: 100n, dueDate: due },
      { deliverer: a.address, payer: b.address, amount: 200n, dueDate: due },
    ]);
    supply = (await agreements.agreementCount()) + 1n;
    await send(agreements.connect(a).create(SUPPLY, [a.address, b.address], supplyTerms));
    await send(agreements.connect(a).sign(supply, 1));
    // b approves off chain; a relays the EIP-712 approval, which puts the agreement in force.
    const domain = await signingDomain(AgreementRegistry__factory.connect(await agreements.getAddress(), cw.world.cdc));
    const approval = await b.signTypedData(domain, AGREEMENT_APPROVAL_TYPES, { agreementId: supply, version: 1, terms: supplyTerms });
    await send(agreements.connect(a).signBySig(supply, 1, b.address, approval));
    await send(agreements.connect(a).markDelivered(supply, 0));
    await send(agreements.connect(b).acceptMilestone(supply, 0));

    services = supply + 1n;
    await send(
      agreements
        .connect(c)
        .create(SERVICES, [a.address, c.address], terms(`services ${Date.now()}`, [{ deliverer: c.address, payer: a.address, amount: 50n, dueDate: due }])),
    );
    await send(agreements.connect(a).sign(services, 1));
    await send(agreements.connect(c).sign(services, 1));
    await send(agreements.connect(a).terminate(services));
    await send(agreements.connect(c).terminate(services));

    env = await componentApi(cw.world);
    api = env.api;
  });
  after(async () => {
    await env?.close();
  });

  /** A GET as `who` (agreements and obligations are for their parties only). */
  async function read(url: string, who: HDNodeWallet) {
    return getJson(url, { headers: { authorization: await bearer(who.address) } });
  }

  it("indexes each agreement with its status, version and parties as the registry reports them, listing it to each party", async function () {
    const { plain, a, b, c } = cw;
    const lists = await Promise.all([a, b, c].map(async (who) => agreementList.parse((await read(`${api}/clusters/${plain.id}/agreements`, who)).body)));
    lists.forEach((own, i) => {
      for (const item of own) expect(item.parties).to.include([a, b, c][i]!.address.toLowerCase());
    });
    const list = [...new Map(lists.flat().map((x) => [x.id, x])).values()];
    expect(list.length).to.equal(Number(await plain.agreements.agreementCount()));
    const statuses = ["none", "draft", "active", "disputed", "completed", "terminated"];
    for (const item of list) {
      const onChain = await plain.agreements.agreement(item.id);
      expect(item.status).to.equal(statuses[Number(onChain.status)]);
      expect(item.version).to.equal(Number(onChain.version));
      expect(item.parties).to.deep.equal(onChain.parties.map((p) => p.toLowerCase()));
    }
    expect(list.find((x) => x.id === Number(supply))).to.include({ kind: "supply", status: "active", version: 1, totalValue: "300" });
    expect(list.find((x) => x.id === Number(services))).to.include({ kind: "services", status: "terminated" });
    const mine = agreementList.parse((await read(`${api}/clusters/${plain.id}/agreements?party=${c.address.toLowerCase()}`, c)).body);
    expect(mine.map((x) => x.id)).to.deep.equal([Number(services)]);
  });

  it("answers one agreement with its milestones and every party's signature", async function () {
    const detail = agreementDetail.parse((await read(`${api}/clusters/${cw.plain.id}/agreements/${supply}`, cw.a)).body);
    expect(detail.milestones.map((m) => [m.index, m.status, m.amount, m.obligationId !== null])).to.deep.equal([
      [0, "accepted", "100", true],
      [1, "pending", "200", false],
    ]);
    expect(detail.signatures.map((s) => [s.party, s.signedVersion])).to.deep.equal([
      [cw.a.address.toLowerCase(), 1],
      [cw.b.address.toLowerCase(), 1],
    ]);
    expect(detail.termsCid).to.match(/^Qm/);
  });

  it("turns an accepted milestone into a payment obligation, incoming for the deliverer and outgoing for the payer", async function () {
    const detail = agreementDetail.parse((await read(`${api}/clusters/${cw.plain.id}/agreements/${supply}`, cw.a)).body);
    const obligationId = detail.milestones[0].obligationId!;
    const onChain = await cw.plain.agreements.paymentObligation(obligationId);
    const paymentsOf = async (who: typeof cw.a) =>
      obligations
        .parse((await read(`${api}/clusters/${cw.plain.id}/obligations?member=${who.address}&show=payments&limit=500`, who)).body)
        .filter((o) => o.kind === "payment");
    const po = (await paymentsOf(cw.a)).find((p) => p.id === obligationId)!;
    expect(po).to.include({
      agreementId: Number(supply),
      milestoneIndex: 0,
      payer: onChain.payer.toLowerCase(),
      payee: onChain.payee.toLowerCase(),
      amount: onChain.amount.toString(),
      direction: "incoming",
    });
    expect((await paymentsOf(cw.b)).find((p) => p.id === obligationId)!.direction).to.equal("outgoing");
  });

  it("links the parties of an active agreement on the network graph, and no longer those of a terminated one", async function () {
    const graph = network.parse((await getJson(`${api}/clusters/${cw.plain.id}/network`)).body);
    const nodeOf = (address: string) => graph.nodes.find((n) => n.address === address.toLowerCase())!.id;
    const fromAgreements = graph.links.filter((l) => l.source === "agreement");
    expect(fromAgreements.map((l) => ({ from: l.from, to: l.to, kind: l.kind, agreementId: l.agreementId }))).to.deep.equal([
      { from: nodeOf(cw.a.address), to: nodeOf(cw.b.address), kind: "material", agreementId: Number(supply) },
    ]);
    expect(fromAgreements.every((l) => l.id < 0 && l.clusterActivity)).to.equal(true);
  });

  it("answers 404 for an unknown agreement and 400 for a malformed member address", async function () {
    expect((await read(`${api}/clusters/${cw.plain.id}/agreements/999999`, cw.a)).status).to.equal(404);
    expect((await read(`${api}/clusters/${cw.plain.id}/obligations?member=0x12`, cw.a)).status).to.equal(400);
  });
});
