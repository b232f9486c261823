import { createConfig, lintFromString } from "@redocly/openapi-core";
import { expect } from "chai";
import { API_INFO, ROUTES, serviceOfRoute } from "../../backend/api/app.js";
import { openApiDocument } from "../../backend/api/openapi.js";

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  "x-access": string;
  responses: Record<string, unknown>;
}

describe("OpenAPI document: the read model as clients see it", function () {
  const doc = openApiDocument(ROUTES, { ...API_INFO, server: "https://cluster.example.org" }, serviceOfRoute) as {
    servers: { url: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, { type: string; scheme: string; bearerFormat: string }> };
  };
  const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));

  it("passes Redocly's recommended rules with no error (warnings printed)", async function () {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "openapi.json", config });
    for (const p of problems.filter((x) => x.severity !== "error")) {
      console.log(`      redocly ${p.severity}: ${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ""})`);
    }
    expect(problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message} ${p.location[0]?.pointer}`)).to.deep.equal([]);
  });

  it("declares the bearer session scheme and, per operation, none for public access and the bearer otherwise", function () {
    expect(doc.components.securitySchemes.bearerAuth).to.include({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(operations).to.have.length(ROUTES.length);
    for (const route of ROUTES) {
      const op = doc.paths[route.path.replace(/[:*]([A-Za-z0-9_]+)/g, "{$1}")]![route.method]!;
      expect(op["x-access"], route.path).to.equal(route.access);
      expect(op.security, route.path).to.deep.equal(route.access === "public" ? [] : [{ bearerAuth: [] }]);
      if (route.access !== "public") expect(op.responses, route.path).to.have.property("401");
      if (route.access === "member" || route.access === "memberOrCdc") expect(op.responses, route.path).to.have.property("403");
    }
  });

  it("declares a paged list's Link header, and a counted list's X-Total-Count", function () {
    for (const route of ROUTES) {
      const ok = doc.paths[route.path.replace(/[:*]([A-Za-z0-9_]+)/g, "{$1}")]![route.method]!.responses["200"] as { headers?: Record<string, unknown> };
      const paged = route.query !== undefined && "shape" in route.query && "after" in (route.query.shape as object);
      expect(Object.keys(ok.headers ?? {}), route.path).to.have.members([...(paged ? ["Link"] : []), ...(route.counted ? ["X-Total-Count"] : [])]);
    }
    expect(ROUTES.filter((r) => r.counted).map((r) => r.path)).to.include("/api/clusters/:id/clearing/cycles/:cycle/flows");
  });

  it("names its server and gives every operation a unique operationId", function () {
    expect(doc.servers).to.deep.equal([{ url: "https://cluster.example.org", description: "This platform's API" }]);
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
