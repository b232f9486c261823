import { expect } from "chai";
import { open as openFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexlify, id as keccakText, randomBytes } from "ethers";
import type { Locator, Page, Request } from "playwright-core";
import { generateKeyPair, keyToHex } from "../../core/crypto/index.js";
import { AgreementRegistry__factory, DocumentRegistry__factory, IMembership__factory } from "../../types/typechain/index.js";
import { confirmed, screenshot } from "./browser.js";
import { bothWidths, invalid, markOf, nothingSent } from "./formChecks.js";
import { eventually } from "./eventually.js";
import { signedInOn } from "./governanceSteps.js";
import { components, setup } from "./chainSetup.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// One validation style in every form (issue 11, point 6): every problem at once, each field
// marked, nothing signed or uploaded while the form is wrong, and an empty form after success.
// The browser refuses what the chain or the API would: a past due date, an amount beyond the
// agreement contract's uint128, a total below the milestones, a file over the upload limit.

// Hardhat accounts of demo cluster members (deploy/clusters/demo.json, founders in order from #1).
const NEMIGA = 1; // Nemiga Tractor Works
const SVISLOCH = 2; // Svisloch Engine Plant
const DAY = 86_400;
/** 2^128: one more than AgreementRegistry takes for a milestone (InvalidAmount). */
const BEYOND_UINT128 = (1n << 128n).toString();

/** A day on the chain's clock, `days` from now, as a date input takes it. */
async function chainDay(world: World, days: number): Promise<string> {
  const now = (await world.provider.getBlock("latest"))!.timestamp;
  return new Date((now + days * DAY) * 1000).toISOString().slice(0, 10);
}

async function summaryOf(form: Locator): Promise<string[]> {
  const summary = form.getByTestId("form-errors");
  await summary.waitFor();
  return summary.locator("li").allTextContents();
}

/** Requests the page sends to the content API's upload and verify routes. */
function watchUploads(page: Page): Request[] {
  const seen: Request[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/documents\/(upload|verify)$/.test(new URL(r.url()).pathname)) seen.push(r);
  });
  return seen;
}

describe("Forms refuse in the browser what the chain or the API would refuse", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();
  let world: World;
  let bigFile: string;
  before(async () => {
    world = suite.world;
    // One byte over the platform's upload limit, as a sparse file: the browser must refuse it from its size alone.
    const { maxUploadBytes } = (await (await fetch(`${world.baseUrl}/api/status`)).json()) as { maxUploadBytes: number };
    bigFile = join(tmpdir(), `forms-test-${process.pid}-big.bin`);
    const handle = await openFile(bigFile, "w");
    await handle.truncate(maxUploadBytes + 1);
    await handle.close();
  });
  after(async () => {
    await rm(bigFile, { force: true });
  });

  it("refuses an agreement with a past due date, a total below the milestones and an amount beyond the contract's range, all at once; then creates one and starts the next form empty", async function () {
    const { Documents } = await components(world);
    const creator = hardhatAccount(NEMIGA).connect(world.provider);
    // Setup: an anchored document to serve as the terms.
    const termsId = (await DocumentRegistry__factory.connect(Documents, creator).documentCount()) + 1n;
    await setup(world, () =>
      DocumentRegistry__factory.connect(Documents, creator).anchor(
        hexlify(randomBytes(32)),
        keccakText("forms terms"),
        1,
        "Forms terms",
        0,
        [],
        [creator.address],
      ),
    );
    const session = await signedInOn(suite, NEMIGA, `/clusters/${world.demo.clusterId}/agreements`);
    const { page } = session;
    const card = page.getByTestId("create-agreement");
    await card.getByRole("button", { name: "New agreement" }).click();
    const form = page.getByRole("form", { name: "New agreement" });
    const mark = markOf(session);
    const past = await chainDay(world, -1);
    const later = await chainDay(world, 30);

    await form.getByLabel("Party Svisloch Engine Plant").check();
    await form.getByLabel("Total value").fill("100");
    await form.getByLabel("Milestone 1 deliverer").selectOption({ label: "Nemiga Tractor Works" });
    await form.getByLabel("Milestone 1 payer").selectOption({ label: "Svisloch Engine Plant" });
    await form.getByLabel("Milestone 1 amount").fill("300");
    await form.getByLabel("Milestone 1 due date").fill(past);
    await form.getByRole("button", { name: "+ Add milestone" }).click();
    await form.getByLabel("Milestone 2 deliverer").selectOption({ label: "Svisloch Engine Plant" });
    await form.getByLabel("Milestone 2 payer").selectOption({ label: "Svisloch Engine Plant" });
    await form.getByLabel("Milestone 2 amount").fill("500");
    await form.getByLabel("Milestone 2 due date").fill(later);
    await form.getByRole("button", { name: "Create agreement" }).click();

    const problems = await summaryOf(form);
    expect(problems).to.have.length(4);
    expect(problems[0]).to.match(new RegExp(`^Milestone 1: the due date ${past} has passed on the chain's clock`));
    expect(problems.slice(1)).to.deep.equal([
      "Milestone 2: the deliverer and the payer must differ.",
      "The total value is below the milestones' sum of 800 units; raise it or leave it empty.",
      "Choose the terms: an anchored document, or upload a file.",
    ]);
    for (const label of ["Milestone 1 due date", "Milestone 2 payer", "Total value", "Terms document"]) await invalid(form.getByLabel(label, { exact: true }));
    expect(await form.getByLabel("Milestone 1 amount").getAttribute("aria-invalid")).to.equal(null);

    // An amount the contract's uint128 cannot hold is refused too (the total then waits for valid amounts).
    await form.getByLabel("Milestone 2 amount").fill(BEYOND_UINT128);
    await eventually(
      () => form.getByTestId("form-errors").locator("li").allTextContents(),
      (v) =>
        expect(v).to.include("Milestone 2: the amount is beyond what the contracts hold: at most 340,282,366,920,938,463,463,374,607,431,768,211,455 units."),
    );
    await invalid(form.getByLabel("Milestone 2 amount"));
    nothingSent(session, mark);
    expect((await world.read<unknown[]>(`/api/clusters/${world.demo.clusterId}/agreements`, NEMIGA)).length).to.equal(0);
    await bothWidths(page, form, "forms-agreement-refused");

    // Every problem fixed: created, and the form closes; opened again, it is empty.
    await form.getByLabel("Milestone 1 due date").fill(later);
    await form.getByLabel("Milestone 2 deliverer").selectOption({ label: "Svisloch Engine Plant" });
    await form.getByLabel("Milestone 2 payer").selectOption({ label: "Nemiga Tractor Works" });
    await form.getByLabel("Milestone 2 amount").fill("500");
    await form.getByLabel("Total value").fill("");
    await form.getByLabel("Terms document").selectOption(String(termsId));
    await form.getByRole("button", { name: "Create agreement" }).click();
    await confirmed(card);
    await page.getByTestId("agreement-detail").waitFor();
    // The detail numbers the milestones from 1, as the form did.
    expect(await page.getByTestId("agreement-milestones").locator("tbody tr td:first-child").allTextContents()).to.deep.equal(["1 v1", "2 v1"]);
    expect(await form.count(), "the form closed").to.equal(0);
    await card.getByRole("button", { name: "New agreement" }).click();
    expect(await form.getByLabel("Total value").inputValue()).to.equal("");
    expect(await form.getByLabel("Milestone 1 amount").inputValue()).to.equal("");
    expect(await form.getByLabel("Milestone 2 amount").count()).to.equal(0);
    expect(await form.getByLabel("Party Svisloch Engine Plant").isChecked()).to.equal(false);
    expect(await form.getByTestId("form-errors").count()).to.equal(0);
  });

  it("refuses an amendment with a past due date and a total below its milestones, and a dispute without a reason, sending nothing", async function () {
    const { Agreements, Membership } = await components(world);
    const [proposer, other] = [NEMIGA, SVISLOCH].map((i) => hardhatAccount(i).connect(world.provider));
    const agreements = AgreementRegistry__factory.connect(Agreements, proposer);
    // Setup: an active agreement; the parties' keys, for the dispute's reason.
    for (const party of [proposer, other]) {
      await setup(world, () => IMembership__factory.connect(Membership, party).setEncryptionKey(keyToHex(generateKeyPair().publicKey)));
    }
    const id = (await agreements.agreementCount()) + 1n;
    const due = BigInt((await world.provider.getBlock("latest"))!.timestamp + 60 * DAY);
    const terms = {
      termsCid: hexlify(randomBytes(32)),
      termsHash: keccakText("forms amendment"),
      totalValue: 500n,
      milestones: [{ deliverer: proposer.address, payer: other.address, amount: 500n, dueDate: due }],
    };
    await setup(world, () => agreements.create(0, [proposer.address, other.address], terms));
    await setup(world, () => agreements.sign(id, 1));
    await setup(world, () => agreements.connect(other).sign(id, 1));

    const session = await signedInOn(suite, NEMIGA, `/clusters/${world.demo.clusterId}/agreements?agreement=${id}`);
    const { page } = session;
    const detail = page.getByTestId("agreement-detail");
    await detail.getByRole("button", { name: "Propose an amendment" }).click();
    const form = detail.getByTestId("amendment-form");
    const mark = markOf(session);
    const past = await chainDay(world, -2);
    await form.getByLabel("Amended total value").fill("400");
    await form.getByLabel("Amendment milestone 1 due date").fill(past);
    await form.getByRole("button", { name: "Propose amendment" }).click();
    const problems = await summaryOf(form);
    expect(problems).to.have.length(3);
    expect(problems[0]).to.match(new RegExp(`^Amendment milestone 1: the due date ${past} has passed on the chain's clock`));
    expect(problems.slice(1)).to.deep.equal([
      "The amended total value is below the milestones' sum of 500 units; raise it or leave it empty.",
      "Choose the terms: an anchored document, or upload a file.",
    ]);
    for (const label of ["Amendment milestone 1 due date", "Amended total value", "Terms document"]) await invalid(form.getByLabel(label, { exact: true }));
    await bothWidths(page, form, "forms-amendment-refused");

    // A dispute needs its reason: refused on the field, nothing uploaded or sent.
    await form.getByRole("button", { name: "Cancel" }).click();
    await detail.getByRole("button", { name: "Raise a dispute" }).click();
    const dispute = detail.getByRole("form", { name: "Raise a dispute" });
    await dispute.getByRole("button", { name: "Raise dispute", exact: true }).click();
    expect(await summaryOf(dispute)).to.deep.equal(["Say why: the reason is stored as a document the parties can read."]);
    await invalid(dispute.getByLabel("Reason for the dispute"));
    nothingSent(session, mark);
    expect((await agreements.agreement(id)).proposedVersion).to.equal(0n);
    await screenshot(page, "forms-dispute-refused");
  });

  it("refuses a file over the upload limit before reading or uploading it, with the other problems of the form, and starts the next upload empty", async function () {
    const { Membership } = await components(world);
    // Setup: the author's key, so a document can be encrypted for it (the demo cluster requires encryption).
    await setup(world, () =>
      IMembership__factory.connect(Membership, hardhatAccount(NEMIGA).connect(world.provider)).setEncryptionKey(keyToHex(generateKeyPair().publicKey)),
    );
    const session = await signedInOn(suite, NEMIGA, `/clusters/${world.demo.clusterId}/documents`);
    const { page } = session;
    const uploads = watchUploads(page);
    const card = page.getByTestId("upload-card");
    // The form opens from its button, rather than sitting above the documents.
    expect(await page.getByRole("form", { name: "Upload and anchor a document" }).count()).to.equal(0);
    await card.getByRole("button", { name: "Upload a document" }).click();
    const form = page.getByRole("form", { name: "Upload and anchor a document" });
    const mark = markOf(session);
    await form.getByLabel("File", { exact: true }).setInputFiles(bigFile);
    await form.getByLabel("Title").fill("");
    await form.getByLabel("Supersedes document #").fill("999");
    await form.getByRole("button", { name: "Upload and anchor" }).click();
    const problems = await summaryOf(form);
    expect(problems).to.have.length(3);
    expect(problems[0]).to.match(/^“forms-test-\d+-big\.bin” is [\d,]+ bytes; this cluster stores files up to [\d,]+ bytes \(100 MB\)\.$/);
    expect(problems.slice(1)).to.deep.equal([
      "Give the document a title.",
      "Document #999 is not an active document of yours: only its author supersedes a document, once.",
    ]);
    for (const label of ["File", "Title", "Supersedes document #"]) await invalid(form.getByLabel(label, { exact: true }));
    await bothWidths(page, form, "forms-upload-refused");

    // Verifying a file is an upload too: one over the limit is refused on its field, unread.
    await page.getByLabel("File to verify").setInputFiles(bigFile);
    await eventually(
      () => page.locator("#verify-file-error").textContent(),
      (v) => expect(v).to.contain("It cannot be one of its documents."),
    );
    await invalid(page.getByLabel("File to verify"));
    expect(
      uploads.map((r) => r.url()),
      "nothing uploaded",
    ).to.deep.equal([]);
    nothingSent(session, mark);

    // A valid document is stored and anchored; the form closes, and opens again empty.
    const file = { name: "forms-note.txt", mimeType: "text/plain", buffer: Buffer.from(`A note for the forms test ${Date.now()}`) };
    await form.getByLabel("File", { exact: true }).setInputFiles(file);
    await form.getByLabel("Title").fill("Forms note");
    await form.getByLabel("Supersedes document #").fill("");
    await form.getByRole("button", { name: "Upload and anchor" }).click();
    await confirmed(card);
    expect(uploads).to.have.length(1);
    const detail = page.getByTestId("document-detail");
    await detail.waitFor();
    expect(await form.count(), "the form closed").to.equal(0);
    await card.getByRole("button", { name: "Upload a document" }).click();
    expect(await form.getByLabel("Title").inputValue()).to.equal("");
    expect(await form.getByLabel("Supersedes document #").inputValue()).to.equal("");
    expect(await form.getByLabel("File", { exact: true }).evaluate((input) => (input as HTMLInputElement).files?.length ?? 0)).to.equal(0);

    // The author's new version is refused the same way, before anything is read or sent.
    const versionMark = markOf(session);
    const versionForm = detail.getByRole("form", { name: "Publish a new version" });
    await versionForm.getByLabel("New version file").setInputFiles(bigFile);
    await versionForm.getByLabel("New version title").fill("");
    await versionForm.getByRole("button", { name: "Publish new version" }).click();
    const versionProblems = await summaryOf(versionForm);
    expect(versionProblems).to.have.length(2);
    expect(versionProblems[1]).to.equal("Give the document a title.");
    for (const label of ["New version file", "New version title"]) await invalid(versionForm.getByLabel(label));
    expect(uploads, "still one upload").to.have.length(1);
    nothingSent(session, versionMark);
    await screenshot(page, "forms-new-version-refused");
  });

  it("refuses a founder's registration document that is not a CID on the register page", async function () {
    const session = await signedInOn(suite, 0, "/");
    const { page } = session;
    const mark = markOf(session);
    await page.getByRole("link", { name: "Register cluster" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("Forms Test Cluster");
    await page.getByLabel("CDO address").fill(hardhatAccount(12).address);
    await page.getByLabel("Member 1 address").fill(hardhatAccount(13).address);
    await page.getByLabel("Member 1 name").fill("Forms Works");
    await page.getByLabel("Member 1 registration CID").fill("not-a-cid");
    await page.getByRole("button", { name: "Register cluster" }).click();
    const form = page.getByRole("form", { name: "Register a cluster" });
    expect(await summaryOf(form)).to.deep.equal([
      "Member 1: the registration document must be a content identifier (CID) of the stored document, such as Qm… (46 characters) or b…; “not-a-cid” is not one.",
    ]);
    await invalid(page.getByLabel("Member 1 registration CID"));
    nothingSent(session, mark);
    await bothWidths(page, form, "forms-register-cid-refused");
  });
});
