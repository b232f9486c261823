import { expect } from "chai";
import type { Page } from "playwright-core";
import { governorOf, proposed, Vote, type Proposed } from "../../core/chain/governor.js";
import { MEMBER_ROLES } from "../../core/chain/enums.js";
import { IClusterRegistry__factory, type ClusterGovernor } from "../../types/typechain/index.js";
import { qrPath } from "../../frontend/src/ui/QrCode.js";
import { axeViolations, describeViolations } from "./axe.js";
import { screenshot, signIn } from "./browser.js";
import { eventually } from "./eventually.js";
import { backToProposals, openProposal, signedInOn } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// The proposal list and a proposal's own page, as a member of the demo cluster sees them
// (accounts 1-8; quorum 50 %, threshold 60 %): filters, the quorum in words, the countdown,
// voters and their reasons, a gasless ballot passed on by a link, and a phone's width.
// The proposals are made on chain (not the feature under test); everything asserted is what
// the page shows.

interface ApiProposal {
  id: string;
  kind: string;
  state: string;
  deadline: string;
  quorum: { counted: number; required: number | null; reached: boolean };
}

const address = (account: number) => hardhatAccount(account).address.toLowerCase();
const EXPIRED = "Expel Pripyat Engineering Services for unpaid dues";
const ROLE = "Bring Polesie Metal Castings into the core";
const PARAMS = "Lower the quorum to 40 %";

/** The page is no wider than its viewport: nothing scrolls sideways. */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).to.deep.equal([]);
}

describe("Votes: the proposal list, a proposal's page, its quorum and shared ballots, in Chromium", function () {
  this.timeout(600_000);
  const suite = useBrowserWorld();
  let world: World;
  let list: string;
  let governor: ClusterGovernor;
  const made: Record<string, Proposed> = {};
  const detailPath = (description: string) => `${list}/${made[description]!.proposalId}`;
  const memberName = (account: number) => world.demo.spec.founders.find((f) => f.account.toLowerCase() === address(account))!.name;
  const readProposal = (description: string) => world.read<ApiProposal>(`/api/clusters/${world.demo.clusterId}/proposals/${made[description]!.proposalId}`, 1);

  before(async function () {
    this.timeout(120_000);
    world = suite.world;
    const clusterId = world.demo.clusterId;
    list = `/clusters/${clusterId}/proposals`;
    const signer = (i: number) => hardhatAccount(i).connect(world.provider);
    governor = await governorOf(world.record.contracts.ClusterRegistry.address, BigInt(clusterId), signer(1));
    const registry = IClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, signer(1));
    const params = (await registry.cluster(clusterId)).params;
    // One vote nobody took part in (over, without quorum), then two open ones.
    made[EXPIRED] = await proposed(governor, governor.proposeExpulsion(address(8), EXPIRED));
    await world.travel(Number(params.votingPeriod) + 1);
    made[ROLE] = await proposed(governor, governor.proposeRole(address(4), MEMBER_ROLES.indexOf("core"), ROLE));
    made[PARAMS] = await proposed(
      governor,
      governor.proposeParams(
        {
          votingPeriod: params.votingPeriod,
          quorumBps: 4000,
          approvalThresholdBps: params.approvalThresholdBps,
          admissionPolicy: params.admissionPolicy,
          documentsMustBeEncrypted: params.documentsMustBeEncrypted,
          coreVeto: params.coreVeto,
          clearingCycleLength: params.clearingCycleLength,
          settlementToken: params.settlementToken,
        },
        PARAMS,
      ),
    );
    await world.indexed(made[PARAMS].blockNumber);
  });

  it("lists the proposals newest first, filters them by state and kind, and opens each on a page of its own", async function () {
    const { page } = await signedInOn(suite, 1, list);
    const { quorum } = await readProposal(ROLE);
    const rows = page.getByTestId("proposal-list").locator(".proposal-row");
    await eventually(
      () => rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-proposal-id"))),
      (ids) => expect(ids).to.deep.equal([PARAMS, ROLE, EXPIRED].map((d) => made[d]!.proposalId.toString())),
      30_000,
    );
    // Each row: kind, a line of what it does, state, tally and quorum, and the countdown.
    const role = rows.filter({ hasText: ROLE });
    expect(await role.textContent())
      .to.contain("Role change")
      .and.contain("a core member")
      .and.contain("Voting")
      .and.contain(`${quorum.required} more votes needed for quorum`)
      .and.match(/Voting ends in \d+ days/);
    const expired = rows.filter({ hasText: EXPIRED });
    expect(await expired.locator("[data-proposal-state]").textContent()).to.equal("Expired");
    expect(await expired.getByTestId("countdown").textContent()).to.match(/^Voting ended /);
    // The New proposal form waits behind its button.
    expect(await page.getByRole("form", { name: "New proposal" }).count()).to.equal(0);
    await page.getByRole("button", { name: "New proposal" }).click();
    await page.getByRole("form", { name: "New proposal" }).waitFor();
    await page.getByRole("button", { name: "Close the form" }).click();
    await screenshot(page, "votes-list");

    const state = page.getByLabel("State");
    const kind = page.getByLabel("Kind");
    // The router renders a navigation in a transition: the list follows the select a moment later.
    const kinds = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    await state.selectOption("open");
    await eventually(kinds, (k) => expect(k).to.deep.equal(["params", "role"]));
    await state.selectOption("expired");
    await eventually(kinds, (k) => expect(k).to.deep.equal(["expulsion"]));
    await state.selectOption("all");
    await kind.selectOption("role");
    await eventually(kinds, (k) => expect(k).to.deep.equal(["role"]));
    await state.selectOption("executed");
    await page.getByText("No proposals match these filters.").waitFor();
    await state.selectOption("open");
    await eventually(kinds, (k) => expect(k).to.deep.equal(["role"]));
    expect(Object.fromEntries(new URL(page.url()).searchParams)).to.deep.equal({ state: "open", kind: "role" });

    // The row opens the proposal's page; its back link returns to the list as it was filtered.
    await openProposal(role);
    expect(new URL(page.url()).pathname).to.equal(detailPath(ROLE));
    expect(await page.title())
      .to.contain("Role change")
      .and.contain(ROLE);
    await backToProposals(page);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).to.deep.equal({ state: "open", kind: "role" });
    await eventually(kinds, (k) => expect(k).to.deep.equal(["role"]));

    // A finished vote offers no vote and says it ended; badge, words and buttons agree.
    await page.goto(detailPath(EXPIRED));
    const ended = page.getByTestId("proposal-detail").locator(".proposal-card");
    await ended.waitFor();
    expect(await ended.getAttribute("data-phase")).to.equal("expired");
    expect(await ended.locator("[data-proposal-state]").textContent()).to.equal("Expired");
    expect(await ended.getByTestId("countdown").textContent()).to.match(/^Voting ended /);
    for (const name of ["For", "Against", "Abstain"]) expect(await ended.getByRole("button", { name, exact: true }).count()).to.equal(0);
    expect(await ended.getByText("Submit someone's signed ballot").count()).to.equal(0);
    expect(await ended.getByTestId("quorum").textContent())
      .to.contain("Quorum not reached")
      .and.not.contain("needed");
  });

  it("shows the quorum's progress in words before and after it is reached, and each voter with their reason", async function () {
    const before = await readProposal(ROLE);
    expect(before.quorum).to.deep.include({ counted: 0, required: 4, reached: false });
    // Two members vote on chain first, one of them with a reason; the third votes on the page.
    await (
      await governor
        .connect(hardhatAccount(2).connect(world.provider))
        .castVoteWithReason(made[ROLE]!.proposalId, Vote.For, "Polesie already leads the casting line")
    ).wait();
    await (await governor.connect(hardhatAccount(3).connect(world.provider)).castVote(made[ROLE]!.proposalId, Vote.Against)).wait();
    const { page } = await signedInOn(suite, 1, detailPath(ROLE));
    const card = page.getByTestId("proposal-detail").locator(".proposal-card");
    const quorum = card.getByTestId("quorum");
    // Against does not count toward the quorum: 1 of 4.
    await eventually(
      () => quorum.textContent(),
      (t) => expect(t).to.contain("1 of 4 votes toward the quorum").and.contain("3 more votes needed for quorum"),
      30_000,
    );
    expect(await quorum.getAttribute("data-reached")).to.equal("false");
    // The bar stops short of the marker while the quorum is not reached.
    const [fill, marker] = await Promise.all([quorum.locator(".quorum-fill").boundingBox(), quorum.locator(".quorum-marker").boundingBox()]);
    expect(fill!.x + fill!.width).to.be.lessThan(marker!.x);
    expect(await card.getByTestId("countdown").textContent()).to.match(/^Voting ends in \d+ days/);

    await card.getByLabel("Reason (optional)").fill("A core seat matches their share of the output");
    await card.getByRole("button", { name: "Abstain", exact: true }).click();
    await card.getByTestId("my-vote").waitFor({ timeout: 60_000 });
    await (await governor.connect(hardhatAccount(5).connect(world.provider)).castVote(made[ROLE]!.proposalId, Vote.For)).wait();
    await (await governor.connect(hardhatAccount(6).connect(world.provider)).castVote(made[ROLE]!.proposalId, Vote.For)).wait();
    await eventually(
      () => quorum.textContent(),
      (t) => expect(t).to.contain("4 of 4 votes toward the quorum").and.contain("Quorum reached").and.not.contain("needed"),
      30_000,
    );
    expect(await quorum.getAttribute("data-reached")).to.equal("true");

    // Voters in chain order, each named, with the choice and the reason given.
    const votes = card.getByTestId("vote-list").locator("li");
    expect(await votes.evaluateAll((els) => els.map((e) => [e.getAttribute("data-voter"), e.getAttribute("data-support")]))).to.deep.equal([
      [address(2), "for"],
      [address(3), "against"],
      [address(1), "abstain"],
      [address(5), "for"],
      [address(6), "for"],
    ]);
    expect(await votes.nth(0).locator("[data-address]").getAttribute("data-address")).to.equal(address(2));
    expect(await votes.nth(0).getByTestId("account-name").textContent()).to.equal(memberName(2));
    expect(await votes.nth(2).getByTestId("account-name").textContent()).to.equal(memberName(1));
    expect(await votes.nth(0).textContent())
      .to.contain("For")
      .and.contain("Polesie already leads the casting line");
    expect(await votes.nth(2).textContent())
      .to.contain("Abstain")
      .and.contain("A core seat matches their share of the output");
    await screenshot(page, "votes-detail");
    await expectAccessible(page, "a proposal's page");
  });

  it("passes a gasless ballot on by a link, which another member opens and submits with one click", async function () {
    const voter = await signedInOn(suite, 7, detailPath(PARAMS));
    const card = voter.page.getByTestId("proposal-detail").locator(".proposal-card");
    await card.getByLabel("Vote without gas (sign a ballot)").check();
    await card.getByRole("button", { name: "Against", exact: true }).click();
    const link = await card.getByLabel("Ballot link", { exact: true }).inputValue();
    expect(link).to.equal(`${world.baseUrl}${detailPath(PARAMS)}${new URL(link).hash}`);
    expect(new URL(link).hash).to.match(/^#ballot=[A-Za-z0-9_-]+$/);
    // No raw ballot text on the page: the link is what is passed on.
    expect(await card.getByTestId("signed-ballot").locator("textarea").count()).to.equal(0);
    expect(voter.wallet.sentTransactions).to.deep.equal([]);
    // The same link as a QR code to scan off the screen: exactly its modules, drawn.
    await card.getByText("Show as a QR code").click();
    const qr = card.getByRole("img", { name: "QR code of the ballot link" });
    expect(await qr.getAttribute("data-qr-text")).to.equal(link);
    expect(await qr.locator("path").getAttribute("d")).to.equal(qrPath(link).path);
    await screenshot(voter.page, "votes-ballot-link");

    // Opened before signing in, the link says what it carries and how to submit it; no form yet.
    const relayer = await suite.open(6);
    await relayer.page.goto(link);
    const opened = relayer.page.getByTestId("proposal-detail").locator(".proposal-card");
    await relayer.page.getByTestId("shared-ballot-sign-in").waitFor();
    expect(await opened.getByText("Submit someone's signed ballot").count()).to.equal(0);
    await signIn(relayer.page);
    const shared = opened.getByTestId("shared-ballot");
    await shared.waitFor();
    expect(await shared.locator("[data-address]").getAttribute("data-address")).to.equal(address(7));
    expect(await shared.getByTestId("account-name").textContent()).to.equal(memberName(7));
    expect(await shared.textContent()).to.contain("against");
    await screenshot(relayer.page, "votes-ballot-opened");
    await opened.getByRole("button", { name: "Submit ballot" }).click();
    const row = opened.locator(`[data-testid="vote-list"] [data-voter="${address(7)}"]`);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute("data-by-signature")).to.equal("true");
    expect(await row.getAttribute("data-support")).to.equal("against");
    expect(relayer.wallet.sentTransactions).to.have.length(1);
    await eventually(
      () => card.getByTestId("my-vote").textContent(),
      (t) => expect(t).to.contain("You voted against by signed ballot"),
      30_000,
    );
    expect(voter.wallet.sentTransactions).to.deep.equal([]);
  });

  it("names every enum in words and fits a 390 px screen, list and page alike", async function () {
    const { page } = await signedInOn(suite, 1, list);
    await page.getByTestId("proposal-list").waitFor();
    const params = page.locator(".proposal-row").filter({ hasText: PARAMS });
    expect(await params.textContent()).to.contain("admission by vote of all members");
    for (const path of [list, detailPath(PARAMS)]) {
      await page.goto(path);
      await page.locator(".proposal-row, [data-testid='proposal-detail'] .proposal-card").first().waitFor();
      const text = (await page.locator("body").textContent()) ?? "";
      for (const raw of ["membersVote", "coreVote", "cdoDecision", "rndCentre", "serviceProvider"]) expect(text, `${path} shows ${raw}`).to.not.contain(raw);
    }

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(list);
    await page.getByTestId("proposal-list").waitFor();
    expect(await overflow(page), "the list scrolls sideways").to.equal(0);
    await screenshot(page, "votes-list-390");
    await expectAccessible(page, "the proposal list at 390 px");
    await page.goto(detailPath(ROLE));
    await page.getByTestId("vote-list").waitFor();
    expect(await overflow(page), "the proposal's page scrolls sideways").to.equal(0);
    await screenshot(page, "votes-detail-390");
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(list);
    await page.getByTestId("proposal-list").waitFor();
    await expectAccessible(page, "the proposal list");
  });
});
