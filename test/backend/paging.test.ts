import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { hexlify, type HDNodeWallet } from "ethers";
import { documentList } from "../../core/api/schemas/documents.js";
import { memberList } from "../../core/api/schemas/clusters.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import {
  bearer,
  componentApi,
  componentsOf,
  componentWorld,
  threeFoundersSpec,
  type ComponentApi,
  type ComponentCluster,
  type ComponentWorld,
} from "./support/components.js";
import { send } from "./support/world.js";
import demo from "../../deploy/clusters/demo.json" with { type: "json" };

interface Answer {
  status: number;
  body: unknown;
  next: string | null;
}

/** The `rel="next"` address of a Link header, or null. */
function nextOf(link: string | null): string | null {
  const match = link?.match(/^<([^>]+)>; rel="next"$/);
  return match ? match[1]! : null;
}

describe("paged lists: cursor, sort and search on the API's lists", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let origin: string;
  let cluster: ComponentCluster;
  const titles: string[] = [];

  async function get(path: string, who: HDNodeWallet): Promise<Answer> {
    const res = await fetch(`${origin}${path}`, { headers: { authorization: await bearer(who.address) } });
    return { status: res.status, body: await res.json(), next: nextOf(res.headers.get("link")) };
  }

  /** Every page of `path`, following Link headers: the ids in order and the pages' sizes. */
  async function walk(path: string, who: HDNodeWallet): Promise<{ ids: number[]; sizes: number[] }> {
    const ids: number[] = [];
    const sizes: number[] = [];
    for (let at: string | null = path; at !== null;) {
      const page = await get(at, who);
      expect(page.status, JSON.stringify(page.body)).to.equal(200);
      const rows = documentList.parse(page.body);
      ids.push(...rows.map((d) => d.id));
      sizes.push(rows.length);
      at = page.next;
    }
    return { ids, sizes };
  }

  async function anchor(author: HDNodeWallet, title: string, recipients: string[] = []): Promise<void> {
    await send(cluster.documents.connect(author).anchor(hexlify(randomBytes(32)), hexlify(randomBytes(32)), 1, title, 0n, [], recipients));
    titles.push(title);
  }

  before(async function () {
    cw = await componentWorld();
    const { world, a, b, c } = cw;
    const created = await createClusterFromSpec(
      world.cdc,
      world.record,
      threeFoundersSpec({ a, b, c }, { name: "Paging Cluster", cdo: world.cdc.address, services: demo.services }),
    );
    cluster = await componentsOf(world, created.clusterId);
    // 24 documents: three titles that tie, a title with LIKE's wildcards, and every third one shared with b alone (c never sees those).
    for (let i = 0; i < 24; i++) {
      const title = i % 8 === 0 ? "Tie" : i === 5 ? "Rebate 50%_off" : `Report ${String(i).padStart(2, "0")}`;
      await anchor(a, title, i % 3 === 1 ? [b.address] : []);
    }
    env = await componentApi(world);
    origin = env.served.url;
    await env.index.indexer.syncToHead();
  });
  after(async () => {
    await env?.close();
  });

  const docs = () => `/api/clusters/${cluster.id}/documents`;

  it("pages a list by its cursor to the end: every visible row once, in order, full pages, no Link on the last", async function () {
    const all = await walk(`${docs()}?limit=5`, cw.a);
    expect(all.ids).to.deep.equal(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(all.sizes).to.deep.equal([5, 5, 5, 5, 4]);
    // c is not a recipient of every third document: they are left out in the query, so c's pages are still full.
    const seen = await walk(`${docs()}?limit=5`, cw.c);
    const visible = Array.from({ length: 24 }, (_, i) => i + 1).filter((id) => (id - 1) % 3 !== 1);
    expect(seen.ids).to.deep.equal(visible);
    expect(seen.sizes).to.deep.equal([5, 5, 5, 1]);
  });

  it("sorts by a column that ties (ties by id) and reversed, and keeps the other query parameters in the next address", async function () {
    const byTitle = await walk(`${docs()}?limit=2&sort=title`, cw.a);
    const expected = titles.map((t, i) => ({ t, id: i + 1 })).sort((x, y) => (x.t < y.t ? -1 : x.t > y.t ? 1 : x.id - y.id));
    expect(byTitle.ids).to.deep.equal(expected.map((e) => e.id));
    const reversed = await walk(`${docs()}?limit=7&sort=-id`, cw.a);
    expect(reversed.ids).to.deep.equal(Array.from({ length: 24 }, (_, i) => 24 - i));
    const first = await get(`${docs()}?limit=1&sort=title&q=tie&status=active`, cw.a);
    const next = new URL(first.next!, origin);
    expect(Object.fromEntries([...next.searchParams].filter(([k]) => k !== "after"))).to.deep.equal({ limit: "1", sort: "title", q: "tie", status: "active" });
  });

  it("searches case-insensitively and matches % and _ literally", async function () {
    expect((await walk(`${docs()}?q=TIE`, cw.a)).ids).to.deep.equal([1, 9, 17]);
    expect((await walk(`${docs()}?q=${encodeURIComponent("50%_")}`, cw.a)).ids).to.deep.equal([6]);
    expect((await walk(`${docs()}?q=${encodeURIComponent("%")}`, cw.a)).ids).to.deep.equal([6]);
    expect((await walk(`${docs()}?q=nothing-like-this`, cw.a)).ids).to.deep.equal([]);
    // Search and audience together: c finds only what it may see.
    expect((await walk(`${docs()}?q=report%200`, cw.c)).ids).to.deep.equal([3, 4, 7, 10]);
  });

  it("stays stable while new rows arrive: the pages after a cursor neither repeat nor skip a row that was there", async function () {
    const forward = await get(`${docs()}?limit=10`, cw.a);
    const backward = await get(`${docs()}?limit=10&sort=-id`, cw.a);
    const before = documentList.parse(backward.body).map((d) => d.id);
    for (let i = 0; i < 5; i++) await anchor(cw.a, `Arrived ${i}`);
    await env.index.indexer.syncToHead();
    // Ascending, the new rows come after the old ones: the rest holds the old tail and then the new rows.
    const rest = await walk(forward.next!, cw.a);
    expect([...documentList.parse(forward.body).map((d) => d.id), ...rest.ids]).to.deep.equal(Array.from({ length: 29 }, (_, i) => i + 1));
    // Descending, they come before the cursor: the rest is exactly the older rows not yet seen, none shifted in twice.
    const olderRest = await walk(backward.next!, cw.a);
    expect([...before, ...olderRest.ids]).to.deep.equal(Array.from({ length: 24 }, (_, i) => 24 - i));
  });

  it("pages the public member list the same way", async function () {
    const path = `/api/clusters/${cluster.id}/members?limit=1&sort=-name`;
    const names: string[] = [];
    for (let at: string | null = path; at !== null;) {
      const res = await fetch(`${origin}${at}`);
      names.push(...memberList.parse(await res.json()).map((m) => m.name));
      at = nextOf(res.headers.get("link"));
    }
    expect(names).to.deep.equal(["Gamma Logistics", "Beta Institute", "Alpha Works"]);
  });

  it("refuses a bad limit, sort or cursor with a clear 400, and a cursor made for another order", async function () {
    const refused = async (query: string, words: RegExp) => {
      const res = await get(`${docs()}?${query}`, cw.a);
      expect(res.status, query).to.equal(400);
      const body = res.body as { error: { code: string; message: string } };
      expect(body.error.code).to.equal("bad_request");
      expect(body.error.message).to.match(words);
    };
    await refused("limit=0", /limit/);
    await refused("limit=501", /limit/);
    await refused("limit=ten", /limit/);
    await refused("sort=author", /sort/);
    await refused("after=not%20a%20cursor", /after/);
    await refused(`after=${Buffer.from("[1,2]").toString("base64url")}`, /after: not a cursor of this list/);
    await refused(`after=${Buffer.from('["id","x",1]').toString("base64url")}`, /after: not a cursor of this list/);
    await refused(`q=${"x".repeat(201)}`, /q/);
    // PostgreSQL refuses a NUL in a text parameter: it is refused here, as a 400, on both stores.
    await refused("q=a%00b", /q: must not contain control characters/);
    const byTitle = await get(`${docs()}?limit=1&sort=title`, cw.a);
    const cursor = new URL(byTitle.next!, origin).searchParams.get("after")!;
    await refused(`sort=id&after=${cursor}`, /made for sort=title, not sort=id/);
    // Paging reads nothing it should not: an outsider is still refused before any page.
    expect((await get(`${docs()}?limit=1`, cw.outsider)).status).to.equal(403);
  });
});
