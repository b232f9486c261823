import { expect } from "chai";
import { settlementTokenByVote } from "./governanceSteps.js";
import { deploySettlementToken } from "../../deploy/settlementToken.js";
import { ClearingHouse__factory } from "../../types/typechain/index.js";
import { confirmed, screenshot, signIn } from "./browser.js";
import { useBrowserWorld } from "./suite.js";
import { eventually } from "./eventually.js";
import { hardhatAccount, type World } from "./world.js";

// Hardhat accounts of demo cluster members (deploy/clusters/demo.json, founders in order from #1).
const NEMIGA = 1;
const INSTITUTE = 3;
const DAY = 86_400;

describe("Amounts in the settlement token's units and deadlines on the chain's clock", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();
  const open = suite.open;
  let world: World;
  before(() => {
    world = suite.world;
  });

  it("reads decimal amounts exactly, refuses extra decimals on the field, shows amounts unbroken with the symbol, deadlines relative to the chain, and the chain's clock in the footer", async function () {
    const clusterId = world.demo.clusterId;
    const cdc = hardhatAccount(0).connect(world.provider);
    const url = `/clusters/${clusterId}/clearing`;

    // Before the chain's clock moves, the footer says nothing about it.
    const creditor = await open(INSTITUTE);
    const { page, wallet } = creditor;
    await page.goto(url);
    await signIn(page);
    await page.getByTestId("my-obligations").waitFor();
    expect(await page.getByTestId("chain-clock").count()).to.equal(0);

    // Setup outside the feature under test: the cluster's members vote a settlement token (2
    // decimals, "CSR") into its configuration; the vote moves the chain's clock 3 days ahead.
    const token = await deploySettlementToken(cdc, cdc.address);
    const clearing = await settlementTokenByVote(world, clusterId, token, NEMIGA, [NEMIGA, 2, INSTITUTE, 4, 5]);
    await world.indexed(await world.provider.getBlockNumber());
    const house = ClearingHouse__factory.connect(clearing, world.provider);

    // The footer now says the chain's clock is ahead of this computer's.
    await page.reload();
    await eventually(
      () => page.getByTestId("chain-clock").textContent(),
      (v) => expect(v).to.match(/^Chain time: .+ \(3 days ahead of this computer\)$/),
    );

    // Three decimals of a 2-decimal token: the field says so, and nothing is sent.
    const sentBefore = wallet.sentTransactions.length;
    await page.getByLabel("Debtor").selectOption({ label: "Nemiga Tractor Works" });
    const amount = page.getByLabel("Amount owed to you");
    await amount.fill("12.345");
    const chainNow = (await world.provider.getBlock("latest"))!.timestamp;
    const dueDate = new Date((chainNow + 10 * DAY) * 1000).toISOString().slice(0, 10);
    await page.getByLabel("Invoice due date").fill(dueDate);
    await page.getByRole("button", { name: "Record invoice" }).click();
    expect(await page.locator("#invoice-amount-error").textContent()).to.equal("The amount has 3 decimals; CSR has 2, e.g. 1234.55.");
    expect(await amount.getAttribute("aria-invalid")).to.equal("true");
    expect(wallet.sentTransactions.length - sentBefore).to.equal(0);
    expect(await house.obligationCount()).to.equal(0n);

    // Two decimals: accepted, sent exactly in the token's smallest units, and shown back formatted.
    await amount.fill("1234.56");
    await page.getByRole("button", { name: "Record invoice" }).click();
    await confirmed(page);
    expect(await page.locator("#invoice-amount-error").count()).to.equal(0);
    expect((await house.obligation(1n)).amount).to.equal(123_456n);
    const row = page.getByTestId("my-obligations").locator('tr[data-direction="incoming"][data-status="proposed"]');
    await row.waitFor();
    const shown = row.locator(".amount").first();
    expect(await shown.textContent()).to.equal("1,234.56 CSR");
    expect(await shown.getAttribute("data-amount")).to.equal("123456");

    // The due date is 10 days ahead on the chain's clock (not this computer's, 3 days behind it).
    const relative = row.locator(".relative-time");
    expect(await relative.getAttribute("data-relative")).to.equal("future");
    expect(await relative.textContent()).to.match(/^\(in (9|10) days\)$/);
    await screenshot(page, "amounts-obligations");

    // At phone width a squeezed table still never breaks a number from its symbol, nor inside it.
    await page.setViewportSize({ width: 390, height: 844 });
    const amounts = page.getByTestId("my-obligations").locator(".amount");
    expect(await amounts.count()).to.be.greaterThan(0);
    for (const el of await amounts.all()) {
      const { whiteSpace, lines } = await el.evaluate((e) => ({ whiteSpace: getComputedStyle(e).whiteSpace, lines: e.getClientRects().length }));
      expect(whiteSpace).to.equal("nowrap");
      expect(lines, `"${await el.textContent()}" is drawn on one line`).to.equal(1);
    }
    await screenshot(page, "amounts-obligations-390");

    // The agreement form reads its amounts in the same token, and says every problem at once,
    // each on its field: nothing goes to the chain or the content store.
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`/clusters/${clusterId}/agreements`);
    const form = page.getByTestId("create-agreement");
    await form.getByRole("button", { name: "New agreement" }).click();
    const sentBeforeAgreement = wallet.sentTransactions.length;
    await page.getByLabel("Party Nemiga Tractor Works").check();
    await page.getByLabel("Total value").fill("10.001");
    await page.getByLabel("Milestone 1 deliverer").selectOption({ label: "Nemiga Tractor Works" });
    await page.getByLabel("Milestone 1 payer").selectOption({ label: "Institute of Applied Mechatronics" });
    await page.getByLabel("Milestone 1 amount").fill("12.345");
    await page.getByLabel("Milestone 1 due date").fill(dueDate);
    await page.getByRole("button", { name: "Create agreement" }).click();
    const summary = form.getByTestId("form-errors");
    await summary.waitFor();
    expect(await summary.locator("li").allTextContents()).to.deep.equal([
      "Milestone 1: the amount has 3 decimals; CSR has 2, e.g. 1234.55.",
      "The total value has 3 decimals; CSR has 2, e.g. 1234.55.",
      "Choose the terms: an anchored document, or upload a file.",
    ]);
    expect(await page.getByLabel("Milestone 1 amount").getAttribute("aria-invalid")).to.equal("true");
    expect(await page.getByLabel("Total value").getAttribute("aria-invalid")).to.equal("true");
    expect(wallet.sentTransactions.length - sentBeforeAgreement).to.equal(0);
    expect((await world.read<unknown[]>(`/api/clusters/${clusterId}/agreements`, INSTITUTE)).length).to.equal(0);
  });
});
