import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { installTestWallet, type TestWallet } from "./testWallet.js";
import { ARTIFACTS, hardhatAccount, type World } from "./world.js";

const CHROMIUM = "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  wallet: TestWallet;
  /** Messages the page logged as errors, and uncaught exceptions: a clean run has none. */
  pageErrors: string[];
}

/** A visitor's browser: no wallet extension at all. */
export type VisitorSession = Omit<Session, "wallet">;

/** A fresh browser profile (empty sessionStorage) with the test wallet of hardhat account `account`. */
export async function openSession(browser: Browser, world: World, account = 0): Promise<Session> {
  const context = await newContext(browser, world);
  const wallet = await installTestWallet(context, { wallet: hardhatAccount(account), provider: world.provider, rpcUrl: world.rpcUrl, chainId: world.chainId });
  return { wallet, ...(await watchedPage(context)) };
}

/** A fresh browser profile without any wallet: what a visitor without an Ethereum wallet sees. */
export async function openVisitor(browser: Browser, world: World): Promise<VisitorSession> {
  return watchedPage(await newContext(browser, world));
}

async function newContext(browser: Browser, world: World): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: world.baseUrl, viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(30_000);
  return context;
}

async function watchedPage(context: BrowserContext): Promise<VisitorSession> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") pageErrors.push(msg.text());
  });
  return { context, page, pageErrors };
}

/** Connects the wallet and signs in with Ethereum through the header, as a person would. */
export async function signIn(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator('[data-wallet="signed-in"]').waitFor();
}

/** Waits for the scope's last transaction to be confirmed; a failed one fails the test with what the page says. */
export async function confirmed(scope: Locator | Page): Promise<void> {
  const root = "goto" in scope ? scope.locator("body") : scope;
  const tx = root.locator('[data-tx-phase="confirmed"], [data-tx-phase="failed"]').last();
  await tx.waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
    throw new Error(`${err.message}\nThe page shows: ${await root.textContent()}`);
  });
  if ((await tx.getAttribute("data-tx-phase")) === "failed") throw new Error(`The transaction failed: ${await tx.textContent()}`);
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await mkdir(dirname(path), { recursive: true });
  // A full-page capture of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  return path;
}
