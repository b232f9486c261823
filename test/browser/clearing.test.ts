import { expect } from "chai";
import { ZeroHash } from "ethers";
import { settlementTokenByVote } from "./governanceSteps.js";
import { deploySettlementToken, issueDeposits } from "../../deploy/settlementToken.js";
import { ClearingHouse__factory, SettlementToken__factory } from "../../types/typechain/index.js";
import { confirmed, screenshot, signIn } from "./browser.js";
import { useBrowserWorld } from "./suite.js";
import { eventually } from "./eventually.js";
import { hardhatAccount, type World } from "./world.js";

// Hardhat accounts of demo cluster members (deploy/clusters/demo.json, founders in order from #1).
const NEMIGA = 1;
const SVISLOCH = 2;
const INSTITUTE = 3;
const DAY = 86_400;

/** An amount of the test's settlement token (2 decimals, "CSR") as the page shows it to an en-US reader. */
function csr(base: bigint | string | number): string {
  const v = BigInt(base);
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? "−" : ""}${(abs / 100n).toLocaleString("en-US")}.${String(abs % 100n).padStart(2, "0")} CSR`;
}

describe("Clearing in the web app, through a whole cycle", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();
  const open = suite.open;
  let world: World;
  before(() => {
    world = suite.world;
  });

  it("confirms obligations, submits the optimal set-off, funds the net position and lets the creditor withdraw", async function () {
    const clusterId = world.demo.clusterId;
    const cdc = hardhatAccount(0).connect(world.provider);
    const signer = (i: number) => hardhatAccount(i).connect(world.provider);
    const address = (i: number) => hardhatAccount(i).address.toLowerCase();

    // Setup outside the feature under test: a settlement token in the cluster's configuration,
    // deposits for the net debtor, and a triangle of confirmed debts A -> B -> C -> A of 100.
    const token = await deploySettlementToken(cdc, cdc.address);
    await issueDeposits(cdc, token, [hardhatAccount(NEMIGA).address], 1_000n);
    // The token is the cluster's decision: a passed proposal of its own members sets it.
    const clearingAddress = await settlementTokenByVote(world, clusterId, token, NEMIGA, [NEMIGA, SVISLOCH, INSTITUTE, 4, 5]);
    const house = (i: number) => ClearingHouse__factory.connect(clearingAddress, signer(i));
    const due = BigInt(Math.floor(Date.now() / 1000) + 60 * DAY);
    for (const [creditor, debtor] of [
      [SVISLOCH, NEMIGA],
      [INSTITUTE, SVISLOCH],
      [NEMIGA, INSTITUTE],
    ]) {
      await (await house(creditor).createObligation(address(debtor), 100n, due, ZeroHash)).wait();
      const id = await house(creditor).obligationCount();
      await (await house(debtor).confirmObligation(id)).wait();
    }
    await world.indexed(await world.provider.getBlockNumber());
    const url = `/clusters/${clusterId}/clearing`;

    // The creditor invoices the debtor in the page; the debtor confirms it in its own.
    const creditor = await open(INSTITUTE);
    await creditor.page.goto(url);
    await signIn(creditor.page);
    await creditor.page.getByLabel("Debtor").selectOption({ label: "Nemiga Tractor Works" });
    await creditor.page.getByLabel("Amount owed to you").fill("0.50");
    await creditor.page.getByLabel("Invoice due date").fill("2027-02-28");
    await creditor.page.getByRole("button", { name: "Record invoice" }).click();
    await confirmed(creditor.page);

    const debtor = await open(NEMIGA);
    const { page } = debtor;
    await page.goto(url);
    await signIn(page);
    const mine = page.getByTestId("my-obligations");
    const invoice = mine.locator('tr[data-direction="outgoing"][data-status="proposed"]');
    await invoice.waitFor();
    expect(await invoice.textContent())
      .to.contain("Institute of Applied Mechatronics")
      .and.to.contain(csr(50));
    await screenshot(page, "clearing-my-obligations");
    await invoice.getByRole("button", { name: "Confirm" }).click();
    await confirmed(page);
    await eventually(
      () => mine.locator('tr[data-status="confirmed"]').count(),
      (v) => expect(v).to.equal(3),
    );
    await eventually(
      () => page.getByTestId("open-cycle").textContent(),
      (v) => expect(v).to.contain("4 so far"),
    );

    // The cutoff passes: close the cycle, submit the optimal set-off with the wallet.
    await world.travel(31 * DAY);
    await page.reload();
    await page.getByRole("button", { name: "Close cycle" }).click();
    const cycle = page.getByTestId("clearing-cycle");
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("proposing"),
      60_000,
    );
    const optimal = cycle.getByTestId("optimal-proposal");
    await eventually(
      () => optimal.textContent(),
      (v) => expect(v).to.contain(`Optimal set-off: ${csr(300)}`),
    );
    await optimal.getByRole("button", { name: "Submit optimal proposal" }).click();
    await confirmed(page);
    await eventually(
      () => cycle.getByTestId("standing-total").textContent(),
      (v) => expect(v).to.match(new RegExp(`^${csr(300).replace(".", "\\.")} by`)),
    );
    await screenshot(page, "clearing-proposal");

    // The challenge window ends: apply the set-off, then fund the remaining net position.
    await world.travel(4 * DAY);
    await page.reload();
    await cycle.getByRole("button", { name: "Apply set-off" }).click();
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("funding"),
      60_000,
    );
    const chart = cycle.getByTestId("net-positions-chart");
    await eventually(
      () => chart.locator("g[data-member]").count(),
      (v) => expect(v).to.equal(2),
    );
    expect(await chart.locator(`g[data-member="${address(NEMIGA)}"]`).getAttribute("data-net")).to.equal("-50");
    expect(await chart.locator(`g[data-member="${address(INSTITUTE)}"]`).getAttribute("data-net")).to.equal("50");
    await screenshot(page, "clearing-funding");
    await cycle.getByRole("button", { name: `Fund ${csr(50)}` }).click();
    await eventually(
      () => page.getByTestId("past-cycles").locator('tr[data-cycle="1"]').getAttribute("data-phase"),
      (v) => expect(v).to.equal("settled"),
      60_000,
    );

    // The net creditor withdraws; the past cycle reports its liquidity saving.
    await creditor.page.reload();
    const settled = creditor.page.locator('[data-testid="clearing-cycle"][data-cycle="1"]');
    await settled.getByRole("button", { name: `Withdraw ${csr(50)}` }).click();
    await confirmed(creditor.page);
    const token20 = SettlementToken__factory.connect(token, world.provider);
    expect(await token20.balanceOf(address(INSTITUTE))).to.equal(50n);
    const past = creditor.page.getByTestId("past-cycles").locator('tr[data-cycle="1"]');
    expect(await past.locator("[data-saving]").textContent()).to.match(/^\d+(\.\d+)? %$/);
    expect(await past.textContent())
      .to.contain(csr(350))
      .and.to.contain(csr(300));
    await screenshot(creditor.page, "clearing-settled");
  });

  it("applies a standing proposal of several chunks from its stored lines, one transaction per chunk, showing the progress", async function () {
    const clusterId = world.demo.clusterId;
    const signer = (i: number) => hardhatAccount(i).connect(world.provider);
    const address = (i: number) => hardhatAccount(i).address.toLowerCase();
    const detail = (await (await fetch(`${world.baseUrl}/api/clusters/${clusterId}`)).json()) as { components: Record<string, string> };
    const house = (i: number) => ClearingHouse__factory.connect(detail.components.Clearing, signer(i));

    // Setup outside the feature under test: 18 triangles of 10 and an extra 5, the cycle closed,
    // and a proposal of more than MAX_CHUNK_LINES lines submitted in chunks by a member.
    const due = BigInt(Math.floor(Date.now() / 1000) + 120 * DAY);
    const owe = async (creditor: number, debtor: number, amount: bigint) => {
      await (await house(creditor).createObligation(address(debtor), amount, due, ZeroHash)).wait();
      await (await house(debtor).confirmObligation(await house(creditor).obligationCount())).wait();
    };
    for (let i = 0; i < 18; i++) {
      await owe(SVISLOCH, NEMIGA, 10n);
      await owe(INSTITUTE, SVISLOCH, 10n);
      await owe(NEMIGA, INSTITUTE, 10n);
    }
    await owe(SVISLOCH, NEMIGA, 5n);
    const cycleNumber = Number(await house(NEMIGA).openCycle());
    const { cutoff } = await house(NEMIGA).cycleInfo(cycleNumber);
    const latest = (await world.provider.getBlock("latest"))!.timestamp;
    await world.travel(Number(cutoff) - latest + 1);
    await (await house(NEMIGA).closeCycle()).wait();
    await world.indexed(await world.provider.getBlockNumber());
    const solution = await world.read<{ total: string; cancellations: { obligationId: number; amount: string }[] }>(
      `/api/clusters/${clusterId}/clearing/cycles/${cycleNumber}/solution`,
      NEMIGA,
    );
    const max = Number(await house(SVISLOCH).MAX_CHUNK_LINES());
    expect(solution.cancellations.length)
      .to.be.above(max)
      .and.at.most(2 * max);
    await (await house(SVISLOCH).beginProposal(cycleNumber)).wait();
    const proposalId = await house(SVISLOCH).proposalCount();
    for (const chunk of [solution.cancellations.slice(0, max), solution.cancellations.slice(max)]) {
      await (await house(SVISLOCH).addChunk(proposalId, chunk)).wait();
    }
    await (await house(SVISLOCH).finalizeProposal(proposalId)).wait();
    await world.travel(4 * DAY);

    const { page, wallet } = await open(INSTITUTE);
    await page.goto(`/clusters/${clusterId}/clearing`);
    await signIn(page);
    const cycle = page.locator(`[data-testid="clearing-cycle"][data-cycle="${cycleNumber}"]`);
    await eventually(
      () => cycle.getByTestId("standing-total").textContent(),
      (v) => expect(v).to.match(new RegExp(`^${csr(solution.total).replace(".", "\\.")} by`)),
    );
    expect(await cycle.getByTestId("apply-progress").textContent()).to.equal("2 chunks, one transaction each");
    const sentBefore = wallet.sentTransactions.length;
    await cycle.getByRole("button", { name: "Apply set-off" }).click();
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("funding"),
      60_000,
    );
    expect(wallet.sentTransactions.length - sentBefore).to.equal(2);
    expect(await page.locator('[data-tx-phase="confirmed"]').last().textContent()).to.contain("Apply the set-off: chunk 2 of 2");
    const applied = await house(NEMIGA).proposal(proposalId);
    expect(applied.appliedChunks).to.equal(2n);
    await screenshot(page, "clearing-applied-in-chunks");
  });
  it("unwinds a cycle whose net debtor does not fund: records the default, submits and applies the least unwind, and offers an expulsion vote", async function () {
    const clusterId = world.demo.clusterId;
    const detail = (await (await fetch(`${world.baseUrl}/api/clusters/${clusterId}`)).json()) as { components: Record<string, string> };
    const house = ClearingHouse__factory.connect(detail.components.Clearing, hardhatAccount(NEMIGA).connect(world.provider));
    const address = (i: number) => hardhatAccount(i).address.toLowerCase();

    // Setup outside the feature under test: the test before left its cycle funding, where
    // Nemiga owes a net 5 to Svisloch; Nemiga never funds and the deadline passes.
    const cycleNumber = Number(await house.openCycle()) - 1;
    const { fundingDeadline, phase } = await house.cycleInfo(cycleNumber);
    expect(phase).to.equal(4n); // Funding
    const latest = (await world.provider.getBlock("latest"))!.timestamp;
    await world.travel(Number(fundingDeadline) - latest + 1);

    const { page } = await open(SVISLOCH);
    await page.goto(`/clusters/${clusterId}/clearing`);
    await signIn(page);
    const cycle = page.locator(`[data-testid="clearing-cycle"][data-cycle="${cycleNumber}"]`);
    await cycle.getByRole("button", { name: "Declare default" }).click();
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("unwinding"),
      60_000,
    );
    expect(await cycle.getByTestId("unwinding").textContent()).to.contain(`fell short by ${csr(5)}`);

    await cycle.getByRole("button", { name: "Record default of Nemiga Tractor Works" }).click();
    const defaults = page.getByTestId("clearing-defaults");
    const row = defaults.locator(`tr[data-default-member="${address(NEMIGA)}"]`);
    await eventually(
      () => row.count(),
      (v) => expect(v).to.equal(1),
      60_000,
    );
    expect(await row.textContent())
      .to.contain("Nemiga Tractor Works")
      .and.to.contain(String(cycleNumber));

    const least = cycle.getByTestId("least-unwind");
    await eventually(
      () => least.textContent(),
      (v) => expect(v).to.contain(`Least unwind: ${csr(5)}`),
    );
    await least.getByRole("button", { name: "Submit least unwind" }).click();
    await confirmed(page);
    await eventually(
      () => cycle.getByTestId("standing-total").textContent(),
      (v) => expect(v).to.match(new RegExp(`^${csr(5).replace(".", "\\.")} to roll over by`)),
    );
    await screenshot(page, "clearing-unwinding");

    // The challenge window ends: anyone applies the unwind; the cycle settles, what rolled is owed in the next one.
    await world.travel(4 * DAY);
    await page.reload();
    await cycle.getByRole("button", { name: "Apply unwind" }).click();
    const past = page.getByTestId("past-cycles").locator(`tr[data-cycle="${cycleNumber}"]`);
    await eventually(
      () => past.getAttribute("data-phase"),
      (v) => expect(v).to.equal("settled"),
      60_000,
    );
    expect(await past.textContent()).to.contain(`settled in part · ${csr(5)} rolled → ${cycleNumber + 1}`);
    const rolled = await house.obligation(await house.obligationCount());
    expect([rolled.cycle, rolled.outstanding]).to.deep.equal([BigInt(cycleNumber + 1), 5n]);

    // The cluster acts on the default by its own vote: the proposal form opens preset.
    await row.getByRole("link", { name: "Propose expulsion" }).click();
    await page.waitForURL(/\/proposals\?propose=expulsion/);
    expect(await page.locator("#proposal-kind").inputValue()).to.equal("expulsion");
    await eventually(
      () => page.locator("#proposal-member").inputValue(),
      (v) => expect(v).to.equal(address(NEMIGA)),
    );
    await screenshot(page, "clearing-default-expulsion");
  });

  it("shows a standing proposal's apply deadline and lets a member make it lapse once nobody applied it by then", async function () {
    const clusterId = world.demo.clusterId;
    const signer = (i: number) => hardhatAccount(i).connect(world.provider);
    const address = (i: number) => hardhatAccount(i).address.toLowerCase();
    const detail = (await (await fetch(`${world.baseUrl}/api/clusters/${clusterId}`)).json()) as { components: Record<string, string> };
    const house = (i: number) => ClearingHouse__factory.connect(detail.components.Clearing, signer(i));
    const latest = async () => (await world.provider.getBlock("latest"))!.timestamp;

    // Setup outside the feature under test: the cycle left funding by the test before defaults,
    // a triangle of 10 joins the next cycle, which closes, and a member proposes its set-off
    // without ever applying it; the window and the apply period pass.
    const funding = Number(await house(NEMIGA).openCycle()) - 1;
    const { fundingDeadline, phase } = await house(NEMIGA).cycleInfo(funding);
    if (phase === 4n) {
      await world.travel(Number(fundingDeadline) - (await latest()) + 1);
      await (await house(NEMIGA).declareDefault(funding)).wait();
      // Nobody proposes an unwind: past its propose-by time, it defaults in full.
      await world.travel(Number((await house(NEMIGA).cycleInfo(funding)).unwindProposeBy) - (await latest()) + 1);
      await (await house(NEMIGA).declareDefault(funding)).wait();
    }
    const due = BigInt((await latest()) + 120 * DAY);
    for (const [creditor, debtor] of [
      [SVISLOCH, NEMIGA],
      [INSTITUTE, SVISLOCH],
      [NEMIGA, INSTITUTE],
    ]) {
      await (await house(creditor).createObligation(address(debtor), 10n, due, ZeroHash)).wait();
      await (await house(debtor).confirmObligation(await house(creditor).obligationCount())).wait();
    }
    const cycleNumber = Number(await house(NEMIGA).openCycle());
    await world.travel(Number((await house(NEMIGA).cycleInfo(cycleNumber)).cutoff) - (await latest()) + 1);
    await (await house(NEMIGA).closeCycle()).wait();
    await world.indexed(await world.provider.getBlockNumber());
    const solution = await world.read<{ cancellations: { obligationId: number; amount: string }[] }>(
      `/api/clusters/${clusterId}/clearing/cycles/${cycleNumber}/solution`,
      NEMIGA,
    );
    await (await house(SVISLOCH).propose(cycleNumber, solution.cancellations)).wait();
    const { applyDeadline } = await house(NEMIGA).cycleInfo(cycleNumber);
    await world.travel(Number(applyDeadline) - (await latest()) + 1);

    const { page } = await open(INSTITUTE);
    await page.goto(`/clusters/${clusterId}/clearing`);
    await signIn(page);
    const cycle = page.locator(`[data-testid="clearing-cycle"][data-cycle="${cycleNumber}"]`);
    await eventually(
      () => cycle.getByTestId("apply-deadline").textContent(),
      (v) => expect(v).to.contain("anyone may let it lapse"),
    );
    await cycle.getByRole("button", { name: "Lapse set-off" }).click();
    await eventually(
      () => cycle.getAttribute("data-phase"),
      (v) => expect(v).to.equal("funding"),
      60_000,
    );
    expect(await cycle.getByTestId("standing-total").textContent()).to.contain("lapsed unapplied");
    expect(await cycle.getByTestId("apply-deadline").count()).to.equal(0);
    expect((await house(NEMIGA).cycleInfo(cycleNumber)).setOffLapsed).to.equal(true);
    await screenshot(page, "clearing-lapsed");
  });
});
