import { expect } from "chai";
import { hexlify, id as keccakText, randomBytes } from "ethers";
import type { Locator } from "playwright-core";
import { generateKeyPair, keyToHex } from "../../core/crypto/index.js";
import { AgreementRegistry__factory, DocumentRegistry__factory, IMembership__factory } from "../../types/typechain/index.js";
import { confirmed, screenshot, signIn } from "./browser.js";
import { eventually } from "./eventually.js";
import { components, setup } from "./chainSetup.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// Hardhat accounts of demo cluster members (deploy/clusters/demo.json, founders in order from #1).
const NEMIGA = 1; // Nemiga Tractor Works
const SVISLOCH = 2; // Svisloch Engine Plant
const BEREZINA = 5; // Berezina Hydraulics
const SOZH = 6; // Sozh Technical University
const GRANIT = 7; // Granit Logistics
const PRIPYAT = 8; // Pripyat Engineering Services

describe("Amendments and revocations in the web app, with signing wallets", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();
  let world: World;
  before(() => {
    world = suite.world;
  });

  it("lets a party propose an amendment of an active agreement that the other party signs, putting the new version in force", async function () {
    const { Documents, Agreements } = await components(world);
    const [proposer, other] = [BEREZINA, SOZH].map((i) => hardhatAccount(i).connect(world.provider));
    const documents = DocumentRegistry__factory.connect(Documents, proposer);
    const agreements = AgreementRegistry__factory.connect(Agreements, proposer);
    // Setup: an active agreement (both signed version 1) and an anchored document to serve as the amended terms.
    const termsId = (await documents.documentCount()) + 1n;
    await setup(world, () =>
      documents.anchor(hexlify(randomBytes(32)), keccakText("amended terms"), 1, "Amended terms: faster delivery", 0, [], [proposer.address]),
    );
    const id = (await agreements.agreementCount()) + 1n;
    const due = BigInt(Math.floor(Date.now() / 1000) + 90 * 86_400);
    const terms = {
      termsCid: hexlify(randomBytes(32)),
      termsHash: keccakText("terms v1"),
      totalValue: 500n,
      milestones: [{ deliverer: proposer.address, payer: other.address, amount: 500n, dueDate: due }],
    };
    await setup(world, () => agreements.create(3, [proposer.address, other.address], terms));
    await setup(world, () => agreements.sign(id, 1));
    await setup(world, () => agreements.connect(other).sign(id, 1));

    const url = `/clusters/${world.demo.clusterId}/agreements?agreement=${id}`;
    const first = await suite.open(BEREZINA);
    await first.page.goto(url);
    await signIn(first.page);
    const detail = first.page.getByTestId("agreement-detail");
    await eventually(
      () => detail.locator("[data-agreement-status]").getAttribute("data-agreement-status"),
      (v) => expect(v).to.equal("active"),
    );
    await detail.getByRole("button", { name: "Propose an amendment" }).click();
    const form = detail.getByTestId("amendment-form");
    // The open milestone is offered for editing: the amendment raises it and adds a second one.
    expect(await form.getByLabel("Amendment milestone 1 amount").inputValue()).to.equal("500");
    await form.getByLabel("Amendment milestone 1 amount").fill("450");
    await form.getByRole("button", { name: "+ Add milestone" }).click();
    await form.getByLabel("Amendment milestone 2 deliverer").selectOption({ label: "Berezina Hydraulics" });
    await form.getByLabel("Amendment milestone 2 payer").selectOption({ label: "Sozh Technical University" });
    await form.getByLabel("Amendment milestone 2 amount").fill("250");
    await form.getByLabel("Amendment milestone 2 due date").fill("2027-09-30");
    await form.getByLabel("Terms document").selectOption(String(termsId));
    await screenshot(first.page, "agreement-amendment-form");
    await form.getByRole("button", { name: "Propose amendment" }).click();
    await confirmed(detail);
    await detail.getByRole("button", { name: "Dismiss" }).click();

    const versions = detail.getByTestId("agreement-versions");
    await eventually(
      () => versions.locator('[data-version="2"]').getAttribute("data-version-status"),
      (v) => expect(v).to.equal("proposed"),
    );
    expect(await versions.locator('[data-version="1"]').getAttribute("data-version-status")).to.equal("inForce");
    expect(await detail.locator('[data-milestone-status="proposed"]').count()).to.equal(2);
    await detail.getByRole("button", { name: "Sign agreement" }).click();
    await confirmed(detail);
    await eventually(
      () => detail.locator(`[data-party="${first.wallet.address}"]`).getAttribute("data-signed-version"),
      (v) => expect(v).to.equal("2"),
    );
    // Who signed so far: the proposer signed v2, the other party still stands at v1.
    expect(await detail.locator(`[data-party="${other.address.toLowerCase()}"]`).getAttribute("data-signed-version")).to.equal("1");
    expect(await detail.locator(`[data-party="${other.address.toLowerCase()}"]`).textContent()).to.contain("Signed v1, not v2");

    const second = await suite.open(SOZH);
    await second.page.goto(url);
    await signIn(second.page);
    const otherDetail = second.page.getByTestId("agreement-detail");
    await otherDetail.getByRole("button", { name: "Sign with EIP-712" }).click();
    await confirmed(otherDetail);
    expect(second.wallet.calls).to.include("eth_signTypedData_v4");
    const otherVersions = otherDetail.getByTestId("agreement-versions");
    await eventually(
      () => otherVersions.locator('[data-version="2"]').getAttribute("data-version-status"),
      (v) => expect(v).to.equal("inForce"),
    );
    expect(await otherVersions.locator('[data-version="1"]').getAttribute("data-version-status")).to.equal("superseded");
    const statuses = await otherDetail.locator("[data-milestone-status]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-milestone-status")));
    expect(statuses).to.deep.equal(["superseded", "pending", "pending"]);
    expect(await otherDetail.textContent()).to.contain("700 units");
    const onChain = await agreements.agreement(id);
    expect([onChain.version, onChain.proposedVersion, onChain.milestoneCount]).to.deep.equal([2n, 0n, 3n]);
    await screenshot(second.page, "agreement-amended");
  });

  it("lets a document's author publish a new version and revoke it, and shows the chain as superseded and revoked", async function () {
    const { Documents } = await components(world);
    const author = hardhatAccount(NEMIGA).connect(world.provider);
    const documents = DocumentRegistry__factory.connect(Documents, author);
    const first = (await documents.documentCount()) + 1n;
    // Svisloch is named to sign it: a document is shown to its author, named signers and recipients only.
    await setup(world, () =>
      documents.anchor(
        hexlify(randomBytes(32)),
        keccakText("maintenance plan"),
        2,
        "Maintenance plan",
        0,
        [hardhatAccount(SVISLOCH).address],
        [author.address],
      ),
    );

    const docsUrl = `/clusters/${world.demo.clusterId}/documents`;
    const { page, wallet } = await suite.open(NEMIGA);
    await page.goto(`${docsUrl}?doc=${first}`);
    await signIn(page);
    // The cluster requires encryption: the author publishes a key so the new version can be encrypted for it.
    await page.getByRole("button", { name: "Generate and publish key" }).click();
    await eventually(
      () => page.getByTestId("key-state").textContent(),
      (v) => expect(v).to.contain("is on chain and its secret key is in this browser"),
      60_000,
    );

    const detail = page.getByTestId("document-detail");
    const actions = detail.getByTestId("document-author-actions");
    await actions
      .getByLabel("New version file")
      .setInputFiles({ name: "plan-v2.txt", mimeType: "text/plain", buffer: Buffer.from(`Maintenance plan, second edition ${Date.now()}`) });
    await actions.getByLabel("New version title").fill("Maintenance plan, 2nd edition");
    await actions.getByRole("button", { name: "Publish new version" }).click();
    // Once anchored and indexed, the page moves on to the new version.
    const second = Number(first) + 1;
    await eventually(
      () => page.getByTestId("document-detail").getAttribute("data-document-id"),
      (v) => expect(v).to.equal(String(second)),
      60_000,
    );
    const table = page.getByTestId("document-table");
    await eventually(
      () => table.locator(`tr[data-document-id="${first}"]`).getAttribute("data-document-status"),
      (v) => expect(v).to.equal("superseded"),
    );
    expect(await table.locator(`tr[data-document-id="${first}"]`).textContent()).to.contain(`superseded by #${second}`);

    const current = page.getByTestId("document-detail");
    await current.getByRole("button", { name: "Revoke document" }).click();
    const sentBefore = wallet.sentTransactions.length;
    await current.getByRole("button", { name: "Confirm revocation" }).click();
    await confirmed(current);
    expect(wallet.sentTransactions).to.have.length(sentBefore + 1);
    await eventually(
      () => current.locator("h2 [data-document-status]").getAttribute("data-document-status"),
      (v) => expect(v).to.equal("revoked"),
    );
    expect(await current.textContent()).to.contain("Revoked by its author");
    const chain = await current
      .getByTestId("document-versions")
      .locator("[data-version]")
      .evaluateAll((items) => items.map((i) => [i.getAttribute("data-version"), i.getAttribute("data-version-status")]));
    expect(chain).to.deep.equal([
      [String(first), "superseded"],
      [String(second), "revoked"],
    ]);
    await eventually(
      () => table.locator(`tr[data-document-id="${second}"]`).getAttribute("data-document-status"),
      (v) => expect(v).to.equal("revoked"),
    );
    expect(await current.getByTestId("document-author-actions").count()).to.equal(0);
    expect(Number((await documents.document(second)).status)).to.equal(2);
    await screenshot(page, "document-revoked");

    // The named signer sees the states, but no author actions.
    const reader = await suite.open(SVISLOCH);
    await reader.page.goto(`${docsUrl}?doc=${first}`);
    await signIn(reader.page);
    const readerDetail = reader.page.getByTestId("document-detail");
    await eventually(
      () => readerDetail.locator("h2 [data-document-status]").getAttribute("data-document-status"),
      (v) => expect(v).to.equal("superseded"),
    );
    expect(await readerDetail.getByTestId("document-author-actions").count()).to.equal(0);
  });

  it("lets the parties dispute an agreement, agree it is resolved, and terminate it together, showing who agreed so far", async function () {
    const { Agreements, Membership } = await components(world);
    const [carrier, engineer] = [GRANIT, PRIPYAT].map((i) => hardhatAccount(i).connect(world.provider));
    const agreements = AgreementRegistry__factory.connect(Agreements, carrier);
    // Setup: both parties publish encryption keys (the dispute's reason is encrypted for them), and an active agreement.
    for (const party of [carrier, engineer]) {
      await setup(world, () => IMembership__factory.connect(Membership, party).setEncryptionKey(keyToHex(generateKeyPair().publicKey)));
    }
    const id = (await agreements.agreementCount()) + 1n;
    const due = BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400);
    const terms = {
      termsCid: hexlify(randomBytes(32)),
      termsHash: keccakText("haulage"),
      totalValue: 80n,
      milestones: [{ deliverer: carrier.address, payer: engineer.address, amount: 80n, dueDate: due }],
    };
    await setup(world, () => agreements.create(3, [carrier.address, engineer.address], terms));
    await setup(world, () => agreements.sign(id, 1));
    await setup(world, () => agreements.connect(engineer).sign(id, 1));

    const url = `/clusters/${world.demo.clusterId}/agreements?agreement=${id}`;
    const first = await suite.open(GRANIT);
    await first.page.goto(url);
    await signIn(first.page);
    const detail = first.page.getByTestId("agreement-detail");
    const status = (scope: Locator) => scope.locator("h2 [data-agreement-status]").getAttribute("data-agreement-status");
    await detail.getByRole("button", { name: "Raise a dispute" }).click();
    await detail.getByLabel("Reason for the dispute").fill("The trucks arrived two days late.");
    await detail.getByRole("button", { name: "Raise dispute", exact: true }).click();
    await confirmed(detail);
    await eventually(
      () => status(detail),
      (v) => expect(v).to.equal("disputed"),
    );
    expect(await detail.getByTestId("agreement-votes").textContent())
      .to.contain("In dispute")
      .and.to.contain("0 of 2 parties agree it is resolved");

    const second = await suite.open(PRIPYAT);
    await second.page.goto(url);
    await signIn(second.page);
    const otherDetail = second.page.getByTestId("agreement-detail");
    await otherDetail.getByRole("button", { name: "Agree the dispute is resolved" }).click();
    await confirmed(otherDetail);
    await eventually(
      () => otherDetail.locator(`[data-party="${second.wallet.address}"]`).getAttribute("data-resolving"),
      (v) => expect(v).to.equal("true"),
    );
    expect(await otherDetail.getByTestId("agreement-votes").textContent()).to.contain("1 of 2 parties agree it is resolved");
    await otherDetail.getByRole("button", { name: "Request termination", exact: true }).click();
    await confirmed(otherDetail);
    await eventually(
      () => otherDetail.locator(`[data-party="${second.wallet.address}"]`).getAttribute("data-terminating"),
      (v) => expect(v).to.equal("true"),
    );
    expect(await otherDetail.getByTestId("agreement-votes").textContent()).to.contain("1 of 2 parties asked to terminate");
    expect(await status(otherDetail)).to.equal("disputed");
    await screenshot(second.page, "agreement-dispute-votes");

    await first.page.reload();
    await detail.getByRole("button", { name: "Sign a termination request (EIP-712)" }).click();
    await confirmed(detail);
    expect(first.wallet.calls).to.include("eth_signTypedData_v4");
    await eventually(
      () => status(detail),
      (v) => expect(v).to.equal("terminated"),
    );
    expect(await detail.locator('[data-terminating="true"]').count()).to.equal(2);
    expect(Number((await agreements.agreement(id)).status)).to.equal(5);
  });
});
