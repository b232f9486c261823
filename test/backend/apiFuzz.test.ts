import { expect } from "chai";
import fc from "fast-check";
import { SignJWT } from "jose";
import { componentApi, componentWorld, bearer, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { TEST_SESSION_SECRET } from "./support/server.js";

/**
 * Every operation of the OpenAPI document, sent malformed, oversized and hostile inputs: wrong
 * types, huge numbers, bad hex and CIDs, traversal, deep JSON, truncated multipart, bad ranges,
 * odd Authorization values. The API must answer each with a 4xx JSON error carrying a message
 * (or a success), never a 5xx. The corpus is fixed and the random part seeded, so a failure
 * names the exact request and comes back on the next run.
 */

interface Operation {
  method: "get" | "post";
  path: string;
  parameters: { name: string; in: "path" | "query" | "header" }[];
  json: boolean;
  raw: boolean;
  ranges: boolean;
}

interface Probe {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  what: string;
}

const HOSTILE: readonly string[] = [
  "",
  " ",
  "0",
  "-1",
  "1.5",
  "1e309",
  "NaN",
  "Infinity",
  "99999999999999999999999999999999999999",
  "0x",
  "0xzz",
  `0x${"f".repeat(64)}`,
  `0x${"0".repeat(40)}`,
  "../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%00",
  "%E0%A4%A",
  "a".repeat(4096),
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "🙂",
  "\u0000",
  "Qm",
  "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
  "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  `bafy${"z".repeat(60)}`,
  `Qm${"1".repeat(44)}`,
];

/** Written into the URL as they are, so the server sees malformed percent-encoding itself. */
const RAW_SEGMENTS: readonly string[] = ["%", "%E0%A4%A", "%zz", "%00", "..%2f..%2fetc", "%2e%2e"];

const RANGES: readonly string[] = [
  "bytes=abc",
  "bytes=5-1",
  "bytes=-0",
  "bytes=0-1,2-3",
  "bytes=99999999999999999999999-",
  "items=0-1",
  "bytes=",
  "bytes=-",
  `bytes=0-${"9".repeat(400)}`,
  "bytes=--1",
];

async function authorizationValues(member: string): Promise<string[]> {
  const key = new TextEncoder().encode(TEST_SESSION_SECRET);
  const now = Math.floor(Date.now() / 1000);
  const notAnAddress = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("admin")
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(key);
  const expired = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(member.toLowerCase())
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(key);
  const valid = (await bearer(member)).slice("Bearer ".length);
  const tampered = `${valid.slice(0, -4)}${valid.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
  return [
    "Bearer",
    "Bearer ",
    "Bearer  x",
    "Basic dXNlcjpwYXNz",
    "Bearer a.b.c",
    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIweDAwIn0.",
    `Bearer ${"x".repeat(8000)}`,
    `Bearer ${notAnAddress}`,
    `Bearer ${expired}`,
    `Bearer ${tampered}`,
    `bearer ${valid}, Bearer ${valid}`,
    "\t",
  ];
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (method !== "get" && method !== "post") continue;
      const content = (op.requestBody as { content?: Record<string, unknown> } | undefined)?.content ?? {};
      ops.push({
        method,
        path,
        parameters: ((op.parameters as Operation["parameters"] | undefined) ?? []).map((p) => ({ name: p.name, in: p.in })),
        json: "application/json" in content,
        raw: Object.keys(content).some((type) => type !== "application/json"),
        ranges: "206" in ((op.responses as Record<string, unknown> | undefined) ?? {}),
      });
    }
  }
  return ops;
}

describe("the API under hostile input, every route of its OpenAPI document", function () {
  this.timeout(300_000);
  let cw: ComponentWorld;
  let env: ComponentApi;
  let ops: Operation[];
  let memberToken: string;
  let authorizations: string[];
  /** Valid values for each path parameter, so one parameter at a time can be made hostile. */
  let valid: Record<string, string>;

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world);
    const res = await fetch(`${env.api}/openapi.json`);
    ops = operationsOf((await res.json()) as Parameters<typeof operationsOf>[0]);
    memberToken = await bearer(cw.a.address);
    authorizations = await authorizationValues(cw.a.address);
    const stored = await env.store.add([new TextEncoder().encode("fuzz corpus document\n")]);
    valid = { id: String(cw.plain.id), docId: "1", agreementId: "1", proposalId: "1", cycle: "1", cid: stored.cid };
  });

  after(async () => {
    await env?.close();
  });

  function urlOf(op: Operation, overrides: Record<string, string> = {}, raw: Record<string, string> = {}): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => raw[name] ?? encodeURIComponent(overrides[name] ?? valid[name] ?? "1"));
    return `${env.served.url}${path}`;
  }

  /** Sends each probe and lists those answered with a 5xx or with an error that is not JSON with a message. */
  async function failures(probes: Probe[]): Promise<string[]> {
    const found: string[] = [];
    for (const probe of probes) {
      let res: Response;
      try {
        res = await fetch(probe.url, {
          method: probe.method.toUpperCase(),
          headers: probe.headers,
          body: probe.body as BodyInit | undefined,
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        found.push(`${probe.what}: no answer (${(err as Error).message})`);
        continue;
      }
      const type = res.headers.get("content-type") ?? "";
      if (res.status < 400) {
        await res.body?.cancel();
        continue;
      }
      const text = await res.text();
      let message: unknown;
      try {
        message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
      } catch {
        message = undefined;
      }
      if (res.status >= 500) found.push(`${probe.what}: ${res.status} ${text.slice(0, 200)}`);
      else if (!type.includes("application/json") || typeof message !== "string" || message.length === 0) {
        found.push(`${probe.what}: ${res.status} without a JSON error message (${type}: ${text.slice(0, 120)})`);
      }
    }
    return found;
  }

  function expectNone(found: string[]): void {
    expect(found, `${found.length} answers broke the contract:\n${found.join("\n")}`).to.deep.equal([]);
  }

  it("reads the operations from the document it serves", function () {
    expect(ops.length).to.be.at.least(25);
    expect(ops.some((op) => op.raw)).to.equal(true);
    expect(ops.some((op) => op.ranges)).to.equal(true);
  });

  it("answers hostile path parameters with a JSON error, never a 5xx", async function () {
    const probes: Probe[] = [];
    for (const op of ops) {
      for (const param of op.parameters.filter((p) => p.in === "path")) {
        for (const value of HOSTILE) {
          probes.push({
            method: op.method,
            url: urlOf(op, { [param.name]: value }),
            headers: { authorization: memberToken },
            what: `${op.method} ${op.path} ${param.name}=${JSON.stringify(value.slice(0, 40))}`,
          });
        }
        for (const value of RAW_SEGMENTS) {
          probes.push({ method: op.method, url: urlOf(op, {}, { [param.name]: value }), what: `${op.method} ${op.path} ${param.name} raw ${value}` });
        }
      }
    }
    expectNone(await failures(probes));
  });

  it("answers hostile, repeated and unknown query parameters with a JSON error, never a 5xx", async function () {
    const probes: Probe[] = [];
    for (const op of ops) {
      const base = urlOf(op);
      for (const param of op.parameters.filter((p) => p.in === "query")) {
        for (const value of HOSTILE) {
          probes.push({
            method: op.method,
            url: `${base}?${param.name}=${encodeURIComponent(value)}`,
            what: `${op.method} ${op.path}?${param.name}=${JSON.stringify(value.slice(0, 40))}`,
          });
        }
        probes.push({ method: op.method, url: `${base}?${param.name}=a&${param.name}=b`, what: `${op.method} ${op.path} repeated ${param.name}` });
        probes.push({ method: op.method, url: `${base}?${param.name}[a][b]=1`, what: `${op.method} ${op.path} nested ${param.name}` });
      }
      for (const query of ["__proto__[polluted]=1", "constructor[prototype][polluted]=1", `x=${"y".repeat(10_000)}`, "%=%", "a=%E0%A4%A"]) {
        probes.push({ method: op.method, url: `${base}?${query}`, what: `${op.method} ${op.path}?${query.slice(0, 40)}` });
      }
    }
    expectNone(await failures(probes));
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("answers odd Authorization values with a JSON error, never a 5xx", async function () {
    const probes: Probe[] = [];
    for (const op of ops) {
      for (const authorization of authorizations) {
        probes.push({
          method: op.method,
          url: urlOf(op),
          headers: { authorization },
          what: `${op.method} ${op.path} Authorization ${JSON.stringify(authorization.slice(0, 30))}`,
        });
      }
    }
    expectNone(await failures(probes));
  });

  it("answers bad byte ranges with a JSON error or the whole content, never a 5xx", async function () {
    const probes: Probe[] = [];
    for (const op of ops.filter((o) => o.ranges)) {
      for (const range of RANGES) {
        probes.push({
          method: op.method,
          url: urlOf(op),
          headers: { authorization: memberToken, range, "if-range": 'W/"junk"' },
          what: `${op.method} ${op.path} Range ${range.slice(0, 40)}`,
        });
      }
    }
    expectNone(await failures(probes));
  });

  it("answers malformed, deep, oversized and mistyped JSON bodies with a JSON error, never a 5xx", async function () {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const bodies: [string, string, string][] = [
      ["application/json", "{", "truncated"],
      ["application/json", "[]", "an array"],
      ["application/json", "null", "null"],
      ["application/json", "1", "a number"],
      ["application/json", '"text"', "a string"],
      ["application/json", deep, "nested 20,000 deep"],
      ["application/json", JSON.stringify({ message: 1, signature: [] }), "wrong types"],
      ["application/json", JSON.stringify({ message: "x".repeat(60_000), signature: "0x" }), "a 60 kB message"],
      ["application/json", JSON.stringify({ message: "x".repeat(200_000) }), "over the body limit"],
      ["application/json", '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}', "prototype pollution"],
      ["application/json; charset=utf-16", "{}", "an unsupported charset"],
      ["text/plain", "{}", "JSON sent as text"],
      ["application/json", JSON.stringify({ message: "a", signature: `0x${"g".repeat(130)}` }), "a bad signature hex"],
    ];
    const probes: Probe[] = [];
    for (const op of ops.filter((o) => o.method === "post" && o.json)) {
      for (const [type, body, what] of bodies) {
        probes.push({ method: "post", url: urlOf(op), headers: { "content-type": type }, body, what: `post ${op.path} ${what}` });
      }
    }
    expectNone(await failures(probes));
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("answers truncated, mislabelled and hostile file bodies with a JSON error, never a 5xx", async function () {
    const boundary = "----fuzzboundary";
    const part = (name: string, filename: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`;
    const bodies: [Record<string, string>, string | Uint8Array, string][] = [
      [{ "content-type": `multipart/form-data; boundary=${boundary}` }, part("file", "a.txt", "hello").slice(0, 60), "a truncated multipart body"],
      [{ "content-type": `multipart/form-data; boundary=${boundary}` }, `${part("file", "a.txt", "hello")}`, "a multipart body without its closing boundary"],
      [{ "content-type": "multipart/form-data" }, part("file", "a.txt", "hello"), "multipart without a boundary"],
      [
        { "content-type": `multipart/form-data; boundary=${boundary}` },
        `${part("other", "a.txt", "hello")}--${boundary}--\r\n`,
        "a form without the file field",
      ],
      [{ "content-type": `multipart/form-data; boundary=${boundary}` }, `${part("file", "a", "1")}${part("file", "b", "2")}--${boundary}--\r\n`, "two files"],
      [{ "content-type": `multipart/form-data; boundary=${boundary}` }, `--${boundary}--\r\n`, "an empty form"],
      [{ "content-type": "application/octet-stream" }, "", "an empty body"],
      [
        { "content-type": "application/octet-stream" },
        new Uint8Array([0x43, 0x50, 0x44, 0x45, 1, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]),
        "an envelope prefix with a huge header length",
      ],
      [{ "content-type": "application/octet-stream" }, "CPDE\u0001\u0000\u0000\u0000\u0005junk!plaintext", "an envelope prefix with a junk header"],
      [{ "content-type": "application/octet-stream", "x-filename": "%E0%A4%A" }, "x", "a malformed file name"],
      [{ "content-type": "application/octet-stream", "x-filename": "n".repeat(8000) }, "x", "a long file name"],
      [{ "content-type": "application/octet-stream" }, new Uint8Array(200 * 1024), "a body over the upload limit"],
      [{ "content-type": "application/json" }, '{"file":1}', "JSON instead of a file"],
    ];
    const probes: Probe[] = [];
    for (const op of ops.filter((o) => o.method === "post" && o.raw)) {
      for (const [headers, body, what] of bodies) {
        probes.push({ method: "post", url: urlOf(op), headers: { ...headers, authorization: memberToken }, body, what: `post ${op.path} ${what}` });
      }
    }
    expectNone(await failures(probes));
  });

  it("answers fuzzed path and query strings with a JSON error, never a 5xx", async function () {
    const probes: Probe[] = [];
    fc.assert(
      fc.property(fc.constantFrom(...ops), fc.string({ unit: "binary", maxLength: 64 }), fc.string({ unit: "binary", maxLength: 64 }), (op, value, query) => {
        const param = op.parameters.find((p) => p.in === "path");
        const url = param ? urlOf(op, { [param.name]: value }) : urlOf(op);
        probes.push({
          method: op.method,
          url: `${url}?q=${encodeURIComponent(query)}`,
          headers: { authorization: memberToken },
          what: `${op.method} ${url.slice(0, 120)}`,
        });
      }),
      { seed: 9, numRuns: 400 },
    );
    expectNone(await failures(probes));
  });
});
