import { expect } from "chai";
import { hexlify, id as keccakText, randomBytes } from "ethers";
import type { Page } from "playwright-core";
import { AgreementRegistry__factory, DocumentRegistry__factory } from "../../types/typechain/index.js";
import { axeViolations, describeViolations } from "./axe.js";
import { confirmed, screenshot } from "./browser.js";
import { eventually } from "./eventually.js";
import { signedInOn } from "./governanceSteps.js";
import { components, setup } from "./chainSetup.js";
import { nothingSent } from "./formChecks.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// The CDO's network tools on a cluster's Network tab: the CDO (hardhat #9 in
// deploy/clusters/demo.json) adds a partner, draws a link and removes it; a member sees no
// editing controls; a link an agreement draws names its agreement.

const CDO = 9;
const NEMIGA = 1; // a founder, core member
const SVISLOCH = 2; // Svisloch Engine Plant
const POLESIE = 4; // Polesie Metal Castings
const BEREZINA_NODE = 5; // Berezina Hydraulics' node id (founders are nodes 1..8)
const PHONE = { width: 390, height: 844 };

const networkPath = (world: World) => `/clusters/${world.demo.clusterId}/network`;

/** The page is no wider than its viewport and axe-core finds nothing. */
async function fitsAndAccessible(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${where}: page width`).to.be.at.most(innerWidth);
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).to.deep.equal([]);
}

describe("The CDO's network tools on the Network tab, driven in Chromium with a signing wallet", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();

  it("lets the CDO add a partner, draw a link from it to a member by clicking both, and remove the link again", async function () {
    const { world } = suite;
    const { page, wallet } = await signedInOn(suite, CDO, networkPath(world));
    const diagram = page.getByTestId("network-diagram");
    await diagram.waitFor();
    await page.getByRole("button", { name: "Edit network" }).click();
    const editor = page.getByTestId("network-editor");

    const partnerForm = editor.getByRole("form", { name: "Add a partner" });
    await partnerForm.getByLabel("Partner's name").fill("Dvina Bearings");
    await partnerForm.getByRole("button", { name: "Add partner" }).click();
    await confirmed(partnerForm);
    expect(await partnerForm.getByLabel("Partner's name").inputValue(), "the form is reset").to.equal("");
    const partner = diagram.locator('g[data-node-type="partner"]', { hasText: "Dvina Bearings" });
    await partner.waitFor();
    const partnerId = Number(await partner.getAttribute("data-node-id"));

    // Two partners are outside the cluster: the contract refuses the link (PartnersOnlyLink), so the browser does.
    const linkForm = editor.getByRole("form", { name: "Add a link" });
    await linkForm.getByLabel("From", { exact: true }).selectOption({ label: "#9 Vistula Steel Supply" });
    await linkForm.getByLabel("To", { exact: true }).selectOption(String(partnerId));
    await linkForm.getByLabel("Flow").selectOption({ label: "Material goods" });
    await linkForm.getByRole("button", { name: "Add link" }).click();
    expect(await linkForm.getByTestId("form-errors").textContent()).to.contain(
      "“Vistula Steel Supply” and “Dvina Bearings” are both outside the cluster; a link needs a member at one end at least.",
    );
    expect(wallet.sentTransactions, "only the partner was sent").to.have.length(1);

    // Two clicks on the drawing choose the ends: the partner first (From), then the member (To).
    // The node's number sits on top of its shape: that is where a person clicks.
    await partner.locator(".node-id").click();
    await diagram.locator(`g[data-node-id="${BEREZINA_NODE}"] .node-id`).click();
    expect(await linkForm.getByLabel("From", { exact: true }).inputValue()).to.equal(String(partnerId));
    expect(await linkForm.getByLabel("To", { exact: true }).inputValue()).to.equal(String(BEREZINA_NODE));
    expect(await partner.getAttribute("data-picked")).to.equal("from");
    expect(await linkForm.getByTestId("form-errors").count(), "the choice cleared the errors").to.equal(0);
    await linkForm.getByLabel("Cluster activity").uncheck();
    await screenshot(page, "browser/network-editing/cdo-editor-desktop");
    await linkForm.getByRole("button", { name: "Add link" }).click();
    await confirmed(linkForm);

    const table = page.getByTestId("link-table");
    const row = table.locator("tr[data-link-id]", { hasText: "Dvina Bearings" });
    await row.waitFor();
    const linkId = await row.getAttribute("data-link-id");
    expect(await row.textContent())
      .to.contain("Berezina Hydraulics")
      .and.contain("Material goods")
      .and.contain("No (drawn dashed)")
      .and.contain("The CDO");
    const drawn = diagram.locator(`path[data-link-id="${linkId}"]`);
    expect(await drawn.getAttribute("data-kind")).to.equal("material");
    expect(await drawn.getAttribute("data-cluster-activity")).to.equal("false");

    await page.setViewportSize(PHONE);
    await fitsAndAccessible(page, "the CDO's network tab with the editor open at 390 px");
    await screenshot(page, "browser/network-editing/cdo-editor-390");
    await page.setViewportSize({ width: 1400, height: 1000 });

    const sentBefore = wallet.sentTransactions.length;
    await row.getByRole("button", { name: `Remove link #${linkId}` }).click();
    // Nothing is sent before the confirmation.
    await row.getByRole("button", { name: "Keep it" }).click();
    expect(wallet.sentTransactions.length, "nothing sent on Keep it").to.equal(sentBefore);
    await row.getByRole("button", { name: `Remove link #${linkId}` }).click();
    await row.getByRole("button", { name: "Confirm removal" }).click();
    await confirmed(page.locator(".card", { has: table }));
    await eventually(
      () => table.locator(`tr[data-link-id="${linkId}"]`).count(),
      (n) => expect(n, "the row is gone").to.equal(0),
    );
    expect(await drawn.count(), "the drawing no longer shows it").to.equal(0);
    await screenshot(page, "browser/network-editing/cdo-link-removed");
  });

  it("refuses a link from a node to itself and a nameless partner in the browser, sending nothing", async function () {
    const { world } = suite;
    const session = await signedInOn(suite, CDO, networkPath(world));
    const { page } = session;
    await page.getByRole("button", { name: "Edit network" }).click();
    const editor = page.getByTestId("network-editor");

    const partnerForm = editor.getByRole("form", { name: "Add a partner" });
    await partnerForm.getByLabel("Partner's name").fill("   ");
    await partnerForm.getByRole("button", { name: "Add partner" }).click();
    expect(await partnerForm.getByTestId("form-errors").textContent()).to.contain("The partner's name is required.");
    expect(await partnerForm.getByLabel("Partner's name").getAttribute("aria-invalid")).to.equal("true");

    const linkForm = editor.getByRole("form", { name: "Add a link" });
    await linkForm.getByLabel("From", { exact: true }).selectOption(String(BEREZINA_NODE));
    await linkForm.getByLabel("To", { exact: true }).selectOption(String(BEREZINA_NODE));
    await linkForm.getByRole("button", { name: "Add link" }).click();
    await eventually(
      () => linkForm.getByTestId("form-errors").textContent(),
      (t) =>
        expect(t)
          .to.contain("A link joins two different nodes; “Berezina Hydraulics” is already the From end.")
          .and.contain("Choose what flows along the link."),
    );
    expect(await linkForm.getByLabel("To", { exact: true }).getAttribute("aria-invalid")).to.equal("true");
    nothingSent(session, { sent: 0, calls: 0 });
    await screenshot(page, "browser/network-editing/cdo-refused");
  });

  it("shows a member who is not the CDO no editing controls", async function () {
    const { world } = suite;
    const { page } = await signedInOn(suite, NEMIGA, networkPath(world));
    const table = page.getByTestId("link-table");
    await table.waitFor();
    expect(await page.getByRole("button", { name: "Edit network" }).count()).to.equal(0);
    expect(await page.getByTestId("network-editor").count()).to.equal(0);
    // The table's only buttons sort it.
    expect(await table.getByRole("button", { name: /^Remove/ }).count(), "no Remove buttons").to.equal(0);
    expect(await table.getByRole("button").count()).to.equal(await table.locator("th button.sort-header").count());
    expect(await table.getByRole("columnheader", { name: "Actions" }).count()).to.equal(0);
  });

  it("names the agreement behind a link an agreement draws, linking a member to it", async function () {
    const { world } = suite;
    const { Documents, Agreements } = await components(world);
    const [deliverer, payer] = [POLESIE, SVISLOCH].map((i) => hardhatAccount(i).connect(world.provider));
    const documents = DocumentRegistry__factory.connect(Documents, deliverer);
    const agreements = AgreementRegistry__factory.connect(Agreements, deliverer);
    // Setup outside the browser: an anchored document as the terms of a supply agreement both parties signed.
    const digest = hexlify(randomBytes(32));
    const title = "Supply of castings for engine blocks";
    await setup(world, () => documents.anchor(digest, keccakText("castings terms"), 1, title, 0, [], [deliverer.address, payer.address]));
    const agreementId = Number((await agreements.agreementCount()) + 1n);
    const due = BigInt(Math.floor(Date.now() / 1000) + 60 * 86_400);
    await setup(world, () =>
      agreements.create(0, [deliverer.address, payer.address], {
        termsCid: digest,
        termsHash: keccakText("castings terms"),
        totalValue: 900n,
        milestones: [{ deliverer: deliverer.address, payer: payer.address, amount: 900n, dueDate: due }],
      }),
    );
    await setup(world, () => agreements.sign(agreementId, 1));
    await setup(world, () => agreements.connect(payer).sign(agreementId, 1));

    // A visitor sees the agreement's number (its terms are the members' business), never "#-1".
    const visitor = await suite.open(12);
    await visitor.page.goto(networkPath(world));
    const visitorRow = visitor.page.getByTestId("link-table").locator(`tr[data-agreement-id="${agreementId}"]`);
    expect(await visitorRow.getByTestId("link-agreement").textContent()).to.equal(`Agreement #${agreementId}`);
    expect(await visitorRow.locator("td").first().textContent(), "no Membership link id").to.equal("—");
    expect(await visitor.page.getByTestId("link-table").textContent()).not.to.match(/#-\d/);

    const { page } = await signedInOn(suite, SVISLOCH, networkPath(world));
    const row = page.getByTestId("link-table").locator(`tr[data-agreement-id="${agreementId}"]`);
    await eventually(
      () => row.getByTestId("link-agreement").textContent(),
      (t) => expect(t).to.equal(`Agreement #${agreementId} “${title}”`),
    );
    expect(await row.textContent())
      .to.contain("Polesie Metal Castings")
      .and.contain("Svisloch Engine Plant")
      .and.contain("Material goods");
    await screenshot(page, "browser/network-editing/agreement-link-desktop");
    await page.setViewportSize(PHONE);
    await fitsAndAccessible(page, "a member's network tab at 390 px");
    await screenshot(page, "browser/network-editing/agreement-link-390");

    await row.getByRole("link", { name: `Agreement #${agreementId}` }).click();
    await page.waitForURL(`**/clusters/${world.demo.clusterId}/agreements?agreement=${agreementId}`);
    await page.getByTestId("agreement-detail").waitFor();
  });
});
