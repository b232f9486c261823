import { expect } from "chai";
import { id as keccakText } from "ethers";
import { agreementDetail } from "../../core/api/schemas/agreements.js";
import { network } from "../../core/api/schemas/clusters.js";
import { MILESTONE_STATUSES } from "../../core/chain/enums.js";
import { cidDigest, cidFromDigest } from "../../core/content/cidDigest.js";
import { AGREEMENT_APPROVAL_TYPES, signingDomain } from "../../core/chain/typedData.js";
import { AgreementRegistry__factory, type IAgreementRegistry } from "../../types/typechain/index.js";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";

const SUPPLY = 0;

describe("agreements: amendments, disputes and terminations in the index", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  let agreements: IAgreementRegistry;
  const due = BigInt(Math.floor(Date.now() / 1000) + 60 * 86_400);

  function terms(label: string, milestones: IAgreementRegistry.MilestoneStruct[], totalValue = 300n): IAgreementRegistry.TermsStruct {
    return { termsCid: keccakText(`cid:${label}:${Date.now()}`), termsHash: keccakText(`plain:${label}`), totalValue, milestones };
  }

  async function detail(agreementId: bigint) {
    await env.index.indexer.syncToHead();
    // Read as a, a party to every agreement here (only parties may read one).
    const headers = { authorization: await bearer(cw.a.address) };
    return agreementDetail.parse((await getJson(`${api}/clusters/${cw.plain.id}/agreements/${agreementId}`, { headers })).body);
  }

  /** An active supply agreement between a and b (both signed version 1). */
  async function active(milestones: IAgreementRegistry.MilestoneStruct[]): Promise<bigint> {
    const { a, b } = cw;
    const id = (await agreements.agreementCount()) + 1n;
    await send(agreements.connect(a).create(SUPPLY, [a.address, b.address], terms("v1", milestones)));
    await send(agreements.connect(a).sign(id, 1));
    await send(agreements.connect(b).sign(id, 1));
    return id;
  }

  before(async function () {
    cw = await componentWorld();
    agreements = cw.plain.agreements;
    env = await componentApi(cw.world);
    api = env.api;
  });
  after(async () => {
    await env?.close();
  });

  it("shows an amendment collecting signatures, who signed it so far, and its milestones as proposed", async function () {
    const { a, b } = cw;
    const id = await active([{ deliverer: a.address, payer: b.address, amount: 100n, dueDate: due }]);
    const v2 = terms("v2", [{ deliverer: a.address, payer: b.address, amount: 120n, dueDate: due }], 120n);
    await send(agreements.connect(b).proposeAmendment(id, v2));
    await send(agreements.connect(b).sign(id, 2));

    const d = await detail(id);
    expect(d).to.include({ status: "active", version: 1, proposedVersion: 2, totalValue: "300" });
    expect(d.versions.map((v) => [v.version, v.status, v.proposer])).to.deep.equal([
      [1, "inForce", a.address.toLowerCase()],
      [2, "proposed", b.address.toLowerCase()],
    ]);
    expect(d.versions[1]).to.include({ termsCid: cidFromDigest(String(v2.termsCid)), totalValue: "120", approvedAt: null });
    expect(d.signatures.map((s) => [s.party, s.signedVersion])).to.deep.equal([
      [a.address.toLowerCase(), 1],
      [b.address.toLowerCase(), 2],
    ]);
    expect(d.milestones.map((m) => [m.version, m.status])).to.deep.equal([
      [1, "pending"],
      [2, "proposed"],
    ]);
  });

  it("replaces a proposal still collecting signatures with a newer one, and puts the one every party signed in force", async function () {
    const { a, b } = cw;
    const id = await active([
      { deliverer: a.address, payer: b.address, amount: 100n, dueDate: due },
      { deliverer: a.address, payer: b.address, amount: 200n, dueDate: due },
    ]);
    await send(agreements.connect(a).markDelivered(id, 0));
    await send(agreements.connect(b).acceptMilestone(id, 0));
    await send(agreements.connect(a).proposeAmendment(id, terms("v2", [{ deliverer: a.address, payer: b.address, amount: 250n, dueDate: due }], 350n)));
    await send(agreements.connect(a).sign(id, 2));
    const v3 = terms(
      "v3",
      [
        { deliverer: b.address, payer: a.address, amount: 40n, dueDate: due },
        { deliverer: a.address, payer: b.address, amount: 260n, dueDate: due },
      ],
      400n,
    );
    await send(agreements.connect(b).proposeAmendment(id, v3));
    await send(agreements.connect(a).sign(id, 3));

    // b approves version 3 off chain, built only from what the API says (as the web app does); a relays it.
    const before = await detail(id);
    const proposed = before.versions.find((v) => v.version === before.proposedVersion)!;
    expect(proposed.status).to.equal("proposed");
    const value = {
      agreementId: id,
      version: proposed.version,
      terms: {
        termsCid: cidDigest(proposed.termsCid),
        termsHash: proposed.termsHash,
        totalValue: BigInt(proposed.totalValue),
        milestones: before.milestones
          .filter((m) => m.version === proposed.version)
          .map((m) => ({ deliverer: m.deliverer, payer: m.payer, amount: BigInt(m.amount), dueDate: BigInt(m.dueDate) })),
      },
    };
    const domain = await signingDomain(AgreementRegistry__factory.connect(await agreements.getAddress(), cw.world.cdc));
    await send(agreements.connect(a).signBySig(id, 3, b.address, await b.signTypedData(domain, AGREEMENT_APPROVAL_TYPES, value)));

    const d = await detail(id);
    const onChain = await agreements.agreement(id);
    expect(d).to.include({ status: "active", version: Number(onChain.version), proposedVersion: 0, totalValue: "400" });
    expect(d.version).to.equal(3);
    expect(d.termsCid).to.equal(cidFromDigest(String(v3.termsCid)));
    expect(d.versions.map((v) => [v.version, v.status, v.approvedAt !== null])).to.deep.equal([
      [1, "superseded", true],
      [2, "replaced", false],
      [3, "inForce", true],
    ]);
    for (const m of d.milestones) {
      const state = await agreements.milestone(id, m.index);
      expect([m.index, m.status]).to.deep.equal([m.index, MILESTONE_STATUSES[Number(state.status)]]);
    }
    expect(d.milestones.map((m) => [m.version, m.status, m.amount])).to.deep.equal([
      [1, "accepted", "100"],
      [1, "superseded", "200"],
      // Version 2 was replaced before anyone put it in force: version 3 took its milestone index.
      [3, "pending", "40"],
      [3, "pending", "260"],
    ]);
    expect(d.milestones.map((m) => m.index)).to.deep.equal([0, 1, 2, 3]);
    expect(d.signatures.every((s) => s.signedVersion === 3)).to.equal(true);
  });

  it("follows a dispute: who raised it and why, who agreed it is resolved, and a fresh round for the next dispute", async function () {
    const { a, b } = cw;
    const id = await active([{ deliverer: a.address, payer: b.address, amount: 70n, dueDate: due }]);
    const reason = keccakText(`reason ${Date.now()}`);
    await send(agreements.connect(b).raiseDispute(id, reason));
    let d = await detail(id);
    expect(d.status).to.equal("disputed");
    expect(d.dispute).to.include({ raisedBy: b.address.toLowerCase(), reasonCid: cidFromDigest(reason) });
    expect(d.signatures.map((s) => s.resolving)).to.deep.equal([false, false]);
    expect(d.signatures.map((s) => [s.party, s.disputing])).to.deep.equal([
      [a.address.toLowerCase(), false],
      [b.address.toLowerCase(), true],
    ]);

    await send(agreements.connect(a).resolveDispute(id));
    d = await detail(id);
    expect(d.status).to.equal("disputed");
    expect(d.signatures.map((s) => [s.party, s.resolving])).to.deep.equal([
      [a.address.toLowerCase(), true],
      [b.address.toLowerCase(), false],
    ]);
    const [, , resolving] = await agreements.votesOf(id, a.address);
    expect(resolving).to.equal(true);

    await send(agreements.connect(b).resolveDispute(id));
    d = await detail(id);
    expect(d.status).to.equal("active");
    expect(d.signatures.map((s) => [s.resolving, s.disputing])).to.deep.equal([
      [false, false],
      [false, false],
    ]);

    await send(agreements.connect(a).raiseDispute(id, keccakText("again")));
    d = await detail(id);
    expect(d).to.include({ status: "disputed" });
    expect(d.dispute!.raisedBy).to.equal(a.address.toLowerCase());
    expect(d.signatures.map((s) => s.resolving)).to.deep.equal([false, false]);
  });

  it("terminates a disputed agreement once every party asked, showing who asked so far, and drops its network link", async function () {
    const { a, b } = cw;
    const id = await active([{ deliverer: a.address, payer: b.address, amount: 90n, dueDate: due }]);
    const linked = async () => {
      await env.index.indexer.syncToHead();
      const graph = network.parse((await getJson(`${api}/clusters/${cw.plain.id}/network`)).body);
      return graph.links.some((l) => l.source === "agreement" && l.agreementId === Number(id));
    };
    expect(await linked()).to.equal(true);
    await send(agreements.connect(b).raiseDispute(id, keccakText("late")));
    await send(agreements.connect(a).terminate(id));
    let d = await detail(id);
    expect(d.status).to.equal("disputed");
    expect(d.signatures.map((s) => [s.party, s.terminating])).to.deep.equal([
      [a.address.toLowerCase(), true],
      [b.address.toLowerCase(), false],
    ]);
    await send(agreements.connect(b).terminate(id));
    d = await detail(id);
    expect(d.status).to.equal("terminated");
    expect(d.signatures.every((s) => s.terminating)).to.equal(true);
    expect(Number((await agreements.agreement(id)).status)).to.equal(5);
    expect(await linked()).to.equal(false);
  });
});
