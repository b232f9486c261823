import { timeTravel } from "../../scripts/lib/chain.js";
import { expect } from "chai";
import { Signature, type HDNodeWallet } from "ethers";
import type { Express } from "express";
import { createApp, feedOf } from "../../backend/api/app.js";
import { applicationList, initiativeList, lifecycle, proposalDetail, proposalList } from "../../core/api/schemas/governance.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { ClusterFactory__factory, type ClusterGovernor } from "../../types/typechain/index.js";
import { account } from "./support/chain.js";
import { bearer } from "./support/components.js";
import { execute, governorOf, proposed, Vote, type Proposed } from "./support/governance.js";
import { signBallot } from "../../core/chain/governor.js";
import { indexOf, type TestIndex } from "./support/index.js";
import { getJson, serve, testConfig, type Served } from "./support/server.js";
import { platformWorld, send, type PlatformWorld } from "./support/world.js";

const DAY = 86_400;
const STATE_NAMES = ["pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed"];
const PARAMS = {
  votingPeriod: DAY,
  quorumBps: 5000,
  approvalThresholdBps: 6000,
  admissionPolicy: "membersVote" as const,
  documentsMustBeEncrypted: false,
  coreVeto: false,
  clearingCycleLength: 7 * DAY,
  settlementToken: "0x000000000000000000000000000000000000dEaD",
};

/** A server-sent event stream read with fetch, as EventSource would. */
class EventStream {
  readonly events: { id: string; event: string; data: Record<string, unknown> }[] = [];
  private buffer = "";
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();
  status = 0;
  type = "";
  ended = false;

  async open(url: string, headers: Record<string, string> = {}): Promise<void> {
    const res = await fetch(url, { headers, signal: this.abort.signal });
    this.status = res.status;
    this.type = res.headers.get("content-type") ?? "";
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    this.done = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) {
          this.ended = true;
          return;
        }
        this.buffer += value;
        let end: number;
        while ((end = this.buffer.indexOf("\n\n")) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split("\n")
              .find((l) => l.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          const event = field("event");
          if (event) this.events.push({ id: field("id") ?? "", event, data: JSON.parse(field("data") ?? "{}") });
        }
      }
    })();
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > until) throw new Error(`Only ${this.events.length} of ${count} events: ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Resolves when the server ends the stream. */
  async end(): Promise<void> {
    await this.done;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

describe("governance: proposals, votes, applications, life cycle and the notification feed", function () {
  let world: PlatformWorld;
  let index: TestIndex;
  let served: Served;
  let app: Express;
  let api: string;
  // Cluster A: a, b core; c, d participants. Cluster B: f core, g participant.
  let a: HDNodeWallet, b: HDNodeWallet, c: HDNodeWallet, d: HDNodeWallet, e: HDNodeWallet, f: HDNodeWallet, g: HDNodeWallet;
  let applicant: HDNodeWallet;
  let clusterA: bigint, clusterB: bigint;
  let govA: ClusterGovernor, govB: ClusterGovernor;
  let params: Proposed, expulsion: Proposed, admission: Proposed, service: Proposed, expelB: Proposed;

  /** Proposals are for the cluster's members and the CDC; applications, in full, too: these reads are the CDC's. */
  async function asCdc(): Promise<RequestInit> {
    return { headers: { authorization: await bearer(world.cdc.address) } };
  }

  async function sync(): Promise<void> {
    await index.indexer.syncToHead();
  }

  async function passTime(seconds: number): Promise<void> {
    await timeTravel(world.chain.provider, seconds);
  }

  before(async function () {
    world = await platformWorld();
    const { provider } = world.chain;
    [a, b, c, d, e, f, g, applicant] = [25, 26, 27, 28, 29, 30, 31, 32].map((i) => account(i, provider));
    for (const w of [a, b, c, d, e, f, g, applicant]) {
      await (await world.cdc.sendTransaction({ to: w.address, value: 10n ** 19n })).wait();
    }
    const founder = (w: HDNodeWallet, name: string, role: "core" | "participant") => ({
      account: w.address,
      name,
      kind: "enterprise" as const,
      role,
    });
    const created = await createClusterFromSpec(world.cdc, world.record, {
      name: "Governed Cluster A",
      cdo: account(33, world.chain.provider).address,
      params: PARAMS,
      services: ["authentication", "document-management", "member-registration"],
      founders: [founder(a, "A Works", "core"), founder(b, "B Works", "core"), founder(c, "C Works", "participant"), founder(d, "D Works", "participant")],
      partners: [],
      links: [],
    });
    const other = await createClusterFromSpec(world.cdc, world.record, {
      name: "Governed Cluster B",
      cdo: account(33, world.chain.provider).address,
      params: PARAMS,
      services: ["authentication"],
      founders: [founder(f, "F Works", "core"), founder(g, "G Works", "participant")],
      partners: [],
      links: [],
    });
    clusterA = created.clusterId;
    clusterB = other.clusterId;
    govA = await governorOf(world, clusterA, a);
    govB = await governorOf(world, clusterB, f);
    index = await indexOf(provider, world.recordPath);
    app = createApp({ db: index.db, config: testConfig(), indexer: index.indexer, log: () => {} });
    served = await serve(app);
    api = `${served.url}/api`;
  });
  after(async () => {
    await served?.close();
    await index?.close();
  });

  it("indexes typed proposals and votes, with a tally and state matching the governor's proposalVotes and state", async function () {
    params = await proposed(govA, govA.proposeParams({ ...PARAMS, admissionPolicy: 0, quorumBps: 4000 }, "Lower the quorum to 40 %"));
    expulsion = await proposed(govA, govA.connect(b).proposeExpulsion(d.address, "Expel D Works"));
    await send(govA.castVoteWithReason(params.proposalId, Vote.For, "Votes stall at 50 %"));
    await send(govA.connect(b).castVote(params.proposalId, Vote.For));
    // c votes by signature and submits the ballot itself: still a signed ballot (the relayed case
    // is driven through the web app in test/browser/governanceKinds.test.ts).
    const signature = await signBallot(govA, c, params.proposalId, Vote.Abstain);
    await send(govA.connect(c).castVoteBySig(params.proposalId, Vote.Abstain, c.address, Signature.from(signature).serialized));
    await send(govA.castVote(expulsion.proposalId, Vote.Against));
    await send(govA.connect(b).castVote(expulsion.proposalId, Vote.For));
    await sync();

    const id = Number(clusterA);
    const row = async (pid: bigint) =>
      (await index.db.prepare("SELECT * FROM proposals WHERE cluster_id = ? AND proposal_id = ?").get(id, pid.toString())) as Record<string, unknown>;
    for (const p of [params, expulsion]) {
      const [against, forVotes, abstain] = await govA.proposalVotes(p.proposalId);
      const r = await row(p.proposalId);
      expect([r.against_votes, r.for_votes, r.abstain_votes]).to.deep.equal([Number(against), Number(forVotes), Number(abstain)]);
      expect(r.required_quorum).to.equal(Number(await govA.proposalQuorum(p.proposalId)));
      expect(r.vote_end).to.equal(Number(await govA.proposalDeadline(p.proposalId)));
      expect(r.vote_start).to.equal(Number(await govA.proposalSnapshot(p.proposalId)));
    }
    expect(await row(params.proposalId)).to.include({
      kind: "params",
      proposer: a.address.toLowerCase(),
      quorum_bps: 5000,
      threshold_bps: 6000,
      vetoable: 0,
      core_only: 0,
    });
    expect(JSON.parse((await row(expulsion.proposalId)).payload_json as string)).to.deep.equal({ member: d.address.toLowerCase() });
    expect(JSON.parse((await row(params.proposalId)).payload_json as string).params.quorumBps).to.equal(4000);

    const votes = (
      await index.db
        .prepare("SELECT voter, support, weight, reason, by_signature FROM proposal_votes WHERE cluster_id = ? AND proposal_id = ? ORDER BY block_number")
        .all(id, params.proposalId.toString())
    ).map((v) => ({ ...v }));
    expect(votes).to.deep.equal([
      { voter: a.address.toLowerCase(), support: "for", weight: 1, reason: "Votes stall at 50 %", by_signature: 0 },
      { voter: b.address.toLowerCase(), support: "for", weight: 1, reason: "", by_signature: 0 },
      { voter: c.address.toLowerCase(), support: "abstain", weight: 1, reason: "", by_signature: 1 },
    ]);

    const listed = proposalList.parse((await getJson(`${api}/clusters/${id}/proposals`, await asCdc())).body);
    for (const p of listed) expect(p.state).to.equal(STATE_NAMES[Number(await govA.state(BigInt(p.id)))]);
    expect(listed.map((p) => p.state)).to.deep.equal(["active", "active"]);
  });

  it("indexes a membership application, its sponsor and its admission proposal", async function () {
    const profile = { name: "Applicant Labs", kind: 1, registrationCid: "bafkreiapplicant", encryptionKey: "0x" };
    await send(govA.connect(applicant).applyForMembership(profile, 1));
    await sync();
    const waiting = applicationList.parse((await getJson(`${api}/clusters/${clusterA}/applications`, await asCdc())).body);
    expect(waiting[0]).to.deep.include({ status: "awaitingSponsor", proposalId: null, proposalState: null, sponsor: null });
    // A member (a) sponsors it: the admission vote opens with a as its proposer.
    admission = await proposed(govA, govA.sponsorApplication(1n));
    await send(govA.castVote(admission.proposalId, Vote.For));
    await send(govA.connect(b).castVote(admission.proposalId, Vote.For));
    await sync();
    const apps = applicationList.parse((await getJson(`${api}/clusters/${clusterA}/applications`, await asCdc())).body);
    expect(apps).to.have.length(1);
    expect(apps[0]).to.deep.include({
      id: 1,
      applicant: applicant.address.toLowerCase(),
      profile: { name: "Applicant Labs", kind: "rndCentre", registrationCid: "bafkreiapplicant" },
      role: "participant",
      policy: "membersVote",
      proposalId: admission.proposalId.toString(),
      proposalState: "active",
      status: "voting",
      sponsor: a.address.toLowerCase(),
      decidedBy: null,
    });
    const detail = proposalDetail.parse((await getJson(`${api}/clusters/${clusterA}/proposals/${admission.proposalId}`, await asCdc())).body);
    expect(detail.kind).to.equal("admission");
    expect(detail.proposer).to.equal(a.address.toLowerCase());
    expect(detail.payload).to.deep.equal({
      applicant: applicant.address.toLowerCase(),
      profile: { name: "Applicant Labs", kind: "rndCentre", registrationCid: "bafkreiapplicant" },
      role: "participant",
    });
  });

  it("answers a proposal's tally, quorum progress, deadline and the signed-in caller's own vote", async function () {
    const url = `${api}/clusters/${clusterA}/proposals/${params.proposalId}`;
    // The CDC reads every proposal and never votes in a cluster.
    const cdcView = proposalDetail.parse((await getJson(url, await asCdc())).body);
    expect(cdcView.tally).to.deep.equal({ for: 2, against: 0, abstain: 1 });
    expect(cdcView.quorum).to.deep.equal({ counted: 3, required: 2, reached: true });
    expect(cdcView.deadline).to.equal(new Date(Number(await govA.proposalDeadline(params.proposalId)) * 1000).toISOString());
    expect(cdcView.myVote).to.equal(null);
    expect(cdcView.votes.map((v) => v.bySignature)).to.deep.equal([false, false, true]);

    const mine = proposalDetail.parse((await getJson(url, { headers: { authorization: await bearer(a.address) } })).body);
    expect(mine.myVote).to.deep.include({ voter: a.address.toLowerCase(), support: "for", reason: "Votes stall at 50 %" });
    const notVoted = proposalDetail.parse((await getJson(url, { headers: { authorization: await bearer(d.address) } })).body);
    expect(notVoted.myVote).to.equal(null);

    const expelled = proposalDetail.parse((await getJson(`${api}/clusters/${clusterA}/proposals/${expulsion.proposalId}`, await asCdc())).body);
    expect(expelled.quorum).to.deep.equal({ counted: 1, required: 2, reached: false });
  });

  it("refuses a bad token with 401, an unknown proposal with 404 and a malformed id with 400", async function () {
    const url = `${api}/clusters/${clusterA}/proposals/${params.proposalId}`;
    const bad = await getJson(url, { headers: { authorization: "Bearer not-a-token" } });
    expect(bad.status).to.equal(401);
    expect((bad.body as { error: { code: string } }).error.code).to.equal("unauthorized");
    const unknown = await getJson(`${api}/clusters/${clusterA}/proposals/12345`, await asCdc());
    expect(unknown.status).to.equal(404);
    expect((unknown.body as { error: { code: string } }).error.code).to.equal("not_found");
    expect((await getJson(`${api}/clusters/${clusterA}/proposals/0x12`, await asCdc())).status).to.equal(400);
    expect((await getJson(`${api}/clusters/${clusterA}/proposals?state=sleeping`, await asCdc())).status).to.equal(400);
    expect((await getJson(`${api}/clusters/999999/proposals`, await asCdc())).status).to.equal(404);
  });

  it("lists initiative groups voting on a formation with their proposal", async function () {
    const factory = ClusterFactory__factory.connect(world.record.contracts.ClusterFactory.address, world.cdc);
    const member = (w: HDNodeWallet, name: string, role: number) => ({
      account: w.address,
      profile: { name, kind: 0, registrationCid: `bafy-${name}`, encryptionKey: "0x" },
      role,
    });
    await send(
      factory.registerInitiative(
        {
          name: "Initiative Of A",
          cdo: account(33, world.chain.provider).address,
          params: { ...PARAMS, admissionPolicy: 0 },
          serviceIds: [1n],
          group: [member(a, "A", 2), member(e, "E", 1)],
        },
        "Form the A initiative's cluster",
      ),
    );
    await sync();
    const items = initiativeList.parse((await getJson(`${api}/initiatives`)).body);
    const mine = items.find((i) => i.name === "Initiative Of A");
    expect(mine?.status).to.equal("voting");
    expect(mine?.purpose).to.equal("formation");
    expect(mine?.registeredBy).to.equal(world.cdc.address.toLowerCase());
    expect(mine?.proposal?.kind).to.equal("formation");
    expect(mine?.proposal?.state).to.be.oneOf(["pending", "active"]);
    expect(mine?.proposal?.quorum.required).to.equal(1);
    // An initiative registered on the registry alone has no vote to show.
    expect(items.find((i) => i.name === "Vitebsk Textile Initiative")?.proposal).to.equal(null);
  });

  it("streams to a member what awaits it on connect, then votes opened in its clusters and nothing about others", async function () {
    const stream = new EventStream();
    await stream.open(`${api}/feed`, { authorization: await bearer(a.address) });
    expect(stream.status).to.equal(200);
    expect(stream.type).to.match(/^text\/event-stream/);
    try {
      // a voted on everything in cluster A; the formation vote of its initiative group awaits it.
      await stream.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(stream.events.map((x) => [x.event, x.data.kind])).to.deep.equal([["vote.awaits", "formation"]]);

      await send(govB.proposeDissolution("B winds down")); // another cluster: a hears nothing
      service = await proposed(govA, govA.connect(c).proposeService(1n, false, "Switch authentication off (a vote the registry would refuse to carry out)"));
      await sync();
      await stream.waitFor(3);
      await new Promise((r) => setTimeout(r, 200));
      const news = stream.events.slice(1);
      expect(news.map((x) => x.event)).to.deep.equal(["vote.opened", "vote.awaits"]);
      for (const x of news) {
        expect(x.data).to.include({ clusterId: Number(clusterA), proposalId: service.proposalId.toString(), kind: "service" });
        expect(Number(x.id)).to.equal(index.indexer.state.indexedBlock);
      }
      expect(stream.events.every((x) => x.data.clusterId !== Number(clusterB))).to.equal(true);
    } finally {
      await stream.close();
    }
  });

  it("refuses the feed with 401 without a token or with a bad one", async function () {
    const none = await getJson(`${api}/feed`);
    expect(none.status).to.equal(401);
    expect((none.body as { error: { code: string } }).error.code).to.equal("unauthorized");
    expect((await getJson(`${api}/feed?token=forged`)).status).to.equal(401);
  });

  it("tells a subscriber when votes are about to close and when they close, and indexes outcomes matching the governor", async function () {
    const stream = new EventStream();
    await stream.open(`${api}/feed`, { authorization: await bearer(b.address) });
    try {
      await stream.waitFor(1); // b has not voted on the service proposal
      expect(stream.events.map((x) => x.event)).to.deep.equal(["vote.awaits"]);
      // Within the last tenth of the day-long votes (2.4 h), but before their deadline.
      await passTime(DAY - 3000);
      await sync();
      await stream.waitFor(5);
      await new Promise((r) => setTimeout(r, 200));
      const closing = stream.events.slice(1);
      expect(closing.every((x) => x.event === "vote.closing" && x.data.state === "active")).to.equal(true);
      expect(closing.map((x) => x.data.proposalId)).to.have.members([params, expulsion, admission, service].map((p) => p.proposalId.toString()));
      await passTime(3600);
      await sync();
      await stream.waitFor(9);
      await new Promise((r) => setTimeout(r, 200));
      const closed = stream.events.slice(5);
      expect(closed.every((x) => x.event === "vote.closed")).to.equal(true);
      expect(closed.map((x) => x.data.state)).to.have.members(["succeeded", "defeated", "succeeded", "defeated"]);
    } finally {
      await stream.close();
    }
    for (const p of [params, expulsion, admission]) {
      const detail = proposalDetail.parse((await getJson(`${api}/clusters/${clusterA}/proposals/${p.proposalId}`, await asCdc())).body);
      expect(detail.state, detail.description).to.equal(STATE_NAMES[Number(await govA.state(p.proposalId))]);
    }
    await execute(govA, admission);
    await execute(govA, params);
    await sync();
    const executed = proposalList.parse((await getJson(`${api}/clusters/${clusterA}/proposals?state=executed`, await asCdc())).body);
    expect(executed.map((p) => p.id).sort()).to.deep.equal([admission.proposalId.toString(), params.proposalId.toString()].sort());
    expect(STATE_NAMES[Number(await govA.state(params.proposalId))]).to.equal("executed");
    const defeated = proposalList.parse((await getJson(`${api}/clusters/${clusterA}/proposals?state=defeated`, await asCdc())).body);
    expect(defeated.map((p) => p.id)).to.include(expulsion.proposalId.toString());
    const [app] = applicationList.parse((await getJson(`${api}/clusters/${clusterA}/applications`, await asCdc())).body);
    expect(app).to.deep.include({ status: "accepted", decidedBy: (await govA.getAddress()).toLowerCase(), proposalState: "executed" });
    const members = (await index.db.prepare("SELECT address FROM members WHERE cluster_id = ?").all(Number(clusterA))) as { address: string }[];
    expect(members.map((m) => m.address)).to.include(applicant.address.toLowerCase());
  });

  it("announces proposals made after the Last-Event-ID a client resumes from, and ends streams cleanly when the server stops", async function () {
    const since = index.indexer.state.indexedBlock!;
    const vote = (expelB = await proposed(govA, govA.connect(c).proposeExpulsion(b.address, "Expel B Works")));
    await sync();
    const stream = new EventStream();
    await stream.open(`${api}/feed`, { authorization: await bearer(d.address), "last-event-id": String(since) });
    try {
      await stream.waitFor(2);
      expect(stream.events.map((x) => [x.event, x.data.proposalId])).to.deep.equal([
        ["vote.opened", vote.proposalId.toString()],
        ["vote.awaits", vote.proposalId.toString()],
      ]);
      feedOf(app)!.close();
      await stream.end();
      expect(stream.ended).to.equal(true);
    } finally {
      await stream.close();
    }
  });

  it("drops an expelled member from the index once its expulsion is executed", async function () {
    for (const voter of [a, c, d]) await send(govA.connect(voter).castVote(expelB.proposalId, Vote.For));
    await passTime(DAY + 1);
    await execute(govA, expelB);
    await sync();
    const members = (await getJson(`${api}/clusters/${clusterA}/members`)).body as { address: string }[];
    expect(members.map((m) => m.address)).to.not.include(b.address.toLowerCase());
    expect(members.map((m) => m.address)).to.include(a.address.toLowerCase());
    const detail = proposalDetail.parse((await getJson(`${api}/clusters/${clusterA}/proposals/${expelB.proposalId}`, await asCdc())).body);
    expect(detail.state).to.equal("executed");
  });

  it("answers a dissolved cluster's life cycle with its wind-down", async function () {
    const body = lifecycle.parse((await getJson(`${api}/clusters/${world.second.clusterId}/lifecycle`)).body);
    expect(body.status).to.equal("dissolved");
    expect(body.history.map((h) => h.to).slice(-2)).to.deep.equal(["dissolving", "dissolved"]);
    expect(body.dissolvingSince).to.equal(body.history.at(-2)!.time);
    expect(body.windDownPeriod).to.equal(3600);
    expect(body.windDownEndsAt).to.equal(null);
    expect((await getJson(`${api}/clusters/999999/lifecycle`)).status).to.equal(404);
    // The demo cluster was registered before the CDC shortened the wind-down: it keeps 30 days.
    const demo = lifecycle.parse((await getJson(`${api}/clusters/${world.demo.clusterId}/lifecycle`)).body);
    expect(demo.windDownPeriod).to.equal(30 * DAY);
  });

  it("indexes role and CDO proposals with their payload, the CDC's proposal with the CDC as proposer", async function () {
    const role = await proposed(govA, govA.proposeRole(c.address, 2, "C Works to the core"));
    const cdo = await proposed(govA, govA.connect(world.cdc).proposeCdo(e.address, "E to run the cluster"));
    await sync();
    const roleDetail = proposalDetail.parse((await getJson(`${api}/clusters/${clusterA}/proposals/${role.proposalId}`, await asCdc())).body);
    expect(roleDetail).to.deep.include({ kind: "role", proposer: a.address.toLowerCase() });
    expect(roleDetail.payload).to.deep.equal({ member: c.address.toLowerCase(), role: "core" });
    const cdoDetail = proposalDetail.parse((await getJson(`${api}/clusters/${clusterA}/proposals/${cdo.proposalId}`, await asCdc())).body);
    expect(cdoDetail).to.deep.include({ kind: "cdo", proposer: world.cdc.address.toLowerCase() });
    expect(cdoDetail.payload).to.deep.equal({ newCdo: e.address.toLowerCase() });
    for (const voter of [a, c, d]) {
      await send(govA.connect(voter).castVote(role.proposalId, Vote.For));
      await send(govA.connect(voter).castVote(cdo.proposalId, Vote.For));
    }
    await passTime(DAY + 1);
    await execute(govA, role);
    await execute(govA, cdo);
    await sync();
    const members = (await getJson(`${api}/clusters/${clusterA}/members`)).body as { address: string; role: string }[];
    expect(members.find((m) => m.address === c.address.toLowerCase())?.role).to.equal("core");
    const cluster = (await getJson(`${api}/clusters/${clusterA}`)).body as { cdo: string };
    expect(cluster.cdo).to.equal(e.address.toLowerCase());
  });
});
