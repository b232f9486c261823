import { expect } from "chai";
import { createApp } from "../../backend/api/app.js";
import { loadConfig } from "../../backend/config.js";
import { statement } from "../../backend/db/statements.js";
import { MAX_SYMBOL, TOKEN_RETRY_SECONDS, TokenReader } from "../../backend/tokens/reader.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { SettlementToken__factory } from "../../types/typechain/index.js";
import { accountNames } from "../../core/api/schemas/names.js";
import { clusterDetail, clusterList } from "../../core/api/schemas/clusters.js";
import { platformStatus } from "../../core/api/schemas/status.js";
import { account } from "./support/chain.js";
import { componentApi, componentWorld, threeFoundersSpec } from "./support/components.js";
import { usePlatformApi } from "./support/platformApi.js";
import { getJson, serveWith, testConfig } from "./support/server.js";

// Who an address is, for the web app to show names instead of addresses; the chain's clock and a
// block explorer in the status; the settlement token's units read in the background.

const DEMO = "Dnepr-Sozh Machine-Building Cluster";

describe("names, the chain's clock and the settlement token's units", function () {
  const platform = usePlatformApi();
  const names = async (api: string, addresses: string[]) => {
    const res = await getJson(`${api}/names?addresses=${addresses.join(",")}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return accountNames.parse(res.body).names;
  };

  it("names members by their organisation, the CDC and CDOs by role, and leaves unknown accounts out", async function () {
    const { world, api } = platform.current();
    const { provider } = world.chain;
    const [cdc, member, seeds, stranger] = [world.cdc.address, world.member.address, account(14, provider).address, account(77, provider).address];
    // Checksummed, repeated and unknown addresses: the answer is lowercase, once each, in the order asked.
    const got = await names(api, [member, cdc, world.cdo.address, stranger, member.toLowerCase(), seeds]);
    // The demo's CDO may by now hold clusters other suites registered: named by all of them.
    const cdoOf = clusterList
      .parse((await getJson(`${api}/clusters`)).body)
      .filter((c) => c.cdo === world.cdo.address.toLowerCase())
      .map((c) => c.name);
    expect(cdoOf[0]).to.equal(DEMO);
    expect(got).to.deep.equal([
      { address: member.toLowerCase(), name: "Nemiga Tractor Works", kind: "member", detail: `Core member of ${DEMO}` },
      { address: cdc.toLowerCase(), name: "Cluster Development Center", kind: "cdc", detail: "The platform's operator (CDC)" },
      {
        address: world.cdo.address.toLowerCase(),
        name: cdoOf.length === 1 ? `CDO of ${DEMO}` : `CDO of ${cdoOf.length} clusters`,
        kind: "cdo",
        detail: `The cluster development officer of ${cdoOf.join(", ")}`,
      },
      // A member of a dissolved cluster keeps its name: old votes and documents still show it.
      { address: seeds.toLowerCase(), name: "Gomel Seeds", kind: "member", detail: "Core member of Gomel Agro Cluster" },
    ]);
  });

  it("refuses a request without addresses, with a bad one, or with more than 100, naming the problem", async function () {
    const { api } = platform.current();
    const many = Array.from({ length: 101 }, (_, i) => `0x${i.toString(16).padStart(40, "0")}`);
    for (const [query, problem] of [
      ["", "addresses"],
      ["?addresses=", "each address must be 0x and 40 hex digits"],
      ["?addresses=0x1234", "each address must be 0x and 40 hex digits"],
      [`?addresses=${many.join(",")}`, "at most 100 addresses per request"],
    ] as const) {
      const res = await getJson(`${api}/names${query}`);
      expect(res.status, query).to.equal(400);
      expect((res.body as { error: { code: string; message: string } }).error.message, query).to.contain(problem);
    }
  });

  it("names the backend's own operator accounts when it runs them", async function () {
    const { world, index } = platform.current();
    const operator = account(78, world.chain.provider).address;
    const served = await serveWith((url) =>
      createApp({
        db: index.db,
        config: testConfig({ CLUSTER_PUBLIC_URL: url }),
        indexer: index.indexer,
        operators: { clearing: operator, permissioning: null },
      }),
    );
    try {
      expect(await names(`${served.url}/api`, [operator])).to.deep.equal([
        { address: operator.toLowerCase(), name: "Clearing operator", kind: "operator", detail: "An account of the platform's backend" },
      ]);
    } finally {
      await served.close();
    }
  });

  it("gives the head block's time, the configured block explorer and the upload limit in the status", async function () {
    const { world, api, index } = platform.current();
    await index.indexer.syncToHead();
    const head = await world.chain.provider.getBlock("latest");
    const status = platformStatus.parse((await getJson(`${api}/status`)).body);
    expect(status.headBlock).to.equal(head!.number);
    expect(status.headTime).to.equal(new Date(head!.timestamp * 1000).toISOString());
    expect(status.explorerUrl).to.equal(null);
    expect(status.maxUploadBytes).to.equal(testConfig().contentStore.maxBytes);

    const served = await serveWith((url) =>
      createApp({
        db: index.db,
        config: testConfig({ CLUSTER_PUBLIC_URL: url, CLUSTER_EXPLORER_URL: "https://explorer.example/chain/", CLUSTER_MAX_UPLOAD_BYTES: "2048" }),
        indexer: index.indexer,
      }),
    );
    try {
      const configured = platformStatus.parse((await getJson(`${served.url}/api/status`)).body);
      expect(configured.explorerUrl).to.equal("https://explorer.example/chain");
      // The web app refuses a larger file before reading it.
      expect(configured.maxUploadBytes).to.equal(2048);
    } finally {
      await served.close();
    }
    expect(() => loadConfig({ CLUSTER_EXPLORER_URL: "ftp://explorer.example" })).to.throw(/CLUSTER_EXPLORER_URL/);
  });

  it("reads a settlement token's decimals and symbol once, and retries one that does not answer only after a pause", async function () {
    const cw = await componentWorld();
    const env = await componentApi(cw.world);
    try {
      const cluster = async (id: bigint) => clusterDetail.parse((await getJson(`${env.api}/clusters/${id}`)).body);
      expect((await cluster(cw.plain.clusterId)).settlementTokenUnit, "not read yet").to.equal(null);
      const logged: string[] = [];
      const reader = new TokenReader({ db: env.index.db, provider: cw.world.chain.provider, indexer: env.index.indexer, log: (l) => logged.push(l) });
      await reader.pass();
      expect((await cluster(cw.plain.clusterId)).settlementTokenUnit).to.deep.equal({ decimals: Number(await cw.token.decimals()), symbol: "TDEP" });
      // The demo cluster names an address without code: recorded as a problem, the API says null.
      expect((await cluster(cw.world.demo.clusterId)).settlementTokenUnit).to.equal(null);
      const dead = "0x000000000000000000000000000000000000dead";
      const row = async () =>
        (await statement(env.index.db, "SELECT decimals, problem, read_at FROM tokens WHERE address = ?").get(dead)) as { problem: string; read_at: number };
      const first = await row();
      expect(first.problem).to.be.a("string").and.not.equal("");
      expect(logged.join("\n")).to.contain(`settlement token ${dead} did not give its decimals and symbol`);
      // A second pass within the pause asks neither again: every attempt writes its time.
      const readAt = () => statement(env.index.db, "SELECT address, read_at FROM tokens ORDER BY address").all();
      const before = await readAt();
      await reader.pass();
      expect(await readAt()).to.deep.equal(before);
      expect((await row()).read_at).to.equal(first.read_at);
      // A token whose symbol could not sit beside an amount (too long) is refused like one that does not answer.
      const long = await new SettlementToken__factory(cw.world.cdc).deploy("Long", "X".repeat(MAX_SYMBOL + 1), cw.world.cdc.address, cw.world.cdc.address);
      await long.waitForDeployment();
      const longAddress = (await long.getAddress()).toLowerCase();
      const spec = threeFoundersSpec(cw, {
        name: "Long Symbol Cluster",
        cdo: cw.world.cdc.address,
        services: ["authentication"],
        settlementToken: longAddress,
      });
      const created = await createClusterFromSpec(cw.world.cdc, cw.world.record, spec);
      await env.index.indexer.syncToHead();
      await reader.pass();
      expect((await cluster(created.clusterId)).settlementTokenUnit).to.equal(null);
      expect(((await statement(env.index.db, "SELECT problem FROM tokens WHERE address = ?").get(longAddress)) as { problem: string }).problem).to.contain(
        `its symbol is not 1 to ${MAX_SYMBOL} printable characters`,
      );
      // Once the pause is over, the failed one is asked again.
      await statement(env.index.db, "UPDATE tokens SET read_at = read_at - ? WHERE address = ?").run(TOKEN_RETRY_SECONDS + 1, dead);
      await reader.pass();
      expect((await row()).read_at).to.be.at.least(first.read_at);
    } finally {
      await env.close();
    }
  });
});
