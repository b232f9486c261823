import { expect } from "chai";
import type { Locator, Page } from "playwright-core";
import { signIn, type Session } from "./browser.js";
import { eventually } from "./eventually.js";
import type { BrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";
import { execute as executeProposal, governorOf, proposed, Vote } from "../../core/chain/governor.js";
import { IClusterRegistry__factory } from "../../types/typechain/index.js";

// Steps the governance browser tests share: a signed-in member on a page, proposing through the
// New proposal form, voting and executing on a proposal's own page (opened from its row in the
// list), and moving the chain's clock.

/** Moves the chain's clock past `deadline` (ISO) and waits until the backend has indexed the new block. */
export async function travelPast(world: World, deadline: string): Promise<void> {
  const latest = await world.provider.getBlock("latest");
  const seconds = Math.ceil(Date.parse(deadline) / 1000) - latest!.timestamp + 60;
  await world.travel(Math.max(seconds, 1));
}

/** Past the last deadline of a cluster's proposals (as the API reports them). */
export async function travelPastProposals(world: World, clusterId: number): Promise<void> {
  const proposals = await world.read<{ deadline: string }[]>(`/api/clusters/${clusterId}/proposals`);
  await travelPast(
    world,
    proposals
      .map((p) => p.deadline)
      .sort()
      .at(-1)!,
  );
}

/** Hardhat account `account`, signed in on `path`. */
export async function signedInOn(suite: BrowserWorld, account: number, path: string): Promise<Session> {
  const session = await suite.open(account);
  await session.page.goto(path);
  await signIn(session.page);
  return session;
}

/**
 * The proposal whose description is `description`: its row in a cluster's list, or its card
 * (an initiative's vote, or the proposal's own page).
 */
export const proposalCard = (page: Page, description: string): Locator => page.locator(".proposal-row, .proposal-card").filter({ hasText: description });

/** Opens a listed proposal's own page from its row and returns the proposal there. */
export async function openProposal(row: Locator): Promise<Locator> {
  const page = row.page();
  await row.locator(".proposal-row-title a").click();
  const full = page.getByTestId("proposal-detail").locator(".proposal-card");
  await full.waitFor({ timeout: 30_000 });
  return full;
}

/** Back from a proposal's page to the list it was opened from. */
export async function backToProposals(page: Page): Promise<void> {
  await page.getByRole("link", { name: "All proposals" }).click();
  await page.getByTestId("proposals-tab").waitFor();
}

/** Runs `act` on the proposal in full: on its page when `card` is a list row (then back to the list), in place otherwise. */
async function inFull(card: Locator, act: (full: Locator) => Promise<void>): Promise<void> {
  await card.waitFor({ timeout: 60_000 });
  if (!(await card.evaluate((el) => el.classList.contains("proposal-row")))) return act(card);
  await act(await openProposal(card));
  await backToProposals(card.page());
}

/** A member opens the New proposal form, fills it (`fill` sets the kind's own fields) and waits for the proposal's row. */
export async function propose(page: Page, kind: string, description: string, fill: (form: Locator) => Promise<unknown> = async () => {}): Promise<Locator> {
  const form = page.getByRole("form", { name: "New proposal" });
  // The form stays open after a proposal, for the next one.
  if (!(await form.isVisible())) await page.getByRole("button", { name: "New proposal" }).click();
  await form.getByLabel("Kind", { exact: true }).selectOption(kind);
  await form.getByLabel("Description", { exact: true }).fill(description);
  await fill(form);
  await form.getByRole("button", { name: "Propose" }).click();
  const card = proposalCard(page, description);
  // Confirmed only once the form has been reset: the row alone may show up first, by polling.
  await form.locator('[data-tx-phase="confirmed"]', { hasText: description }).waitFor({ timeout: 60_000 });
  await card.waitFor({ timeout: 60_000 });
  return card;
}

/** Votes `support` on the proposal (on its page, from a list row) and waits until the index shows the vote as the member's. */
export async function vote(card: Locator, support: "For" | "Against" | "Abstain" = "For"): Promise<void> {
  await inFull(card, async (full) => {
    await full.getByRole("button", { name: support, exact: true }).click();
    await full.getByTestId("my-vote").waitFor({ timeout: 60_000 });
  });
}

/** Each account signs in on `path` and votes For on every listed proposal. */
export async function votersVoteFor(suite: BrowserWorld, accounts: number[], path: string, descriptions: string[]): Promise<void> {
  for (const account of accounts) {
    const { page, context } = await signedInOn(suite, account, path);
    for (const d of descriptions) await vote(proposalCard(page, d));
    await context.close();
  }
}

/** Executes the passed proposal (on its page, from a list row) and waits for it to show as executed. */
export async function execute(card: Locator): Promise<void> {
  await inFull(card, async (full) => {
    await eventually(
      () => full.getAttribute("data-state"),
      (s) => expect(s).to.equal("succeeded"),
      30_000,
    );
    await full.getByRole("button", { name: "Execute" }).click();
    await eventually(
      () => full.getAttribute("data-state"),
      (s) => expect(s).to.equal("executed"),
      60_000,
    );
  });
}

/**
 * The cluster's members vote `token` in as its settlement token (setup for the clearing and
 * amounts tests, not the feature under test): `proposer` proposes the same parameters with the
 * new token, `voters` vote For, the vote ends (moving the chain's clock), the CDC executes.
 * Returns the cluster's ClearingHouse address.
 */
export async function settlementTokenByVote(world: World, clusterId: number, token: string, proposer: number, voters: number[]): Promise<string> {
  const cdc = hardhatAccount(0).connect(world.provider);
  const signer = (i: number) => hardhatAccount(i).connect(world.provider);
  const registry = IClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, cdc);
  const params = (await registry.cluster(clusterId)).params;
  const governor = await governorOf(world.record.contracts.ClusterRegistry.address, BigInt(clusterId), signer(proposer));
  const settle = await proposed(
    governor,
    governor.proposeParams(
      {
        votingPeriod: params.votingPeriod,
        quorumBps: params.quorumBps,
        approvalThresholdBps: params.approvalThresholdBps,
        admissionPolicy: params.admissionPolicy,
        documentsMustBeEncrypted: params.documentsMustBeEncrypted,
        coreVeto: params.coreVeto,
        clearingCycleLength: params.clearingCycleLength,
        settlementToken: token,
      },
      "Settle clearing in the test deposit token",
    ),
  );
  for (const voter of voters) await (await governor.connect(signer(voter)).castVote(settle.proposalId, Vote.For)).wait();
  await world.travel(Number(params.votingPeriod) + 1);
  await executeProposal(governor.connect(cdc), settle);
  const detail = (await (await fetch(`${world.baseUrl}/api/clusters/${clusterId}`)).json()) as { components: Record<string, string> };
  return detail.components.Clearing!;
}
