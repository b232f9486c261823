import { expect } from "chai";
import { randomBytes } from "node:crypto";
import express from "express";
import { BUILT_IN_MANIFESTS } from "../../core/services/catalog/index.js";
import { kuboCid } from "../../core/content/kuboCid.js";
import { ManifestError, manifestJsonSchema, parseManifest, type ServiceManifest } from "../../core/services/manifest.js";
import { manifestCid } from "../../core/services/manifestCid.js";
import { service as serviceSchema, serviceList } from "../../core/api/schemas/services.js";
import { schemaSql, TABLE_NAMES } from "../../backend/db/schema.js";
import { PLATFORM_TABLES } from "../../backend/db/platformTables.js";
import { SERVICE_TABLES } from "../../backend/services/tables.js";
import { handlerNames } from "../../backend/indexer/sources.js";
import { INSTALLED_SERVICES } from "../../backend/services/index.js";
import type { ServiceDeps } from "../../backend/services/service.js";
import { bearer, componentApi, componentWorld, serviceByVote, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson, testConfig } from "./support/server.js";

function expectError(res: { status: number; body: unknown }, status: number, code: string): string {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  const body = res.body as { error: { code: string; message: string } };
  expect(body.error.code).to.equal(code);
  return body.error.message;
}

/** The routes a service's mount function registers on a router, as "METHOD path". */
function mountedRoutes(mount: (router: express.Router, deps: ServiceDeps) => void, manifest: ServiceManifest): string[] {
  const router = express.Router();
  // Mounting reads only configuration; the index and the store are touched per request.
  mount(router, { service: manifest, config: testConfig(), store: {} } as unknown as ServiceDeps);
  const found: string[] = [];
  for (const layer of router.stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
  }
  // A route may be registered twice (a rate limiter in front of it, then the operation).
  return [...new Set(found)];
}

describe("services: manifests and per-cluster workspaces", function () {
  describe("manifests", function () {
    it("validates every built-in manifest, one per catalog service, with unique ids", function () {
      for (const manifest of BUILT_IN_MANIFESTS) expect(parseManifest(structuredClone(manifest))).to.deep.equal(manifest);
      expect(new Set(BUILT_IN_MANIFESTS.map((m) => m.id)).size).to.equal(BUILT_IN_MANIFESTS.length);
    });

    it("refuses a bad manifest, naming each wrong field", function () {
      const bad = {
        ...structuredClone(BUILT_IN_MANIFESTS[0]!),
        id: "Not A Name",
        version: "1.0",
        routes: [{ method: "FETCH", path: "/api/x", access: "member" }],
        colour: "red",
      };
      let error: unknown;
      try {
        parseManifest(bad);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ManifestError);
      const paths = (error as ManifestError).issues.map((i) => i.path);
      expect(paths).to.include.members(["id", "version", "routes.0.method", ""]);
      expect((error as Error).message)
        .to.match(/version: a semantic version/)
        .and.match(/colour/);
    });

    it("refuses settings whose schema does not compile or whose defaults it refuses", function () {
      const base = structuredClone(BUILT_IN_MANIFESTS.find((m) => m.settings)!);
      const refusal = (settings: unknown) => {
        try {
          parseManifest({ ...base, settings });
        } catch (e) {
          expect(e).to.be.instanceOf(ManifestError);
          return (e as ManifestError).message;
        }
        throw new Error("accepted");
      };
      expect(refusal({ schema: { type: "object", properties: { n: { type: "integer", minimum: 5 } } }, defaults: { n: 1 } })).to.match(
        /settings\.defaults\.n: must be >= 5/,
      );
      expect(refusal({ schema: { type: "no-such-type" }, defaults: {} })).to.match(/settings\.schema: /);
      // Strict: an unknown keyword (a typo of "maximum") is not silently ignored.
      expect(refusal({ schema: { type: "object", properties: { n: { type: "integer", maximun: 5 } } }, defaults: { n: 1 } })).to.match(/maximun/);
    });

    it("publishes its JSON Schema, which names every field of the manifest", function () {
      const schema = manifestJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
      expect(Object.keys(schema.properties)).to.include.members(["id", "repository", "version", "routes", "pages", "settings", "external"]);
      expect(schema.required).to.include.members(["id", "repository", "version", "routes", "tables", "events", "health"]);
      expect(schema.additionalProperties).to.equal(false);
    });

    it("gives each manifest one CID: canonical JSON, the same whatever the key order", async function () {
      const m = BUILT_IN_MANIFESTS[0]!;
      const reordered = Object.fromEntries(Object.entries(m).reverse()) as ServiceManifest;
      expect(await manifestCid(reordered)).to.equal(await manifestCid(m));
      expect(await manifestCid({ ...m, version: "1.0.1" })).not.to.equal(await manifestCid(m));
    });

    for (const installed of INSTALLED_SERVICES) {
      it(`${installed.manifest.id}: mounts exactly the routes its manifest declares, with the same access`, function () {
        const declared = installed.manifest.routes.map((r) => `${r.method} ${r.path} ${r.access}`);
        expect(installed.routes.map((r) => `${r.method.toUpperCase()} ${r.path} ${r.access}`)).to.have.members(declared);
        expect(mountedRoutes(installed.mount, installed.manifest)).to.have.members(installed.manifest.routes.map((r) => `${r.method} ${r.path}`));
      });
    }

    it("claims every index table and every event handler exactly once across the services", function () {
      // Each service declares its tables in its folder, and its manifest names exactly those.
      for (const m of BUILT_IN_MANIFESTS) expect(m.tables, m.id).to.have.members((SERVICE_TABLES[m.id] ?? []).map((t) => t.name));
      const tables = [...schemaSql("sqlite").matchAll(/CREATE TABLE IF NOT EXISTS ([a-z_]+)/g)].map((m) => m[1]!);
      expect(tables).to.deep.equal(TABLE_NAMES);
      const claimedTables = BUILT_IN_MANIFESTS.flatMap((m) => m.tables);
      expect(claimedTables).to.have.members(tables.filter((t) => !PLATFORM_TABLES.map((p) => p.name).includes(t)));
      const claimedEvents = BUILT_IN_MANIFESTS.flatMap((m) => m.events);
      const handled = handlerNames();
      expect(
        claimedEvents.filter((e) => !handled.includes(e)),
        "claimed but not handled",
      ).to.deep.equal([]);
      expect(
        handled.filter((e) => !claimedEvents.includes(e)),
        "handled but not claimed",
      ).to.deep.equal([]);
      expect(claimedEvents).to.have.members(handled);
    });

    it("lists every catalog service the deployment registers, and only installed services add routes or pages", function () {
      const installed = new Set(INSTALLED_SERVICES.map((s) => s.manifest.id));
      for (const m of BUILT_IN_MANIFESTS) {
        if (installed.has(m.id)) continue;
        expect(m.routes, m.id).to.be.empty;
        expect(m.pages, m.id).to.be.empty;
      }
    });
  });

  describe("in a running platform", function () {
    let cw: ComponentWorld;
    let env: ComponentApi;
    before(async function () {
      cw = await componentWorld();
      env = await componentApi(cw.world);
    });
    after(async () => env?.close());

    it("answers each catalog service with the manifest under the CID the catalog recorded, by id and by name", async function () {
      const list = serviceList.parse((await getJson(`${env.api}/services`)).body);
      // Other suites on the shared chain may have registered external services too.
      expect(list.map((s) => s.name)).to.include.members(BUILT_IN_MANIFESTS.map((m) => m.id));
      const builtIn = new Set(BUILT_IN_MANIFESTS.map((m) => m.id));
      for (const s of list.filter((x) => builtIn.has(x.name))) {
        if (s.name === "authentication") {
          // The platform world published 1.1.0 under a CID whose bytes no store holds: listed, without a manifest.
          expect(s).to.include({ version: "1.1.0", manifest: null, title: null });
          continue;
        }
        expect(s.manifest, s.name).not.to.equal(null);
        expect(await manifestCid(s.manifest!)).to.equal(s.manifestCid);
        expect(s.title).to.equal(s.manifest!.title);
      }
      const clearing = list.find((s) => s.name === "corporate-clearing")!;
      const byName = serviceSchema.parse((await getJson(`${env.api}/services/corporate-clearing`)).body);
      const byId = serviceSchema.parse((await getJson(`${env.api}/services/${clearing.id}`)).body);
      expect(byName).to.deep.equal(byId);
      expect(byName.installed).to.equal(true);
      expect(byName.manifest!.component).to.equal("Clearing");
      expect(list.find((s) => s.name === "crm")!.installed).to.equal(false);
      expectError(await getJson(`${env.api}/services/no-such-service`), 404, "not_found");
      expectError(await getJson(`${env.api}/services/Bad%20Name`), 400, "bad_request");
    });

    it("publishes the manifest JSON Schema and tags each operation of the OpenAPI document with its service", async function () {
      const schema = await getJson(`${env.api}/services/manifest.schema.json`);
      expect(schema.body).to.deep.equal(manifestJsonSchema());
      const doc = (await getJson(`${env.api}/openapi.json`)).body as {
        paths: Record<string, Record<string, { "x-service"?: string; responses: Record<string, unknown> }>>;
      };
      const clearing = doc.paths["/api/clusters/{id}/clearing"]!.get!;
      expect(clearing["x-service"]).to.equal("corporate-clearing");
      expect(clearing.responses).to.have.property("403");
      expect(doc.paths["/api/clusters/{id}/clearing/cycles/{cycle}/unwind"], "every installed route is documented").to.not.equal(undefined);
    });

    it("answers 403 for a service the members switched off, stores nothing, and answers again once they switch it on", async function () {
      const { plain, a } = cw;
      const auth = { headers: { authorization: await bearer(a.address) } };
      expect((await getJson(`${env.api}/clusters/${plain.id}/clearing`, auth)).status).to.equal(200);
      await serviceByVote(cw, env, plain, "corporate-clearing", false);
      await serviceByVote(cw, env, plain, "document-management", false);
      try {
        const message = expectError(await getJson(`${env.api}/clusters/${plain.id}/clearing`, auth), 403, "forbidden");
        expect(message).to.equal(`Service corporate-clearing is not enabled in cluster ${plain.id}`);
        expectError(await getJson(`${env.api}/clusters/${plain.id}/obligations`, auth), 403, "forbidden");
        // Before access: an outsider learns the same, and an unknown cluster is still 404.
        expectError(await getJson(`${env.api}/clusters/${plain.id}/clearing`), 403, "forbidden");
        expectError(await getJson(`${env.api}/clusters/999999/clearing`, auth), 404, "not_found");

        const bytes = new Uint8Array(randomBytes(300));
        const uploads = async () => ((await env.index.db.prepare("SELECT COUNT(*) AS n FROM document_uploads").get()) as { n: number }).n;
        const before = await uploads();
        const refused = await getJson(`${env.api}/clusters/${plain.id}/documents/upload`, { method: "POST", body: bytes, ...auth });
        expect(expectError(refused, 403, "forbidden")).to.equal(`Service document-management is not enabled in cluster ${plain.id}`);
        expect(await env.store.has(await kuboCid(bytes))).to.equal(false);
        expect(await uploads()).to.equal(before);

        // System services answer whatever the configuration: the cluster can still vote itself out of this.
        expect((await getJson(`${env.api}/clusters/${plain.id}/proposals`, auth)).status).to.equal(200);
        // The other cluster is not affected.
        expect((await getJson(`${env.api}/clusters/${cw.encrypted.id}/clearing`, auth)).status).to.equal(200);
      } finally {
        await serviceByVote(cw, env, plain, "corporate-clearing", true);
        await serviceByVote(cw, env, plain, "document-management", true);
      }
      expect((await getJson(`${env.api}/clusters/${plain.id}/clearing`, auth)).status).to.equal(200);
    });
  });
});
