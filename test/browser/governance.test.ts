import { expect } from "chai";
import type { Page } from "playwright-core";
import { screenshot, signIn } from "./browser.js";
import { eventually } from "./eventually.js";
import { openProposal, travelPast } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

const proposalState = (page: Page, selector: string) => page.locator(selector).first().getAttribute("data-state");

describe("Governance in the web app, driven in Chromium with signing wallets", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();
  const open = suite.open;
  let world: World;
  before(() => {
    world = suite.world;
  });

  it("turns an initiative into an active cluster once its group votes for it", async function () {
    const name = "Vitebsk Optics Cluster";
    const cdc = await open(0);
    await cdc.page.goto("/initiatives");
    await signIn(cdc.page);
    // The form opens from its button.
    await cdc.page.getByRole("button", { name: "Start an initiative" }).click();
    await cdc.page.getByLabel("Name", { exact: true }).fill(name);
    await cdc.page.getByRole("button", { name: "Use mine" }).click();
    const representatives = [10, 11, 12].map((i) => hardhatAccount(i).address);
    for (const [i, address] of representatives.entries()) {
      if (i > 0) await cdc.page.getByRole("button", { name: "+ Add member" }).click();
      await cdc.page.getByLabel(`Member ${i + 1} address`).fill(address);
      await cdc.page.getByLabel(`Member ${i + 1} name`).fill(["Vitebsk Lens Works", "Polotsk Glass Institute", "Orsha Precision Mechanics"][i]!);
    }
    await cdc.page.getByRole("button", { name: "Start initiative" }).click();
    const card = cdc.page.locator(".proposal-card[data-kind='formation']");
    await card.waitFor({ timeout: 60_000 });
    await eventually(
      () => proposalState(cdc.page, ".proposal-card[data-kind='formation']"),
      (v) => expect(v).to.be.oneOf(["pending", "active"]),
    );
    await screenshot(cdc.page, "governance-initiative-started");

    for (const account of [10, 11]) {
      const member = await open(account);
      await member.page.goto("/initiatives");
      await signIn(member.page);
      const formation = member.page.locator(".proposal-card[data-kind='formation']").first();
      await formation.getByRole("button", { name: "For", exact: true }).click();
      await formation.getByTestId("my-vote").waitFor({ timeout: 60_000 });
      if (account === 11) await screenshot(member.page, "governance-initiative-voted");
    }
    await eventually(
      () => card.getByTestId("tally").getAttribute("data-for"),
      (v) => expect(v).to.equal("2"),
    );

    const initiative = (await (await fetch(`${world.baseUrl}/api/initiatives`)).json()) as { name: string; proposal: { deadline: string } }[];
    await travelPast(world, initiative.find((i) => i.name === name)!.proposal.deadline);

    const executor = await open(10);
    await executor.page.goto("/initiatives");
    await signIn(executor.page);
    await executor.page.locator(".proposal-card[data-kind='formation'][data-state='succeeded']").getByRole("button", { name: "Execute" }).click();
    await executor.page.locator("[data-forming-id]").filter({ hasText: name }).waitFor({ timeout: 60_000 });

    const forming = cdc.page.locator("[data-forming-id]").filter({ hasText: name });
    await forming.waitFor({ timeout: 30_000 });
    await screenshot(cdc.page, "governance-initiative-passed");
    await forming.getByRole("button", { name: "Deploy cluster" }).click();
    // Once active, the cluster leaves the list of approved initiatives.
    await forming.waitFor({ state: "detached", timeout: 60_000 });

    await cdc.page.goto("/");
    const row = cdc.page.getByTestId("cluster-table").locator("tr", { hasText: name });
    await eventually(
      () => row.locator("[data-status]").getAttribute("data-status"),
      (v) => expect(v).to.equal("active"),
      30_000,
    );
    await screenshot(cdc.page, "governance-initiative-active");

    // The life-cycle timeline tells the whole story, initiative included.
    await row.getByRole("link").first().click();
    await cdc.page.getByRole("link", { name: "Configuration" }).click();
    const timeline = cdc.page.getByTestId("lifecycle-timeline");
    await eventually(
      () => timeline.textContent(),
      (v) => expect(v).to.contain("Formation initiative registered"),
    );
    expect(await timeline.locator("[data-status]").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).to.deep.equal([
      "active",
      "forming",
      "voting",
      "initiative",
    ]);
    await screenshot(cdc.page, "governance-lifecycle");
  });

  it("admits an applicant to the demo cluster once a member sponsors the application and the members vote for it", async function () {
    const { clusterId } = world.demo;
    const applicant = await open(15);
    await applicant.page.goto(`/clusters/${clusterId}/proposals`);
    await signIn(applicant.page);
    const form = applicant.page.getByRole("form", { name: "Apply for membership" });
    await form.getByLabel("Organisation name").fill("Mogilev Composite Materials");
    await form.getByLabel("Organisation kind").selectOption("enterprise");
    await form.getByLabel("Registration document CID").fill("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
    await form.getByRole("button", { name: "Apply" }).click();
    // An application opens no vote by itself (issue 9): it waits for a member to sponsor it.
    await eventually(
      () => applicant.page.locator("[data-application-status]").first().getAttribute("data-application-status"),
      (v) => expect(v).to.equal("awaitingSponsor"),
      60_000,
    );
    await screenshot(applicant.page, "governance-application-submitted");
    const sponsor = await open(4); // a participant: under MembersVote any member may sponsor
    await sponsor.page.goto(`/clusters/${clusterId}/proposals`);
    await signIn(sponsor.page);
    const waiting = sponsor.page.getByTestId("unsponsored-applications").locator("[data-application-id]", { hasText: "Mogilev Composite Materials" });
    await waiting.getByRole("button", { name: "Sponsor" }).click();
    await sponsor.page.locator(".proposal-row[data-kind='admission']").first().waitFor({ timeout: 60_000 });
    await screenshot(sponsor.page, "governance-application-sponsored");
    await sponsor.context.close();
    await eventually(
      () => applicant.page.locator("[data-application-status]").first().getAttribute("data-application-status"),
      (v) => expect(v).to.equal("voting"),
      60_000,
    );

    // 5 of the demo's 8 members vote For: quorum 50 % (4) and threshold 60 % are met.
    for (const account of [1, 2, 3, 4, 5]) {
      const member = await open(account);
      await member.page.goto(`/clusters/${clusterId}/proposals`);
      await signIn(member.page);
      const admission = member.page.locator(".proposal-card[data-kind='admission']");
      if (account === 1) {
        // The feed tells a member the vote awaits it.
        await member.page.getByTestId("notification-bell").click();
        await member.page.locator('[data-notification="vote.awaits"], [data-notification="vote.opened"]').first().waitFor({ timeout: 20_000 });
        await screenshot(member.page, "governance-notifications");
        await member.page.getByTestId("notification-bell").click();
      }
      await openProposal(member.page.locator(".proposal-row[data-kind='admission']").first());
      if (account === 1) await admission.getByLabel("Reason (optional)").fill("Composites fill a gap in our supply chain");
      await admission.getByRole("button", { name: "For", exact: true }).click();
      await member.page.getByTestId("my-vote").first().waitFor({ timeout: 60_000 });
      if (account === 5) await screenshot(member.page, "governance-proposals-voting");
      await member.context.close();
    }

    const proposals = await world.read<{ kind: string; deadline: string }[]>(`/api/clusters/${clusterId}/proposals?state=active`);
    await travelPast(world, proposals.find((p) => p.kind === "admission")!.deadline);

    const executor = await open(1);
    await executor.page.goto(`/clusters/${clusterId}/proposals`);
    await signIn(executor.page);
    await openProposal(executor.page.locator(".proposal-row[data-kind='admission'][data-state='succeeded']"));
    await executor.page.locator(".proposal-card[data-kind='admission'][data-state='succeeded']").getByRole("button", { name: "Execute" }).click();
    await executor.page.locator(".proposal-card[data-kind='admission'][data-state='executed']").first().waitFor({ timeout: 60_000 });

    await eventually(
      () => applicant.page.locator("[data-application-status]").first().getAttribute("data-application-status"),
      (v) => expect(v).to.equal("accepted"),
      30_000,
    );
    await applicant.page.getByRole("link", { name: "Members" }).click();
    await applicant.page.locator(`[data-member="${hardhatAccount(15).address.toLowerCase()}"]`).waitFor();
    expect(await applicant.page.getByTestId("member-table").textContent()).to.contain("Mogilev Composite Materials");
    await screenshot(applicant.page, "governance-applicant-admitted");
  });
});
