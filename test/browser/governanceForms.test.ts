import { expect } from "chai";
import type { Locator } from "playwright-core";
import { confirmed, screenshot } from "./browser.js";
import { bothWidths, invalid, markOf, nothingSent } from "./formChecks.js";
import { eventually } from "./eventually.js";
import { signedInOn } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// The governance forms in the one validation style (issue 11, point 6): every problem at once,
// each field marked, nothing signed while the form is wrong, an empty form after success. They
// refuse what ClusterGovernor, the registry and Membership would refuse: an admission of a
// member, a role the member already has, a service already enabled or not enabled, the CDO
// handed to itself, parameters out of range or unchanged, a repeat of an earlier proposal, a
// registration document that is not a CID.

// Hardhat accounts: #0 the CDC, #1-#8 the demo cluster's founders (deploy/clusters/demo.json), #9 its CDO.
const NEMIGA = 1;
const SVISLOCH = 2;
const POLESIE = 4; // a participant
const CDO = 9;
const APPLICANT = 13;
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const NOT_A_CID =
  "The registration document must be a content identifier (CID) of the stored document, such as Qm… (46 characters) or b…; “not-a-cid” is not one.";

const address = (account: number) => hardhatAccount(account).address;
/** The form's error summary, once it shows exactly `expected`. */
async function problems(form: Locator, expected: string[]): Promise<void> {
  await eventually(
    () => form.getByTestId("form-errors").locator("li").allTextContents(),
    (v) => expect(v).to.deep.equal(expected),
  );
}

describe("Governance forms refuse in the browser what the chain would refuse", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();
  let world: World;
  let proposals: string;
  before(() => {
    world = suite.world;
    proposals = `/clusters/${world.demo.clusterId}/proposals`;
  });

  it("refuses proposals the governor or their execution would refuse, all problems at once, then proposes and starts the next one empty", async function () {
    const session = await signedInOn(suite, NEMIGA, proposals);
    const { page } = session;
    await page.getByRole("button", { name: "New proposal" }).click();
    const form = page.getByRole("form", { name: "New proposal" });
    const field = (label: string) => form.getByLabel(label, { exact: true });
    const mark = markOf(session);
    const propose = form.getByRole("button", { name: "Propose" });

    // An admission of a member, without a name, with a registration "CID" that is none.
    await field("Applicant address").fill(address(SVISLOCH));
    await field("Registration document CID").fill("not-a-cid");
    await propose.click();
    await problems(form, [
      "Svisloch Engine Plant is already a member of this cluster.",
      "The organisation's name is required: the chain refuses a member without one.",
      NOT_A_CID,
    ]);
    await invalid(field("Applicant address"), field("Organisation name"), field("Registration document CID"));
    await bothWidths(page, form, "governance-forms-admission-refused");

    // The role a member already has; the errors follow the form as it changes.
    await field("Kind").selectOption("role");
    await field("Member").selectOption(address(POLESIE).toLowerCase());
    await field("New role").selectOption("participant");
    await problems(form, ["Polesie Metal Castings is already a participant: choose the other role."]);
    await invalid(field("New role"));
    await propose.click();

    // The CDO handed to itself.
    await field("Kind").selectOption("cdo");
    await field("New CDO address").fill(address(CDO));
    await propose.click();
    await problems(form, ["This account is already the cluster's CDO."]);
    await invalid(field("New CDO address"));

    // A service already enabled, then one not enabled to disable.
    const services = (await (await fetch(`${world.baseUrl}/api/services`)).json()) as { id: number; name: string }[];
    const serviceId = (name: string) => String(services.find((s) => s.name === name)!.id);
    await field("Kind").selectOption("service");
    await field("Service").selectOption(serviceId("messaging"));
    await propose.click();
    await problems(form, ["messaging is already enabled in this cluster."]);
    await field("Service").selectOption(serviceId("crm"));
    await field("Action").selectOption("disable");
    await problems(form, ["crm is not enabled in this cluster, so there is nothing to disable."]);
    await invalid(field("Service"));

    // The parameters in force, then out of the registry's ranges.
    await field("Kind").selectOption("params");
    await propose.click();
    await problems(form, ["These are the parameters in force: change at least one."]);
    await field("Voting period").fill("30");
    await form.getByLabel("Voting period unit").selectOption("minutes");
    await field("Quorum (%)").fill("0");
    await problems(form, ["Voting period must be between 1 hour and 365 days.", "Quorum must be between 0.01 % and 100 %."]);
    await invalid(field("Voting period"), field("Quorum (%)"));
    await screenshot(page, "governance-forms-params-refused");
    nothingSent(session, mark);

    // Every problem fixed: proposed, and the form empties but for its kind.
    const description = "Admit Mogilev Composite Materials";
    await field("Kind").selectOption("admission");
    await field("Description").fill(description);
    await field("Applicant address").fill(address(APPLICANT));
    await field("Organisation name").fill("Mogilev Composite Materials");
    await field("Registration document CID").fill(CID);
    expect(await form.getByTestId("form-errors").count(), "fixed: no problem left").to.equal(0);
    await propose.click();
    await confirmed(form);
    await page.locator(".proposal-row").filter({ hasText: description }).waitFor({ timeout: 60_000 });
    expect(await field("Kind").inputValue()).to.equal("admission");
    for (const label of ["Description", "Applicant address", "Organisation name", "Registration document CID"])
      expect(await field(label).inputValue(), `${label} emptied`).to.equal("");
    expect(await form.getByTestId("form-errors").count()).to.equal(0);

    // The same admission with the same description would have the same id: the governor refuses it.
    const sent = markOf(session);
    await field("Description").fill(description);
    await field("Applicant address").fill(address(APPLICANT));
    await field("Organisation name").fill("Mogilev Composite Materials");
    await field("Registration document CID").fill(CID);
    await propose.click();
    await problems(form, ["The same decision was already proposed with this description, and the governor opens a proposal once: change the description."]);
    await invalid(field("Description"));
    nothingSent(session, sent);
  });

  it("refuses a membership application without a name and with a registration document that is not a CID, then applies", async function () {
    const session = await signedInOn(suite, APPLICANT + 1, proposals);
    const { page } = session;
    const form = page.getByRole("form", { name: "Apply for membership" });
    const mark = markOf(session);
    await form.getByLabel("Registration document CID").fill("not-a-cid");
    await form.getByRole("button", { name: "Apply" }).click();
    await problems(form, ["The organisation's name is required: the chain refuses a member without one.", NOT_A_CID]);
    await invalid(form.getByLabel("Organisation name"), form.getByLabel("Registration document CID"));
    nothingSent(session, mark);
    await bothWidths(page, form, "governance-forms-application-refused");

    await form.getByLabel("Organisation name").fill("Bobruisk Tyre Works");
    await form.getByLabel("Registration document CID").fill(CID);
    await form.getByRole("button", { name: "Apply" }).click();
    // Applied: the form gives way to the application, which waits for a sponsor.
    await eventually(
      () => page.locator("[data-application-status]").first().getAttribute("data-application-status"),
      (v) => expect(v).to.equal("awaitingSponsor"),
      60_000,
    );
    await form.waitFor({ state: "detached" });
    expect(session.wallet.sentTransactions.slice(mark.sent)).to.have.length(1);
  });

  it("refuses a dissolution initiative without a cluster, registers one and starts empty, and refuses the same grounds again", async function () {
    const session = await signedInOn(suite, 0, "/initiatives");
    const { page } = session;
    const form = page.getByRole("form", { name: "Register a dissolution initiative" });
    const register = form.getByRole("button", { name: "Register dissolution initiative" });
    const mark = markOf(session);
    await form.getByLabel("Grounds").fill("The programme is complete");
    await register.click();
    await problems(form, ["Choose the cluster to dissolve."]);
    await invalid(form.getByLabel("Cluster", { exact: true }));
    nothingSent(session, mark);
    await bothWidths(page, form, "governance-forms-dissolution-refused");

    await form.getByLabel("Cluster", { exact: true }).selectOption(String(world.demo.clusterId));
    await register.click();
    await confirmed(form);
    expect(await form.getByLabel("Cluster", { exact: true }).inputValue()).to.equal("");
    expect(await form.getByLabel("Grounds").inputValue()).to.equal("");
    expect(await form.getByTestId("form-errors").count()).to.equal(0);

    const sent = markOf(session);
    await form.getByLabel("Cluster", { exact: true }).selectOption(String(world.demo.clusterId));
    await form.getByLabel("Grounds").fill("The programme is complete");
    await register.click();
    await problems(form, ["This cluster already voted on a dissolution with these grounds, and its governor opens a proposal once: word them differently."]);
    await invalid(form.getByLabel("Grounds"));
    nothingSent(session, sent);
  });

  it("opens the initiative form from its button, refuses every problem of it at once, then starts the initiative and empties the form", async function () {
    const session = await signedInOn(suite, 0, "/initiatives");
    const { page } = session;
    expect(await page.getByRole("form", { name: "Start an initiative" }).count(), "the form waits behind its button").to.equal(0);
    await page.getByRole("button", { name: "Start an initiative" }).click();
    const form = page.getByRole("form", { name: "Start an initiative" });
    const mark = markOf(session);
    await form.getByLabel("CDO address").fill("0x1234");
    await form.getByLabel("Quorum (%)").fill("0");
    await form.getByLabel("Member 1 registration CID").fill("not-a-cid");
    await form.getByRole("button", { name: "Start initiative" }).click();
    await problems(form, [
      "Cluster name is required.",
      "CDO address must be a 0x-prefixed address of 40 hex digits.",
      "Quorum must be between 0.01 % and 100 %.",
      "Member 1: address is required.",
      "Member 1: name is required.",
      "Member 1: the registration document must be a content identifier (CID) of the stored document, such as Qm… (46 characters) or b…; “not-a-cid” is not one.",
    ]);
    await invalid(
      form.getByLabel("Name", { exact: true }),
      form.getByLabel("CDO address"),
      form.getByLabel("Quorum (%)"),
      form.getByLabel("Member 1 address"),
      form.getByLabel("Member 1 name"),
      form.getByLabel("Member 1 registration CID"),
    );
    nothingSent(session, mark);
    await bothWidths(page, form, "governance-forms-initiative-refused");

    const name = "Grodno Forms Cluster";
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByRole("button", { name: "Use mine" }).click();
    await form.getByLabel("Quorum (%)").fill("50");
    await form.getByLabel("Member 1 address").fill(address(12));
    await form.getByLabel("Member 1 name").fill("Grodno Azot");
    await form.getByLabel("Member 1 registration CID").fill(CID);
    await form.getByRole("button", { name: "Start initiative" }).click();
    await confirmed(form);
    await page.locator("[data-purpose='formation']").filter({ hasText: name }).waitFor({ timeout: 60_000 });
    for (const label of ["Name", "CDO address", "Member 1 address", "Member 1 name", "Member 1 registration CID"])
      expect(await form.getByLabel(label, { exact: true }).inputValue(), `${label} emptied`).to.equal("");
    expect(await form.getByTestId("form-errors").count()).to.equal(0);
  });
});
