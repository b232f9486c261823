import { expect } from "chai";
import { deploySettlementToken } from "../../deploy/settlementToken.js";
import { screenshot } from "./browser.js";
import { settlementTokenByVote } from "./governanceSteps.js";
import { eventually } from "./eventually.js";
import { useBrowserWorld } from "./suite.js";
import { EXPLORER_URL, hardhatAccount } from "./world.js";

// Names instead of addresses, with the address on hover and copyable; lists searched, sorted and
// paged; all of it for a visitor without a wallet.

const DEMO = "Dnepr-Sozh Machine-Building Cluster";
const NEMIGA = hardhatAccount(1).address.toLowerCase();

describe("Names, copyable addresses and searchable lists, for a visitor without a wallet", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();

  it("shows accounts by name with the address on hover, a copy button and the explorer's link", async function () {
    const { page, context } = await suite.visit();
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/");
    const row = page.getByTestId("cluster-table").locator("tr", { has: page.getByRole("link", { name: DEMO }) });
    const cdo = (await row.locator("[data-address]").getAttribute("data-address"))!;
    const name = row.locator('[data-testid="account-name"]');
    await eventually(
      () => name.textContent(),
      (t) => expect(t).to.be.a("string").and.not.match(/0x/),
    );
    expect(await name.getAttribute("title")).to.contain(cdo);
    expect(await row.getByRole("link", { name: "Open the account in the block explorer" }).getAttribute("href")).to.equal(`${EXPLORER_URL}/address/${cdo}`);
    await row.getByRole("button", { name: "Copy address" }).click();
    await row.getByRole("button", { name: "Copied address" }).waitFor();
    expect((await page.evaluate(() => navigator.clipboard.readText())).toLowerCase()).to.equal(cdo);

    // A transaction hash in the cluster's life-cycle history: copyable and linked too.
    await page.goto(`/clusters/${suite.world.demo.clusterId}/configuration`);
    const hash = page.locator("code.hash").first();
    await hash.waitFor();
    const full = (await hash.getAttribute("title"))!;
    expect(full).to.match(/^0x[0-9a-f]{64}$/);
    const holder = page.locator(".account", { has: hash }).first();
    expect(await holder.getByRole("link", { name: "Open the transaction in the block explorer" }).getAttribute("href")).to.equal(`${EXPLORER_URL}/tx/${full}`);
    await holder.getByRole("button", { name: "Copy transaction hash" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(full);
    await screenshot(page, "names-cluster");
  });

  it("searches, sorts and pages the members table, keeping the address column as addresses", async function () {
    const { page } = await suite.visit();
    await page.goto(`/clusters/${suite.world.demo.clusterId}/members`);
    const table = page.getByTestId("member-table");
    await table.locator("tbody tr").first().waitFor();
    const total = await table.locator("tbody tr[data-member]").count();
    expect(total).to.be.greaterThan(2);

    // The address column shows the address itself: the name is in the column beside it.
    const nemiga = table.locator(`tr[data-member="${NEMIGA}"]`);
    expect(await nemiga.locator("code.address").textContent()).to.equal(`${NEMIGA.slice(0, 6)}…${NEMIGA.slice(-4)}`);

    const search = page.getByRole("searchbox", { name: "Search members" });
    await search.fill("nemiga tractor");
    await eventually(
      () => table.locator("tbody tr[data-member]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-member"))),
      (rows) => expect(rows).to.deep.equal([NEMIGA]),
    );
    expect(await page.getByTestId("search-members-count").textContent()).to.equal(`1 of ${total} members`);
    // By address too, in any case.
    await search.fill(NEMIGA.slice(2, 12).toUpperCase());
    await eventually(
      () => table.locator("tbody tr[data-member]").count(),
      (n) => expect(n).to.equal(1),
    );
    await search.fill("no such member anywhere");
    await table.getByText("No member matches “no such member anywhere”.").waitFor();
    await search.fill("");

    // Sorting by name: ascending, then descending, the header saying which.
    const header = table.getByRole("columnheader", { name: /Name/ });
    await header.getByRole("button").click();
    expect(await header.getAttribute("aria-sort")).to.equal("ascending");
    const names = () => table.locator("tbody tr td:nth-child(2)").allTextContents();
    const ascending = await names();
    expect(ascending).to.deep.equal([...ascending].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" })));
    await header.getByRole("button").click();
    expect(await header.getAttribute("aria-sort")).to.equal("descending");
    expect(await names()).to.deep.equal([...ascending].reverse());
    await screenshot(page, "names-members");
  });

  it("gives a visitor without a wallet the token's units and the chain's clock, as the platform read them", async function () {
    const { world } = suite;
    const clusterId = world.demo.clusterId;
    // Setup: the members vote a settlement token (2 decimals, "CSR") in; the vote moves the chain's clock 3 days on.
    const token = await deploySettlementToken(hardhatAccount(0).connect(world.provider), hardhatAccount(0).address);
    await settlementTokenByVote(world, clusterId, token, 1, [1, 2, 3, 4, 5]);
    await world.indexed(await world.provider.getBlockNumber());

    const { page } = await suite.visit();
    await page.goto(`/clusters/${clusterId}/configuration`);
    await eventually(
      () => page.getByTestId("settlement-token").textContent(),
      (t) => expect(t).to.match(/^CSR, 2 decimals · /),
    );
    expect(await page.getByTestId("settlement-token").locator("[data-address]").getAttribute("data-address")).to.equal(token);
    // The footer's note reads the head block's time from the platform: no wallet to ask.
    await eventually(
      () => page.getByTestId("chain-clock").textContent(),
      (v) => expect(v).to.match(/\(3 days ahead of this computer\)$/),
    );
    expect(await page.locator("body").textContent()).not.to.contain(" units");
    await screenshot(page, "names-visitor-token");
  });
});
