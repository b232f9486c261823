import { expect } from "chai";
import type { Locator, Page, Request } from "playwright-core";
import { governorOf } from "../../core/chain/governor.js";
import { axeViolations } from "./axe.js";
import { screenshot, signIn, type Session } from "./browser.js";
import { eventually } from "./eventually.js";
import { proposalCard, signedInOn } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";
import { hardhatAccount, type World } from "./world.js";

// What the web app shows while the platform's server or the chain is away and once it is back,
// and when the wallet switches account or network in the middle of a write.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 1000 };

/** Screenshots of the page as it stands, on a desktop and a phone (`name` and `name-390`); axe finds nothing on it. */
async function bothWidths(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), "accessibility violations").to.deep.equal([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "page width on a desktop").to.be.at.most(DESKTOP.width);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "page width at 390 px").to.be.at.most(PHONE.width);
  await page.setViewportSize(DESKTOP);
}

/** A member's New proposal form, open and filled in with a dissolution proposal described as `description`. */
async function fillProposal(page: Page, description: string): Promise<Locator> {
  await page.getByRole("button", { name: "New proposal" }).click();
  const form = page.getByRole("form", { name: "New proposal" });
  await form.getByLabel("Kind").selectOption("dissolution");
  await form.getByLabel("Description").fill(description);
  return form;
}

/** Sends the form and resolves with what its failed transaction says. */
async function refusal(form: Locator): Promise<string> {
  await form.getByRole("button", { name: "Propose" }).click();
  const failed = form.locator('[data-tx-phase="failed"]');
  await failed.waitFor({ timeout: 30_000 });
  return (await failed.textContent()) ?? "";
}

/** Marks the document: a page that still has the mark was never reloaded. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
const stillSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded === true);

describe("Outages and wallet switches, driven in Chromium", function () {
  this.timeout(600_000);
  const suite = useBrowserWorld();
  let world: World;
  let proposals: string;
  before(() => {
    world = suite.world;
    proposals = `/clusters/${world.demo.clusterId}/proposals`;
  });

  it("keeps the page with one banner while the server is away, backs off, refuses a write, and refreshes by itself once it is back", async function () {
    const member = await signedInOn(suite, 1, proposals);
    const { page, wallet } = member;
    const form = await fillProposal(page, "Written while the server was away");
    await markDocument(page);

    await world.stopBackend();
    const banner = page.getByTestId("api-outage");
    try {
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).to.contain("The platform's server does not answer; retrying…");
      // What was loaded stays; no card turns into an error of its own.
      await page.getByTestId("proposals-tab").waitFor();
      expect(await page.locator(".notice-error").count(), "error notices").to.equal(0);
      await bothWidths(page, "outages-server-away");

      // Polling pauses and the status probe backs off: a few probes further and further apart.
      const asked: { path: string; at: number }[] = [];
      const onRequest = (r: Request) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith("/api/") && path !== "/api/feed") asked.push({ path, at: Date.now() });
      };
      page.on("request", onRequest);
      await page.waitForTimeout(12_000);
      page.off("request", onRequest);
      expect(
        asked.filter((r) => r.path !== "/api/status").map((r) => r.path),
        "requests besides the status probe",
      ).to.deep.equal([]);
      expect(asked.length, "status probes in 12 s").to.be.within(2, 6);
      const gaps = asked.slice(1).map((r, i) => r.at - asked[i]!.at);
      expect(gaps.at(-1), "the last wait between probes (ms)").to.be.at.least(3500);

      const sent = wallet.sentTransactions.length;
      expect(await refusal(form)).to.contain("The platform's server does not answer, so nothing was sent");
      expect(wallet.sentTransactions.length, "transactions sent").to.equal(sent);
      expect(await form.getByLabel("Description").inputValue()).to.equal("Written while the server was away");

      // Meanwhile another member proposes straight on the chain: the page must show it unasked.
      const governor = await governorOf(
        world.record.contracts.ClusterRegistry.address,
        BigInt(world.demo.clusterId),
        hardhatAccount(2).connect(world.provider),
      );
      await (await governor.proposeDissolution("Proposed while the server was away")).wait();
    } finally {
      await world.startBackend();
    }
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    await proposalCard(page, "Proposed while the server was away").waitFor({ timeout: 30_000 });
    expect(await stillSameDocument(page), "the page was not reloaded").to.equal(true);
  });

  it("says so while the chain does not answer, refuses writes, and sends once it is back", async function () {
    const { page, wallet } = await signedInOn(suite, 1, proposals);
    const form = await fillProposal(page, "Written while the chain was away");

    await world.pauseChain();
    try {
      const banner = page.getByTestId("chain-outage");
      // The backend calls the chain unreachable once its calls time out (CLUSTER_RPC_TIMEOUT_MS).
      await banner.waitFor({ timeout: 60_000 });
      expect(await banner.textContent()).to.contain("The chain does not answer: transactions are paused until it is back.");
      expect(await page.getByTestId("api-outage").count()).to.equal(0);
      await bothWidths(page, "outages-chain-away");

      const sent = wallet.sentTransactions.length;
      expect(await refusal(form)).to.contain("The chain does not answer, so nothing was sent");
      expect(wallet.sentTransactions.length, "transactions sent").to.equal(sent);
    } finally {
      await world.resumeChain();
    }
    await page.getByTestId("chain-outage").waitFor({ state: "detached", timeout: 30_000 });
    await form.getByRole("button", { name: "Propose" }).click();
    await form.locator('[data-tx-phase="confirmed"]').waitFor({ timeout: 60_000 });
  });

  it("ends the session when the wallet switches account, and sends nothing from the new account unasked", async function () {
    const { page, wallet } = await signedInOn(suite, 1, proposals);
    const form = await fillProposal(page, "Filled in as Nemiga");
    const next = hardhatAccount(2).address.toLowerCase();

    await wallet.switchAccount(hardhatAccount(2));
    const notice = page.getByTestId("wallet-notice");
    await notice.waitFor();
    expect(await notice.textContent()).to.contain("Your wallet switched to another account");
    await page.locator('[data-wallet="connected"]').waitFor();
    expect(await page.getByTestId("wallet-address").innerHTML(), "the header shows the new account").to.contain(next);
    expect(await page.evaluate(() => sessionStorage.getItem("cluster-platform.session"))).to.equal(null);
    // A member's form went with the session: nothing of it can go out from the other account.
    await form.waitFor({ state: "detached" });
    await bothWidths(page, "outages-account-switched");

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('[data-wallet="signed-in"]').waitFor();
    await notice.waitFor({ state: "detached" });
    // The form opens again (empty) or its button comes back, once the new account's seat is read.
    const again = page.getByRole("form", { name: "New proposal" });
    await again.or(page.getByRole("button", { name: "New proposal" })).waitFor();
    if (!(await again.isVisible())) await page.getByRole("button", { name: "New proposal" }).click();
    expect(await again.getByLabel("Description").inputValue(), "what the other account typed").to.equal("");
    expect(wallet.sentTransactions, "transactions sent").to.deep.equal([]);
  });

  it("finishes a transaction sent before an account switch, and says how it ended", async function () {
    const { page, wallet } = await signedInOn(suite, 3, proposals);
    const form = await fillProposal(page, "Sent just before the switch");
    await world.provider.send("testchain_setAutomine", [false]);
    try {
      await form.getByRole("button", { name: "Propose" }).click();
      await form.locator('[data-tx-phase="pending"]').waitFor({ timeout: 30_000 });
      await wallet.switchAccount(hardhatAccount(4));
      const tray = page.getByTestId("orphan-transactions");
      await tray.locator('[data-tx-phase="pending"]').waitFor();
      await world.provider.send("testchain_mine", []);
      const done = tray.locator('[data-tx-phase="confirmed"]');
      await done.waitFor({ timeout: 60_000 });
      expect(await done.textContent()).to.contain("before your wallet switched to another one");
      await bothWidths(page, "outages-sent-before-switch");
    } finally {
      await world.provider.send("testchain_setAutomine", [true]);
    }
    expect(wallet.sentTransactions).to.have.length(1);
  });

  it("refuses writes while the wallet is on another network, and sends once it is switched back", async function () {
    const { page, wallet } = await signedInOn(suite, 1, proposals);
    const form = await fillProposal(page, "Written on the wrong network");

    await wallet.switchChain(1);
    const switchBack = page.getByRole("button", { name: `Wrong network · switch to ${world.chainId}` });
    await switchBack.waitFor();
    expect(await refusal(form)).to.contain(`Your wallet is on chain 1; switch it to chain ${world.chainId} first.`);
    expect(wallet.sentTransactions, "transactions sent").to.deep.equal([]);
    await bothWidths(page, "outages-wrong-network");
    // On a phone the header's button is folded into the menu: a banner says it.
    await page.setViewportSize(PHONE);
    await page.getByTestId("wrong-chain").getByRole("button", { name: "Switch network" }).waitFor();
    await page.setViewportSize(DESKTOP);
    expect(await page.getByTestId("wrong-chain").isVisible(), "the banner on a desktop").to.equal(false);

    await switchBack.click();
    await switchBack.waitFor({ state: "detached" });
    await form.getByRole("button", { name: "Propose" }).click();
    await form.locator('[data-tx-phase="confirmed"]').waitFor({ timeout: 60_000 });
  });

  it("never puts the session token in a URL, the notification feed's included", async function () {
    const member: Session = await suite.open(1);
    const { page } = member;
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await page.goto(proposals);
    await signIn(page);
    await page.goto("/initiatives");
    await page.goto(proposals);
    await page.getByTestId("proposals-tab").waitFor();
    const { token } = JSON.parse((await page.evaluate(() => sessionStorage.getItem("cluster-platform.session"))) ?? "{}") as { token: string };
    expect(token).to.be.a("string").and.not.equal("");
    await eventually(
      async () => requests.find((r) => new URL(r.url()).pathname === "/api/feed"),
      (feed) => expect(feed, "a request for the notification feed").to.not.equal(undefined),
    );
    const feed = requests.find((r) => new URL(r.url()).pathname === "/api/feed")!;
    expect((await feed.allHeaders())["authorization"], "the feed's Authorization header").to.equal(`Bearer ${token}`);
    expect(requests.filter((r) => r.url().includes(token)).map((r) => r.url())).to.deep.equal([]);
    expect(page.url()).not.to.contain(token);
  });
});
