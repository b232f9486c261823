import { expect } from "chai";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import type { ClusterSpecJson } from "../../deploy/spec.js";
import { screenshot } from "./browser.js";
import { eventually } from "./eventually.js";
import { execute, openProposal, proposalCard, propose, signedInOn, travelPast, travelPastProposals, vote, votersVoteFor } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// Every kind of member proposal, a relayed signed ballot, the CDC's dissolution initiative and
// an initiative closed once its vote expired, each driven through the web app with real signing
// wallets. The demo cluster: accounts 1-8 (quorum 50 %, threshold 60 %); a second, small cluster
// of accounts 16-18 is created for the dissolution initiative.

const address = (account: number) => hardhatAccount(account).address.toLowerCase();

/** A three-member cluster, created by the CDC with the deploy code (not under test here). */
async function smallCluster(world: World): Promise<number> {
  const spec: ClusterSpecJson = {
    name: "Gomel Foundry Cluster",
    cdo: hardhatAccount(9).address,
    params: {
      votingPeriod: 3600,
      quorumBps: 5000,
      approvalThresholdBps: 6000,
      admissionPolicy: "membersVote",
      documentsMustBeEncrypted: false,
      clearingCycleLength: 2592000,
    },
    services: ["authentication"],
    founders: [16, 17, 18].map((a, i) => ({
      account: hardhatAccount(a).address,
      name: ["Gomel Foundry", "Rechitsa Forge", "Mozyr Castings"][i]!,
      kind: "enterprise",
      role: i === 0 ? "core" : "participant",
    })),
  };
  const created = await createClusterFromSpec(hardhatAccount(0).connect(world.provider), world.record, spec);
  await world.indexed(created.blockNumber);
  return Number(created.clusterId);
}

describe("Governance decisions of every kind, driven in Chromium with signing wallets", function () {
  this.timeout(600_000);
  const suite = useBrowserWorld();
  let world: World;
  let demo: string;
  before(() => {
    world = suite.world;
    demo = `/clusters/${world.demo.clusterId}/proposals`;
  });

  it("lets the members expel a member, change a role, the CDO and the security parameters, and enable and disable services", async function () {
    const services = (await (await fetch(`${world.baseUrl}/api/services`)).json()) as { id: number; name: string }[];
    const serviceId = (name: string) => String(services.find((s) => s.name === name)!.id);
    const proposer = await signedInOn(suite, 1, demo);
    const { page } = proposer;
    const expel = "Expel Pripyat Engineering Services";
    const params = "Lower the quorum to 40 %";
    const enable = "Enable the CRM";
    const disable = "Disable the smart contracts";
    await propose(page, "expulsion", expel, (form) => form.getByLabel("Member", { exact: true }).selectOption(address(8)));
    await propose(page, "params", params, (form) => form.getByLabel("Quorum (%)").fill("40"));
    await propose(page, "service", enable, async (form) => {
      await form.getByLabel("Service", { exact: true }).selectOption(serviceId("crm"));
      await form.getByLabel("Action", { exact: true }).selectOption("enable");
    });
    const disabling = await propose(page, "service", disable, async (form) => {
      await form.getByLabel("Service", { exact: true }).selectOption(serviceId("smart-contracts"));
      await form.getByLabel("Action", { exact: true }).selectOption("disable");
    });
    expect(await disabling.textContent()).to.contain(`Disable service #${serviceId("smart-contracts")}`);
    // Roles and the CDO change only by the members' vote too (issue 9).
    const promote = "Polesie Metal Castings to the core";
    const handOver = "Hand the CDO role to account 10";
    const promoting = await propose(page, "role", promote, async (form) => {
      await form.getByLabel("Member", { exact: true }).selectOption(address(4));
      await form.getByLabel("New role").selectOption("core");
    });
    expect(await promoting.textContent())
      .to.contain("a core member")
      .and.to.contain("Role change");
    const handing = await propose(page, "cdo", handOver, (form) => form.getByLabel("New CDO address").fill(hardhatAccount(10).address));
    expect(await handing.textContent())
      .to.contain("Hand the CDO role to")
      .and.to.contain("CDO change");
    await screenshot(page, "governance-kinds-proposed");

    const all = [expel, params, enable, disable, promote, handOver];
    for (const d of all) await vote(proposalCard(page, d));
    await votersVoteFor(suite, [2, 3, 4], demo, all);
    await travelPastProposals(world, world.demo.clusterId);
    for (const d of all) await execute(proposalCard(page, d));
    await screenshot(page, "governance-kinds-executed");

    // What the members now see: one member fewer, the new quorum, the services switched.
    await page.getByRole("link", { name: "Members" }).click();
    await page.getByTestId("member-table").waitFor();
    expect(await page.locator(`[data-member="${address(8)}"]`).count()).to.equal(0);
    expect(await page.getByTestId("member-table").textContent()).to.not.contain("Pripyat Engineering Services");
    await page.getByRole("link", { name: "Configuration" }).click();
    await eventually(
      () => page.locator('[data-param="quorumBps"]').textContent(),
      (t) => expect(t).to.contain("40"),
    );
    await eventually(
      () => page.getByTestId("enabled-services").textContent(),
      (t) => expect(t).to.contain("crm").and.not.contain("smart-contracts"),
    );
    await page.getByRole("link", { name: "Members" }).click();
    await eventually(
      () => page.locator(`[data-member="${address(4)}"]`).textContent(),
      (t) => expect(t).to.contain("Core"),
    );
    const cluster = (await (await fetch(`${world.baseUrl}/api/clusters/${world.demo.clusterId}`)).json()) as { cdo: string };
    expect(cluster.cdo).to.equal(address(10));
  });

  it("counts a ballot the voter signed without gas once another member relays it, and shows it as a signed ballot", async function () {
    const description = "Enable the cluster balance models";
    const proposer = await signedInOn(suite, 1, demo);
    await propose(proposer.page, "service", description, async (form) => {
      const services = (await (await fetch(`${world.baseUrl}/api/services`)).json()) as { id: number; name: string }[];
      await form.getByLabel("Service", { exact: true }).selectOption(String(services.find((s) => s.name === "cluster-balance-models")!.id));
    });

    const voter = await signedInOn(suite, 5, demo);
    const card = await openProposal(proposalCard(voter.page, description));
    await card.getByLabel("Vote without gas (sign a ballot)").check();
    await card.getByRole("button", { name: "For", exact: true }).click();
    // The ballot travels as a link to the proposal's page, the signed ballot in its fragment.
    const link = await card.getByLabel("Ballot link", { exact: true }).inputValue();
    expect(link).to.match(/\/proposals\/[0-9]+#ballot=[A-Za-z0-9_-]+$/);
    const ballot = Buffer.from(link.split("#ballot=")[1]!, "base64url").toString("utf8");
    expect(voter.wallet.calls).to.include("eth_signTypedData_v4");
    expect(voter.wallet.sentTransactions).to.deep.equal([]);
    await screenshot(voter.page, "governance-ballot-signed");

    // A tampered ballot is refused before any gas is spent.
    const relay = await openProposal(proposalCard(proposer.page, description));
    await relay.getByText("Submit someone's signed ballot").click();
    await relay.getByLabel("Ballot to submit").fill(ballot.replace('"support":"for"', '"support":"against"'));
    await relay.getByRole("button", { name: "Submit ballot" }).click();
    await eventually(
      () => relay.getByRole("alert").textContent(),
      (t) => expect(t).to.contain("the ballot was altered"),
    );
    // The link itself, opened by the member, fills the form in: one click submits it.
    await proposer.page.goto(link);
    const opened = proposer.page.getByTestId("proposal-detail").locator(".proposal-card");
    expect(await opened.getByTestId("shared-ballot").textContent()).to.contain("for");
    await opened.getByRole("button", { name: "Submit ballot" }).click();
    const row = opened.locator(`[data-testid="vote-list"] [data-voter="${address(5)}"]`);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute("data-by-signature")).to.equal("true");
    expect(await row.textContent()).to.contain("signed ballot");

    // Counted, the ballot leaves the address bar; submitted twice, it is refused in words before the chain is asked.
    await eventually(
      async () => new URL(proposer.page.url()).hash,
      (h) => expect(h).to.equal(""),
    );
    await opened.getByText("Submit someone's signed ballot").click();
    await opened.getByLabel("Ballot to submit").fill(link);
    await opened.getByRole("button", { name: "Submit ballot" }).click();
    await eventually(
      () => opened.locator('[data-tx-phase="failed"]').textContent(),
      (t) => expect(t).to.contain("was already submitted"),
    );
    await eventually(
      () => card.getByTestId("my-vote").textContent(),
      (t) => expect(t).to.contain("You voted for by signed ballot"),
      30_000,
    );
    expect(voter.wallet.sentTransactions).to.deep.equal([]);
    await screenshot(voter.page, "governance-ballot-relayed");
  });

  it("lets the CDC register a dissolution initiative that the cluster's members carry to dissolving", async function () {
    const clusterId = await smallCluster(world);
    const cdc = await signedInOn(suite, 0, "/initiatives");
    const form = cdc.page.getByRole("form", { name: "Register a dissolution initiative" });
    await form.getByLabel("Cluster", { exact: true }).selectOption(String(clusterId));
    await form.getByLabel("Grounds").fill("The foundry programme is complete");
    await form.getByRole("button", { name: "Register dissolution initiative" }).click();
    const initiative = cdc.page.locator(`[data-purpose="dissolution"][data-initiative-id="${clusterId}"]`);
    await initiative.waitFor({ timeout: 60_000 });
    expect(await initiative.locator(".proposal-card").getAttribute("data-kind")).to.equal("dissolution");
    // The CDC has no seat in the cluster: it is told so instead of being offered a vote the governor would refuse.
    // The note shows once voting opens (the block after the proposal), so the card is read until it does.
    await eventually(
      () => initiative.textContent(),
      (t) => expect(t).to.contain("Only the cluster's members vote on this proposal."),
      30_000,
    );
    expect(await initiative.getByRole("button", { name: "For", exact: true }).count()).to.equal(0);
    await screenshot(cdc.page, "governance-dissolution-initiative");

    // The members find it among their cluster's proposals, marked as the CDC's, and vote it.
    const path = `/clusters/${clusterId}/proposals`;
    const member = await signedInOn(suite, 16, path);
    const card = proposalCard(member.page, "The foundry programme is complete");
    await card.locator('[data-proposer="cdc"]').waitFor();
    await vote(card);
    await votersVoteFor(suite, [17], path, ["The foundry programme is complete"]);
    await travelPastProposals(world, clusterId);
    await execute(card);
    await eventually(
      () => member.page.locator("h1 [data-status]").getAttribute("data-status"),
      (s) => expect(s).to.equal("dissolving"),
      30_000,
    );
    await screenshot(member.page, "governance-dissolution-initiative-passed");
  });

  it("lets the members dissolve the demo cluster by their own proposal", async function () {
    const description = "Dissolve: the joint programme has ended";
    const proposer = await signedInOn(suite, 1, demo);
    const card = await propose(proposer.page, "dissolution", description);
    await vote(card);
    await votersVoteFor(suite, [2, 3, 4], demo, [description]);
    await travelPastProposals(world, world.demo.clusterId);
    await execute(card);
    const page = proposer.page;
    await eventually(
      () => page.locator("h1 [data-status]").getAttribute("data-status"),
      (s) => expect(s).to.equal("dissolving"),
      30_000,
    );
    // A dissolving cluster takes no new proposals: neither the form nor the button that opens it.
    expect(await page.getByRole("form", { name: "New proposal" }).count()).to.equal(0);
    expect(await page.getByRole("button", { name: "New proposal" }).count()).to.equal(0);
    await screenshot(page, "governance-dissolving");
  });

  it("offers to close an initiative whose vote expired unvoted, and lists it as rejected", async function () {
    const name = "Lida Glassworks Cluster";
    const cdc = await signedInOn(suite, 0, "/initiatives");
    await cdc.page.getByRole("button", { name: "Start an initiative" }).click();
    await cdc.page.getByLabel("Name", { exact: true }).fill(name);
    await cdc.page.getByRole("button", { name: "Use mine" }).click();
    await cdc.page.getByLabel("Member 1 address").fill(hardhatAccount(13).address);
    await cdc.page.getByLabel("Member 1 name").fill("Lida Glass Works");
    await cdc.page.getByRole("button", { name: "Start initiative" }).click();
    const item = cdc.page.locator("[data-purpose='formation']").filter({ hasText: name });
    await item.waitFor({ timeout: 60_000 });
    expect(await item.getByTestId("initiative-ended").count()).to.equal(0);

    const initiatives = (await (await fetch(`${world.baseUrl}/api/initiatives`)).json()) as { name: string; proposal: { deadline: string } }[];
    await travelPast(world, initiatives.find((i) => i.name === name)!.proposal.deadline);
    const anyone = await signedInOn(suite, 14, "/initiatives");
    const ended = anyone.page.locator("[data-purpose='formation']").filter({ hasText: name });
    await eventually(
      () => ended.getAttribute("data-outcome"),
      (o) => expect(o).to.equal("expired"),
      30_000,
    );
    expect(await ended.getByTestId("initiative-ended").textContent()).to.contain("without reaching its quorum");
    expect(await ended.locator("[data-proposal-state]").textContent()).to.equal("Expired");
    await screenshot(anyone.page, "governance-initiative-expired");
    await ended.getByRole("button", { name: "Close as rejected" }).click();
    await ended.waitFor({ state: "detached", timeout: 60_000 });
    await anyone.page.getByTestId("rejected-initiatives").getByText(name).waitFor({ timeout: 30_000 });
  });
});
