import { join } from "node:path";
import { expect } from "chai";
import { ZeroHash } from "ethers";
import type { Page } from "playwright-core";
import { axeViolations, describeViolations } from "./axe.js";
import { settlementTokenByVote } from "./governanceSteps.js";
import { deploySettlementToken, issueDeposits } from "../../deploy/settlementToken.js";
import { ClearingHouse__factory, SettlementToken__factory } from "../../types/typechain/index.js";
import { confirmed, screenshot, signIn } from "./browser.js";
import { useBrowserWorld } from "./suite.js";
import { eventually } from "./eventually.js";
import { ARTIFACTS, hardhatAccount } from "./world.js";
import { csr, overlappingTexts } from "./clearingChecks.js";

// Clearing in full view: the cycle's obligations drawn as a graph before the set-off, what the
// set-off cancels and what remains, and the history of settled cycles in full; amounts never
// cover names or each other, nothing is refused (no HTTP error) on a visit after a set-off, and
// it all reads at 390 px and passes axe-core.

// Demo cluster members (deploy/clusters/demo.json, founders in order from #1).
const NEMIGA = 1;
const SVISLOCH = 2;
const INSTITUTE = 3;
const POLESIE = 4;
const BEREZINA = 5;
const DAY = 86_400;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 1000 };

/** Every answer of 400 or more the page receives from now on. */
function failedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return failed;
}

/** Neither wider than the screen nor failing axe-core, on the page as it stands. */
async function problems(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  if (scrollWidth > innerWidth) found.push(`${where}: the page is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
  const violations = await axeViolations(page);
  if (violations.length) found.push(describeViolations(where, violations));
  return found;
}

describe("Clearing in full view: obligations graph, the set-off, the history of settled cycles", function () {
  this.timeout(600_000);
  const suite = useBrowserWorld();

  it("draws the obligations before and after the set-off, keeps amounts off names, and shows settled cycles in full with no refused request", async function () {
    const world = suite.world;
    const clusterId = world.demo.clusterId;
    const cdc = hardhatAccount(0).connect(world.provider);
    const signer = (i: number) => hardhatAccount(i).connect(world.provider);
    const address = (i: number) => hardhatAccount(i).address.toLowerCase();
    const latest = async () => (await world.provider.getBlock("latest"))!.timestamp;

    // Setup outside the feature under test: a settlement token with deposits, and confirmed
    // obligations among five members, two pairs owing each other both ways.
    const token = await deploySettlementToken(cdc, cdc.address);
    const everyone = [NEMIGA, SVISLOCH, INSTITUTE, POLESIE, BEREZINA];
    await issueDeposits(
      cdc,
      token,
      everyone.map((i) => hardhatAccount(i).address),
      100_000n,
    );
    const clearingAddress = await settlementTokenByVote(world, clusterId, token, NEMIGA, everyone);
    const house = (i: number) => ClearingHouse__factory.connect(clearingAddress, signer(i));
    const due = BigInt((await latest()) + 90 * DAY);
    const debts: [creditor: number, debtor: number, amount: bigint][] = [
      [SVISLOCH, NEMIGA, 12_000n],
      [INSTITUTE, SVISLOCH, 10_000n],
      [NEMIGA, INSTITUTE, 9_000n],
      [SVISLOCH, INSTITUTE, 2_500n],
      [NEMIGA, POLESIE, 4_000n],
      [POLESIE, BEREZINA, 2_500n],
      [BEREZINA, NEMIGA, 2_000n],
      [POLESIE, NEMIGA, 3_000n],
    ];
    for (const [creditor, debtor, amount] of debts) {
      await (await house(creditor).createObligation(address(debtor), amount, due, ZeroHash)).wait();
      await (await house(debtor).confirmObligation(await house(creditor).obligationCount())).wait();
    }
    const cycleNumber = Number(await house(NEMIGA).openCycle());
    await world.indexed(await world.provider.getBlockNumber());
    const url = `/clusters/${clusterId}/clearing`;

    // Before signing in nothing member-only is asked (it would only be refused).
    const { page } = await suite.open(INSTITUTE);
    const failed = failedResponses(page);
    await page.goto(url);
    await page.getByTestId("members-only").waitFor();
    await signIn(page);

    // The open cycle: its obligations so far, as a graph with numbered arrows and a table.
    const open = page.getByTestId("open-cycle");
    const before = open.getByTestId("graph-before");
    await eventually(
      () => before.locator("[data-edge-label]").count(),
      (v) => expect(v).to.equal(debts.length),
    );
    expect(await before.locator("[data-node] text").allTextContents()).to.have.members([
      "Nemiga Tractor Works",
      "Svisloch Engine Plant",
      "Institute of Applied Mechatronics",
      "Polesie Metal Castings",
      "Berezina Hydraulics",
    ]);
    expect(await overlappingTexts(before)).to.deep.equal([]);
    const firstFlow = open.locator('[data-testid="flow-table"] tr[data-flow="1"]');
    expect(await firstFlow.getAttribute("data-owed")).to.equal("12000");
    expect(await before.locator('[data-edge-label="1"]').textContent()).to.equal(`1: ${csr(12_000)}`);
    expect(failed, "responses of 400 and above before and after signing in").to.deep.equal([]);
    await screenshot(page, "clearing-view-open-cycle");

    // The cutoff passes; the member closes the cycle and sees what the optimal set-off would cancel.
    await world.travel(Number((await house(NEMIGA).cycleInfo(cycleNumber)).cutoff) - (await latest()) + 1);
    await page.reload();
    await page.getByRole("button", { name: "Close cycle" }).click();
    const cycle = page.locator(`[data-testid="clearing-cycle"][data-cycle="${cycleNumber}"]`);
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("proposing"),
      60_000,
    );
    const after = cycle.getByTestId("graph-after");
    await after.waitFor();
    expect(await after.locator("figcaption").textContent()).to.equal("What remains after the optimal set-off (not applied yet)");
    const totals = cycle.getByTestId("set-off-totals");
    const solution = await world.read<{ total: string; report: { gross: string } }>(
      `/api/clusters/${clusterId}/clearing/cycles/${cycleNumber}/solution`,
      INSTITUTE,
    );
    const gross = debts.reduce((s, [, , a]) => s + a, 0n);
    expect(solution.report.gross).to.equal(gross.toString());
    expect(await totals.textContent()).to.contain(`Gross ${csr(gross)}, the optimum cancels ${csr(solution.total)}`);
    for (const graph of [cycle.getByTestId("graph-before"), after]) expect(await overlappingTexts(graph)).to.deep.equal([]);
    await screenshot(page, "clearing-view-proposing");

    // Submit and, after the challenge window, apply the set-off in the page.
    await cycle.getByTestId("optimal-proposal").getByRole("button", { name: "Submit optimal proposal" }).click();
    await confirmed(page);
    await world.travel(4 * DAY);
    await page.reload();
    await cycle.getByRole("button", { name: "Apply set-off" }).click();
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("funding"),
      60_000,
    );
    await eventually(
      () => cycle.getByTestId("graph-after").locator("figcaption").textContent(),
      (v) => expect(v).to.equal("What remains after the set-off"),
    );
    const cancelled = BigInt(solution.total);
    const percent = Number((cancelled * 10_000n) / gross) / 100;
    expect(await cycle.getByTestId("set-off-totals").textContent()).to.equal(
      `Gross ${csr(gross)}, cancelled ${csr(cancelled)}, remaining ${csr(gross - cancelled)}: obligations reduced by ${percent.toLocaleString("en-US", { maximumFractionDigits: 2 })} %.`,
    );
    // The table's page comes from the API: its sum is checked once it has arrived.
    const cancelledCells = cycle.locator('[data-testid="flow-table"] tbody tr[data-flow]');
    await eventually(
      async () =>
        (await cancelledCells.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-cancelled") ?? "0"))).reduce((s, v) => s + BigInt(v || "0"), 0n),
      (sum) => expect(sum).to.equal(cancelled),
    );

    // A visit after the set-off: every request the page makes is answered (nothing refused, no 409).
    failed.splice(0);
    await page.reload();
    await cycle.getByTestId("graph-after").waitFor();
    await page.getByTestId("past-cycles").waitFor();
    await page.waitForTimeout(1500);
    await page.goto(`/clusters/${clusterId}/members`);
    await page.getByRole("link", { name: "Clearing", exact: true }).first().click();
    await cycle.getByTestId("graph-after").waitFor();
    await page.waitForTimeout(1500);
    expect(failed, "responses of 400 and above on a visit after the set-off").to.deep.equal([]);
    for (const graph of [cycle.getByTestId("graph-before"), cycle.getByTestId("graph-after")]) expect(await overlappingTexts(graph)).to.deep.equal([]);
    const found = await problems(page, "funding at 1400 px");
    await screenshot(page, "clearing-view-after-set-off");
    await cycle.locator(".graph-pair").screenshot({ path: join(ARTIFACTS, "clearing-view-graphs.png") });
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    found.push(...(await problems(page, "funding at 390 px")));
    for (const graph of [cycle.getByTestId("graph-before"), cycle.getByTestId("graph-after")]) expect(await overlappingTexts(graph)).to.deep.equal([]);
    await screenshot(page, "clearing-view-after-set-off-390");
    await page.setViewportSize(DESKTOP);

    // Setup: every net debtor funds, so the cycle settles; one net creditor withdraws, the other does not yet.
    const positions = await world.read<{ current: { positions: { member: string; net: string }[] } }>(`/api/clusters/${clusterId}/clearing`, INSTITUTE);
    const accountOf = (member: string) => everyone.find((i) => address(i) === member)!;
    for (const p of positions.current.positions.filter((x) => BigInt(x.net) < 0n)) {
      const who = accountOf(p.member);
      await (await SettlementToken__factory.connect(token, signer(who)).approve(clearingAddress, -BigInt(p.net))).wait();
      await (await house(who).fund(cycleNumber)).wait();
    }
    const creditors = positions.current.positions.filter((x) => BigInt(x.net) > 0n);
    expect(creditors.length).to.be.above(1);
    await (await house(accountOf(creditors[0]!.member)).withdraw(cycleNumber)).wait();
    await world.indexed(await world.provider.getBlockNumber());

    // The history: the settled cycle, in full on demand.
    failed.splice(0);
    await page.reload();
    const history = page.getByTestId("past-cycles");
    const row = history.locator(`tr[data-cycle="${cycleNumber}"]`);
    await eventually(
      () => row.getAttribute("data-phase"),
      (v) => expect(v).to.equal("settled"),
    );
    await row.getByRole("button", { name: `Show cycle ${cycleNumber} in full` }).click();
    const full = history.locator(`[data-cycle-detail="${cycleNumber}"]`);
    const memberRows = full.locator('[data-testid="cycle-positions"] tbody tr');
    await eventually(
      () => memberRows.count(),
      (v) => expect(v).to.equal(positions.current.positions.length),
    );
    const withdrawn = full.locator(`[data-testid="cycle-positions"] tr[data-member="${creditors[0]!.member}"]`);
    expect(await withdrawn.getAttribute("data-withdrawn")).to.equal(creditors[0]!.net);
    expect(await full.locator(`[data-testid="cycle-positions"] tr[data-member="${creditors[1]!.member}"]`).textContent()).to.contain("not withdrawn yet");
    // A cycle of a large cluster has a position per member: the table finds one by its address.
    await full.getByRole("searchbox", { name: "Search positions" }).fill(creditors[1]!.member.slice(2, 14).toUpperCase());
    await eventually(
      () => memberRows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-member"))),
      (v) => expect(v).to.deep.equal([creditors[1]!.member]),
    );
    await eventually(
      () => full.getByTestId("set-off-totals").textContent(),
      (v) => expect(v).to.contain(`cancelled ${csr(cancelled)}`),
    );
    for (const graph of [full.getByTestId("graph-before"), full.getByTestId("graph-after")]) expect(await overlappingTexts(graph)).to.deep.equal([]);
    expect(await row.getByRole("button", { name: `Hide cycle ${cycleNumber} in full` }).getAttribute("aria-expanded")).to.equal("true");
    found.push(...(await problems(page, "history at 1400 px")));
    await full.scrollIntoViewIfNeeded();
    await screenshot(page, "clearing-view-history");
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    found.push(...(await problems(page, "history at 390 px")));
    await screenshot(page, "clearing-view-history-390");
    expect(failed, "responses of 400 and above on a visit after settlement").to.deep.equal([]);
    expect(found, found.join("\n")).to.deep.equal([]);
  });
});
