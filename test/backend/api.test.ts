import { expect } from "chai";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createApp } from "../../backend/api/app.js";
import { clusterSummary, clusterDetail, configHistory, memberList, network } from "../../core/api/schemas/clusters.js";
import { platformStatus } from "../../core/api/schemas/status.js";
import { serviceList, service } from "../../core/api/schemas/services.js";
import { bearer } from "./support/components.js";
import { tempDir, type TestIndex } from "./support/index.js";
import { getJson, serve, testConfig } from "./support/server.js";
import { usePlatformApi } from "./support/platformApi.js";
import type { PlatformWorld } from "./support/world.js";

function expectError(res: { status: number; body: unknown; type: string }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.type).to.match(/application\/json/);
  const body = res.body as { error: { code: string; message: string } };
  expect(body.error.code).to.equal(code);
  expect(body.error.message).to.be.a("string").and.not.be.empty;
}

describe("REST API", function () {
  const platform = usePlatformApi();
  let world: PlatformWorld;
  let index: TestIndex;
  let api: string;
  before(() => {
    ({ world, index, api } = platform.current());
  });

  describe("reads", function () {
    it("reports the chain, the deployment and how far the index got", async function () {
      const res = await getJson(`${api}/status`);
      expect(res.status).to.equal(200);
      const status = platformStatus.parse(res.body);
      expect(status.chainId).to.equal(31337);
      expect(status.contracts.ClusterRegistry).to.equal(world.record.contracts.ClusterRegistry.address.toLowerCase());
      expect(status.indexedBlock).to.be.at.least(world.lastBlock);
      expect(status.clusterCount).to.be.at.least(4);
      expect(status.serviceCount).to.equal(12);
    });

    it("lists the catalog, filtered by repository, and answers one service", async function () {
      const all = serviceList.parse((await getJson(`${api}/services`)).body);
      expect(all).to.have.length(12);
      const system = serviceList.parse((await getJson(`${api}/services?repository=system`)).body);
      expect(system.length).to.be.greaterThan(0);
      expect(system.every((s) => s.repository === "system")).to.equal(true);
      const one = service.parse((await getJson(`${api}/services/1`)).body);
      expect(one.versions.map((v) => v.version).at(-1)).to.equal("1.1.0");
    });

    it("lists clusters by status and answers one with its history, members and network", async function () {
      const id = Number(world.demo.clusterId);
      const active = (await getJson(`${api}/clusters?status=active`)).body as unknown[];
      expect(active.map((c) => clusterSummary.parse(c).status)).to.satisfy((s: string[]) => s.every((x) => x === "active"));
      const detail = clusterDetail.parse((await getJson(`${api}/clusters/${id}`)).body);
      expect(detail.components.Membership).to.equal(world.demo.membership);
      expect(detail.memberCount).to.equal(9);
      // The configuration history is for the cluster's members and the CDC.
      const history = configHistory.parse(
        (await getJson(`${api}/clusters/${id}/config/history`, { headers: { authorization: await bearer(world.member.address) } })).body,
      );
      expect(history[0].configVersion).to.equal(detail.configVersion);
      const members = memberList.parse((await getJson(`${api}/clusters/${id}/members`)).body);
      expect(members).to.have.length(9);
      const graph = network.parse((await getJson(`${api}/clusters/${id}/network`)).body);
      expect(graph.clusterId).to.equal(id);
      expect(graph.links.some((l) => !l.clusterActivity)).to.equal(true);
    });

    it("serves an OpenAPI 3.1 document describing every route with its schemas", async function () {
      const res = await getJson(`${api}/openapi.json`);
      expect(res.status).to.equal(200);
      const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
      expect(doc.openapi).to.equal("3.1.0");
      expect(Object.keys(doc.paths)).to.include.members([
        "/api/status",
        "/api/services",
        "/api/services/{id}",
        "/api/clusters",
        "/api/clusters/{id}",
        "/api/clusters/{id}/config/history",
        "/api/clusters/{id}/members",
        "/api/clusters/{id}/network",
        "/api/clusters/{id}/directory",
        "/api/auth/nonce",
        "/api/auth/verify",
        "/api/me",
      ]);
      expect(doc.components.schemas).to.include.keys("ClusterDetail", "Member", "Network", "Error", "Session");
      expect(JSON.stringify(doc)).not.to.include("$schema");
    });
  });

  describe("refusals", function () {
    it("answers 404 with a JSON error for an unknown cluster or service", async function () {
      expectError(await getJson(`${api}/clusters/999999`), 404, "not_found");
      expectError(await getJson(`${api}/clusters/999999/members`), 404, "not_found");
      expectError(await getJson(`${api}/clusters/999999/network`), 404, "not_found");
      expectError(await getJson(`${api}/clusters/999999/config/history`, { headers: { authorization: await bearer(world.cdc.address) } }), 404, "not_found");
      expectError(await getJson(`${api}/services/999`), 404, "not_found");
      const res = await getJson(`${api}/clusters/999999`);
      expect((res.body as { error: { message: string } }).error.message).to.equal("Cluster 999999 does not exist");
    });

    for (const bad of ["abc", "-1", "1.5", "01", "0x10", "99999999999999999999", "%20"]) {
      it(`answers 400 for the malformed id "${bad}"`, async function () {
        expectError(await getJson(`${api}/clusters/${bad}`), 400, "bad_request");
        // A service is named by its id or its catalog name: "abc" is a name no service has.
        if (bad === "abc") expectError(await getJson(`${api}/services/${bad}/`), 404, "not_found");
        else expectError(await getJson(`${api}/services/${bad}/`), 400, "bad_request");
      });
    }

    it("answers 400 for an unknown status or repository filter, or a repeated one", async function () {
      expectError(await getJson(`${api}/clusters?status=sleeping`), 400, "bad_request");
      expectError(await getJson(`${api}/clusters?status=active&status=voting`), 400, "bad_request");
      expectError(await getJson(`${api}/services?repository=extra`), 400, "bad_request");
    });

    it("answers 404 JSON for an unknown route under /api, whatever the method", async function () {
      expectError(await getJson(`${api}/nothing-here`), 404, "not_found");
      expectError(await getJson(`${api}/clusters/1/unknown`), 404, "not_found");
      expectError(await getJson(`${api}/clusters`, { method: "DELETE" }), 404, "not_found");
    });

    it("answers 400 for a malformed JSON body and for a body of the wrong shape", async function () {
      const post = (body: string, type = "application/json") => getJson(`${api}/auth/verify`, { method: "POST", headers: { "content-type": type }, body });
      expectError(await post("{not json"), 400, "bad_request");
      expectError(await post("null"), 400, "bad_request");
      expectError(await post("{}"), 400, "bad_request");
      expectError(await post(JSON.stringify({ message: "hello", signature: "nothex" })), 400, "bad_request");
      expectError(await post(JSON.stringify({ message: "not a SIWE message", signature: "0x1234" })), 400, "bad_request");
      expectError(await post("message=x", "application/x-www-form-urlencoded"), 400, "bad_request");
    });

    it("answers 413 for an oversized body", async function () {
      const res = await getJson(`${api}/auth/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "x".repeat(100_000), signature: "0x00" }),
      });
      expectError(res, 413, "payload_too_large");
    });
  });

  describe("web app", function () {
    it("serves the built web app at / with index.html for client-side routes, and keeps /api JSON", async function () {
      const dist = join(await tempDir(), "frontend");
      await mkdir(join(dist, "assets"), { recursive: true });
      await writeFile(join(dist, "index.html"), "<!doctype html><title>Cluster Platform</title>");
      await writeFile(join(dist, "assets", "app.js"), "console.log('app')");
      const web = await serve(createApp({ db: index.db, config: testConfig({ CLUSTER_FRONTEND_DIST: dist }), indexer: index.indexer, log: () => {} }));
      try {
        const root = await getJson(`${web.url}/`);
        expect(root.status).to.equal(200);
        expect(root.body).to.include("Cluster Platform");
        expect((await getJson(`${web.url}/clusters/1/network`)).body).to.include("Cluster Platform");
        expect((await getJson(`${web.url}/assets/app.js`)).body).to.include("console.log");
        expectError(await getJson(`${web.url}/api/nothing`), 404, "not_found");
      } finally {
        await web.close();
      }
    });
  });
});
