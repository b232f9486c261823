import { expect } from "chai";
import { ZeroHash } from "ethers";
import { createClusterFromSpec, type ClusterSpecJson } from "../../deploy/cluster.js";
import { deploySettlementToken } from "../../deploy/settlementToken.js";
import { ClearingHouse__factory } from "../../types/typechain/index.js";
import { screenshot, signIn } from "./browser.js";
import { csr, overlappingTexts } from "./clearingChecks.js";
import { eventually } from "./eventually.js";
import { useBrowserWorld } from "./suite.js";
import { CDO_DECISION_PARAMS, hardhatAccount } from "./world.js";
import { GRAPH_FLOWS as DRAWN } from "../../core/api/pageSize.js";

// A clearing cycle of more arrows than a drawing can hold (issue 13: a cycle of the large world's
// cluster has 31,284 debtor → creditor pairs): the graphs draw the largest arrows only and say
// so; the table holds every arrow, paged, sortable and searchable, with totals over all of them.

const MEMBERS = 16;
const PAIRS = 200;
const DAY = 86_400;
const CODE_WORDS = [
  "Alfa",
  "Bravo",
  "Charlie",
  "Delta",
  "Echo",
  "Foxtrot",
  "Golf",
  "Hotel",
  "India",
  "Juliett",
  "Kilo",
  "Lima",
  "Mike",
  "November",
  "Oscar",
  "Papa",
];

describe("A clearing cycle of 200 arrows, in Chromium", function () {
  this.timeout(600_000);
  const suite = useBrowserWorld();

  it("draws only the largest arrows a drawing holds, says so, and lists all 200 in a paged, sortable, searchable table", async function () {
    const world = suite.world;
    const cdc = hardhatAccount(0).connect(world.provider);
    // Members are hardhat accounts 1-16, which hold ether for their own transactions.
    const account = (i: number) => hardhatAccount(i + 1);
    // Names whose words no address or arrow number holds: a search for one finds that member only.
    const name = (i: number) => `${CODE_WORDS[i]} Works`;
    const spec: ClusterSpecJson = {
      name: "Big Cycle Test Cluster",
      cdo: hardhatAccount(17).address,
      params: { ...CDO_DECISION_PARAMS, settlementToken: await deploySettlementToken(cdc, cdc.address) },
      services: world.demo.spec.services,
      founders: Array.from({ length: MEMBERS }, (_, i) => ({
        account: account(i).address,
        name: name(i),
        kind: "enterprise" as const,
        role: "participant" as const,
      })),
    };
    const clusterId = Number((await createClusterFromSpec(cdc, world.record, spec)).clusterId);
    await world.indexed(await world.provider.getBlockNumber());
    const clearing = ((await (await fetch(`${world.baseUrl}/api/clusters/${clusterId}`)).json()) as { components: Record<string, string> }).components
      .Clearing!;

    // Pair k (creditor, debtor) owes (k + 1) × 100 base units: arrow k + 1, so the largest are the last arrows.
    const pairs: [creditor: number, debtor: number][] = [];
    for (let c = 0; c < MEMBERS && pairs.length < PAIRS; c++) for (let d = 0; d < MEMBERS && pairs.length < PAIRS; d++) if (c !== d) pairs.push([c, d]);
    const house = (i: number) => ClearingHouse__factory.connect(clearing, account(i).connect(world.provider));
    const due = BigInt((await world.provider.getBlock("latest"))!.timestamp + 90 * DAY);
    for (const [k, [creditor, debtor]] of pairs.entries()) {
      await (await house(creditor).createObligation(account(debtor).address, BigInt(k + 1) * 100n, due, ZeroHash)).wait();
      await (await house(debtor).confirmObligation(k + 1)).wait();
    }
    await world.indexed(await world.provider.getBlockNumber());
    const gross = (BigInt(PAIRS) * BigInt(PAIRS + 1) * 100n) / 2n;

    const { page } = await suite.open(1);
    await page.goto(`/clusters/${clusterId}/clearing`);
    await signIn(page);
    const open = page.getByTestId("open-cycle");
    const before = open.getByTestId("graph-before");
    await eventually(
      () => before.locator("[data-edge-label]").evaluateAll((labels) => labels.map((l) => Number(l.getAttribute("data-edge-label")))),
      (drawn) => expect(drawn).to.have.members(Array.from({ length: DRAWN }, (_, i) => PAIRS - DRAWN + 1 + i)),
      60_000,
    );
    expect(await open.getByTestId("graph-limited").textContent()).to.equal(
      `The drawings show the ${DRAWN} largest of ${PAIRS} arrows; the table lists every one.`,
    );
    expect(await overlappingTexts(before)).to.deep.equal([]);

    // The table: a page of 20, the totals over all 200. The API pages, sorts and searches it, so
    // each change shows once its answer arrives.
    const table = open.getByTestId("flow-table");
    const arrows = () => table.locator("tbody tr[data-flow]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-flow"))));
    const arrowsBecome = (check: (shown: number[]) => void) => eventually(arrows, check);
    await arrowsBecome((shown) => expect(shown).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1)));
    expect(await open.getByRole("navigation", { name: "Pages of arrows" }).textContent()).to.contain("1–20 of 200 · page 1 of 10");
    expect(await table.getByTestId("flow-totals").textContent()).to.contain(csr(gross));
    await open.getByRole("navigation", { name: "Pages of arrows" }).getByRole("button", { name: "Next" }).click();
    await arrowsBecome((shown) => expect(shown).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 21)));

    // Sorted by what is owed, largest first: the last pair's arrow leads.
    const owed = table.getByRole("button", { name: /Owed/ });
    await owed.click();
    await owed.click();
    expect(await table.locator('th[aria-sort="descending"]').textContent()).to.contain("Owed");
    await arrowsBecome((shown) => expect(shown.slice(0, 3)).to.deep.equal([PAIRS, PAIRS - 1, PAIRS - 2]));

    // Searched by a member's name: only the arrows it owes or is owed.
    const member = 3;
    await open.getByRole("searchbox", { name: "Search arrows" }).fill(CODE_WORDS[member]!);
    const involving = pairs.flatMap(([c, d], k) => (c === member || d === member ? [k + 1] : []));
    await eventually(
      () => open.getByTestId("search-arrows-count").textContent(),
      (t) => expect(t).to.equal(`${involving.length} of ${PAIRS} arrows`),
    );
    await arrowsBecome((shown) => {
      expect(shown.length).to.equal(Math.min(20, involving.length));
      expect(involving).to.include.members(shown);
    });
    await screenshot(page, "clearing-big-cycle");
  });
});
