import { expect } from "chai";
import type { Browser } from "playwright-core";
import { launchBrowser, openSession, openVisitor, type Session, type VisitorSession } from "./browser.js";
import { appErrors } from "./eventually.js";
import { startWorld, type World } from "./world.js";

export interface BrowserWorld {
  /** The running world; available from the suite's first test on. */
  readonly world: World;
  /** A fresh browser context whose injected wallet signs as hardhat account `account`. */
  open(account?: number): Promise<Session>;
  /** A fresh browser context without any wallet. */
  visit(): Promise<VisitorSession>;
}

/**
 * The hooks every browser test file shares, registered in the calling describe(): one world
 * (chain, platform, backend, web app) and one Chromium for the file, a context per session,
 * and a passing test fails anyway if its pages logged an application error.
 */
export function useBrowserWorld(): BrowserWorld {
  let world: World | undefined;
  let browser: Browser | undefined;
  let sessions: VisitorSession[] = [];

  before(async function () {
    this.timeout(15 * 60_000);
    world = await startWorld();
    browser = await launchBrowser();
  });

  afterEach(async function () {
    for (const s of sessions) {
      const errors = appErrors(s);
      await s.context.close();
      if (this.currentTest?.state === "passed") expect(errors, "errors in the page").to.deep.equal([]);
    }
    sessions = [];
  });

  after(async function () {
    await browser?.close();
    await world?.stop();
  });

  const started = (): { world: World; browser: Browser } => {
    if (!world || !browser) throw new Error("The browser world has not started: use it inside a test");
    return { world, browser };
  };
  return {
    get world() {
      return started().world;
    },
    async open(account = 0) {
      const { world: w, browser: b } = started();
      const session = await openSession(b, w, account);
      sessions.push(session);
      return session;
    },
    async visit() {
      const { world: w, browser: b } = started();
      const session = await openVisitor(b, w);
      sessions.push(session);
      return session;
    },
  };
}
