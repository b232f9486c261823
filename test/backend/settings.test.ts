import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";
import { canonicalJson } from "../../core/content/canonicalJson.js";
import { cidDigest } from "../../core/content/cidDigest.js";
import { kuboCid } from "../../core/content/kuboCid.js";
import { configHistory } from "../../core/api/schemas/clusters.js";
import { proposalSummary } from "../../core/api/schemas/governance.js";
import { serviceSettings, storedSettings } from "../../core/api/schemas/services.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { ClusterRegistry__factory, IDocumentRegistry__factory, ServiceCatalog__factory } from "../../types/typechain/index.js";
import {
  bearer,
  componentApi,
  componentWorld,
  increaseTime,
  serviceByVote,
  threeFoundersSpec,
  type ComponentApi,
  type ComponentWorld,
} from "./support/components.js";
import { execute, governorOf, proposed, Vote } from "./support/governance.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";

const DOCUMENTS = "document-management";
const DEFAULT_MAX = 104_857_600;

function expectError(res: { status: number; body: unknown }, status: number, code: string): string {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  const body = res.body as { error: { code: string; message: string } };
  expect(body.error.code).to.equal(code);
  return body.error.message;
}

describe("service settings: per cluster, versioned on chain, checked against the manifest", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let settingsVotes = 0;

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world);
  });
  after(async () => env?.close());

  const url = (clusterId: number, service = DOCUMENTS) => `${env.api}/clusters/${clusterId}/settings/${service}`;
  const as = async (address: string, init: RequestInit = {}) => ({
    ...init,
    headers: { authorization: await bearer(address), "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) },
  });
  const post = async (address: string, clusterId: number, body: unknown, service = DOCUMENTS) =>
    getJson(url(clusterId, service), await as(address, { method: "POST", body: JSON.stringify(body) }));

  /** The members of the plain cluster pass `digest` as the documents service's settings. */
  async function settingsByVote(digest: string): Promise<bigint> {
    const { world, a, b, c, plain } = cw;
    const catalog = ServiceCatalog__factory.connect(world.record.contracts.ServiceCatalog.address, world.cdc);
    const governor = await governorOf(world, plain.clusterId, a);
    const p = await proposed(governor, governor.proposeServiceSettings(await catalog.serviceIdByName(DOCUMENTS), digest, `Settings ${++settingsVotes}`));
    for (const w of [a, b, c]) await send(governor.connect(w).castVote(p.proposalId, Vote.For));
    await increaseTime(world, Number(await governor.votingPeriod()) + 1);
    await execute(governor, p);
    await env.index.indexer.syncToHead();
    return p.proposalId;
  }

  it("answers the defaults and the schema while a cluster has set nothing, to members and the CDC only", async function () {
    const { plain, a, outsider, world } = cw;
    const res = await getJson(url(plain.id), await as(a.address));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const s = serviceSettings.parse(res.body);
    expect(s).to.include({ service: DOCUMENTS, settingsCid: null, configVersion: null, problem: null });
    expect(s.settings).to.deep.equal({ maxUploadBytes: DEFAULT_MAX });
    expect(s.defaults).to.deep.equal(s.settings);
    expect(s.schema).to.have.nested.property("properties.maxUploadBytes.type", "integer");
    expect((await getJson(url(plain.id), await as(world.cdc.address))).status).to.equal(200);

    expectError(await getJson(url(plain.id)), 401, "unauthorized");
    expectError(await getJson(url(plain.id), await as(outsider.address)), 403, "forbidden");
    expectError(await getJson(url(999_999), await as(a.address)), 404, "not_found");
    expect(expectError(await getJson(url(plain.id, "corporate-clearing"), await as(a.address)), 404, "not_found")).to.equal(
      "Service corporate-clearing has no settings",
    );
    expectError(await getJson(url(plain.id, "no-such-service"), await as(a.address)), 404, "not_found");
    expectError(await getJson(url(plain.id, "Bad Name"), await as(a.address)), 400, "bad_request");
  });

  it("refuses settings the schema refuses, naming each field, and stores nothing", async function () {
    const { plain, a, outsider } = cw;
    for (const [body, field] of [
      [{ maxUploadBytes: 10 }, "maxUploadBytes"],
      [{ maxUploadBytes: "big" }, "maxUploadBytes"],
      [{ maxUploadBytes: 2048, colour: "blue" }, "colour"],
    ] as const) {
      const message = expectError(await post(a.address, plain.id, body), 400, "bad_request");
      expect(message).to.contain(field);
      const wouldBe = await kuboCid(canonicalJson(Object.assign({ maxUploadBytes: DEFAULT_MAX }, body)));
      expect(await env.store.has(wouldBe)).to.equal(false);
    }
    expectError(await post(a.address, plain.id, [1, 2]), 400, "bad_request");
    expectError(await post(outsider.address, plain.id, { maxUploadBytes: 2048 }), 403, "forbidden");
  });

  it("stores valid settings for the vote, applies them once passed, and the upload limit follows", async function () {
    const { plain, a } = cw;
    const stored = storedSettings.parse((await post(a.address, plain.id, { maxUploadBytes: 2048 })).body);
    expect(stored.settings).to.deep.equal({ maxUploadBytes: 2048 });
    expect(stored.digest).to.equal(cidDigest(stored.cid));
    expect(await env.store.has(stored.cid)).to.equal(true);

    const proposalId = await settingsByVote(stored.digest);
    const proposal = proposalSummary.parse((await getJson(`${env.api}/clusters/${plain.id}/proposals/${proposalId}`, await as(a.address))).body);
    expect(proposal.kind).to.equal("settings");
    expect(proposal.payload).to.deep.include({ settingsCid: stored.cid });

    const s = serviceSettings.parse((await getJson(url(plain.id), await as(a.address))).body);
    expect(s.settings).to.deep.equal({ maxUploadBytes: 2048 });
    expect(s.settingsCid).to.equal(stored.cid);
    const history = configHistory.parse((await getJson(`${env.api}/clusters/${plain.id}/config/history`, await as(a.address))).body);
    expect(history[0]!.change).to.deep.include({ type: "serviceSettings", settingsCid: stored.cid });
    expect(s.configVersion).to.equal(history[0]!.configVersion);

    const upload = async (size: number) =>
      getJson(`${env.api}/clusters/${plain.id}/documents/upload`, await as(a.address, { method: "POST", body: new Uint8Array(randomBytes(size)) }));
    const big = new Uint8Array(randomBytes(3000));
    const refused = await getJson(`${env.api}/clusters/${plain.id}/documents/upload`, await as(a.address, { method: "POST", body: big }));
    expect(expectError(refused, 413, "payload_too_large")).to.contain("2048 bytes");
    expect(await env.store.has(await kuboCid(big))).to.equal(false);
    expect((await upload(1500)).status).to.equal(200);
    // The other cluster keeps the defaults (within the test store's own 64 KiB).
    const other = await getJson(`${env.api}/clusters/${cw.encrypted.id}/settings/${DOCUMENTS}`, await as(a.address));
    expect(serviceSettings.parse(other.body).settings).to.deep.equal({ maxUploadBytes: DEFAULT_MAX });
  });

  it("shows a document that bypassed the check as a problem and keeps the defaults meanwhile", async function () {
    const { plain, a } = cw;
    const { cid } = await env.store.add(canonicalJson({ maxUploadBytes: 5 }));
    await settingsByVote(cidDigest(cid));
    const s = serviceSettings.parse((await getJson(url(plain.id), await as(a.address))).body);
    expect(s.settingsCid).to.equal(cid);
    expect(s.settings).to.deep.equal({ maxUploadBytes: DEFAULT_MAX });
    expect(s.problem).to.contain("maxUploadBytes");

    await settingsByVote(ZeroHash);
    const reset = serviceSettings.parse((await getJson(url(plain.id), await as(a.address))).body);
    expect(reset).to.include({ settingsCid: null, problem: null });
    expect(reset.settings).to.deep.equal({ maxUploadBytes: DEFAULT_MAX });
  });

  it("refuses to store settings of a service the cluster does not run", async function () {
    const { plain, a } = cw;
    await serviceByVote(cw, env, plain, DOCUMENTS, false);
    try {
      expect(expectError(await post(a.address, plain.id, { maxUploadBytes: 4096 }), 403, "forbidden")).to.equal(
        `Service ${DOCUMENTS} is not enabled in cluster ${plain.id}`,
      );
    } finally {
      await serviceByVote(cw, env, plain, DOCUMENTS, true);
    }
  });

  it("gives a running cluster a service's contract when it first enables it, and the API follows it", async function () {
    const { world, a, c } = cw;
    const lean = await createClusterFromSpec(
      world.cdc,
      world.record,
      threeFoundersSpec(cw, { name: "Lean Cluster", cdo: c.address, services: ["authentication", "cluster-registration", "service-configuration"] }),
    );
    const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.cdc);
    const kind = encodeBytes32String("Documents");
    expect(await registry.componentOf(lean.clusterId, kind)).to.equal(ZeroAddress);
    await env.index.indexer.syncToHead();
    const cluster = { clusterId: lean.clusterId, id: Number(lean.clusterId) } as Parameters<typeof serviceByVote>[2];
    const list = async () => getJson(`${env.api}/clusters/${cluster.id}/documents`, await as(a.address));
    expectError(await list(), 403, "forbidden");

    await serviceByVote(cw, env, cluster, DOCUMENTS, true);
    const address = await registry.componentOf(lean.clusterId, kind);
    expect(address).to.not.equal(ZeroAddress);
    const documents = IDocumentRegistry__factory.connect(address, a);
    await send(documents.anchor(cidDigest(await kuboCid(new TextEncoder().encode("lean"))), `0x${"ab".repeat(32)}`, 2, "First report", 0n, [], []));
    await env.index.indexer.syncToHead();
    const res = await list();
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect((res.body as { title: string }[]).map((d) => d.title)).to.deep.equal(["First report"]);
  });
});
