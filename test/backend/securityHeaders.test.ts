import { expect } from "chai";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../backend/api/app.js";
import { usePlatformApi } from "./support/platformApi.js";
import { serve, testConfig, type Served } from "./support/server.js";

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';" +
  "object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";

describe("security headers on the API and the web app", function () {
  const platform = usePlatformApi();
  let dir: string;
  let web: Served;

  before(async function () {
    const { index } = platform.current();
    dir = await mkdtemp(join(tmpdir(), "cluster-headers-"));
    await mkdir(join(dir, "assets"), { recursive: true });
    await writeFile(join(dir, "index.html"), '<!doctype html><title>Cluster Platform</title><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(dir, "assets", "app.js"), "console.log('app')");
    web = await serve(createApp({ db: index.db, config: testConfig({ CLUSTER_FRONTEND_DIST: dir }), indexer: index.indexer, log: () => {} }));
  });
  after(async () => {
    await web?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [what, path, status] of [
    ["an API answer", "/api/status", 200],
    ["an API error", "/api/nothing", 404],
    ["the web app's page", "/", 200],
    ["a client-side route of the web app", "/clusters/1/network", 200],
    ["a script of the web app", "/assets/app.js", 200],
  ] as const) {
    it(`sends them on ${what}`, async function () {
      const res = await fetch(`${web.url}${path}`);
      await res.arrayBuffer();
      expect(res.status).to.equal(status);
      expect(res.headers.get("content-security-policy")).to.equal(CSP);
      expect(res.headers.get("x-frame-options")).to.equal("DENY");
      expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
      expect(res.headers.get("referrer-policy")).to.equal("no-referrer");
      expect(res.headers.get("x-powered-by")).to.equal(null);
    });
  }
});
