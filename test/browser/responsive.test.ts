import { expect } from "chai";
import type { Page } from "playwright-core";
import { axeViolations, describeViolations } from "./axe.js";
import { screenshot, signIn } from "./browser.js";
import { useBrowserWorld } from "./suite.js";

// Every main page as a visitor, a member (hardhat #1, a founder of the demo cluster) and the CDC
// (#0): at phone width (390 × 844) no page is wider than the screen and the header's menu button
// opens the navigation; at phone width and on a desktop axe-core finds no WCAG 2.1 A/AA violation.
// Screenshots go to test-artifacts/browser/responsive/.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 1000 };
const CLUSTER_TABS = ["network", "members", "proposals", "configuration", "documents", "agreements", "clearing"];

interface Persona {
  name: "visitor" | "member" | "cdc";
  account: number;
  signsIn: boolean;
}
const PERSONAS: Persona[] = [
  // #12 holds no role and does not sign in.
  { name: "visitor", account: 12, signsIn: false },
  { name: "member", account: 1, signsIn: true },
  { name: "cdc", account: 0, signsIn: true },
];

function pagesOf(persona: Persona, clusterId: number): string[] {
  return [
    "/",
    "/catalog",
    "/initiatives",
    ...CLUSTER_TABS.map((tab) => `/clusters/${clusterId}/${tab}`),
    "/account",
    "/network",
    ...(persona.name === "cdc" ? ["/cdc/register", `/cdc/configure?cluster=${clusterId}`] : []),
  ];
}

const shotName = (persona: Persona, path: string, width: number) =>
  `browser/responsive/after-${persona.name}-${width}-${path.replace(/\?.*$/, "").replace(/^\//, "").replace(/\//g, "-") || "overview"}`;

/** Waits until the page has drawn its heading and nothing says it is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor();
  await page
    .locator("main .loading")
    .first()
    .waitFor({ state: "detached", timeout: 20_000 })
    .catch(() => {});
  await page.waitForTimeout(300);
}

/** What is wrong with the page as it stands: wider than the viewport, or axe-core violations. */
async function problems(page: Page, where: string, checkWidth: boolean): Promise<string[]> {
  const found: string[] = [];
  if (checkWidth) {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    if (scrollWidth > innerWidth) found.push(`${where}: the page is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
  }
  const violations = await axeViolations(page);
  if (violations.length) found.push(describeViolations(where, violations));
  return found;
}

describe("The web app at phone width and to axe-core's WCAG 2.1 A/AA rules, driven in Chromium", function () {
  this.timeout(900_000);
  const suite = useBrowserWorld();

  for (const persona of PERSONAS) {
    it(`fits every page into 390 px with a working menu button, and passes axe-core, for the ${persona.name}`, async function () {
      const { world } = suite;
      const { page } = await suite.open(persona.account);
      await page.setViewportSize(PHONE);
      await page.goto("/");
      await settled(page);

      // The header folds its navigation behind a menu button, operable by keyboard.
      const menu = page.getByRole("button", { name: "Menu" });
      const nav = page.getByRole("navigation", { name: "Main" });
      expect(await menu.getAttribute("aria-expanded")).to.equal("false");
      expect(await nav.isVisible(), "navigation folded away").to.equal(false);
      await menu.focus();
      await page.keyboard.press("Enter");
      await nav.waitFor();
      expect(await menu.getAttribute("aria-expanded")).to.equal("true");
      expect(await page.locator(`#${await menu.getAttribute("aria-controls")}`).isVisible()).to.equal(true);
      const found = await problems(page, `${persona.name} at 390 px, menu open`, true);
      await screenshot(page, `browser/responsive/after-${persona.name}-390-menu-open`, { fullPage: false });
      if (persona.signsIn) {
        await signIn(page);
        await nav.getByRole("link", { name: "Network" }).waitFor();
      }
      // Escape shuts it and gives the focus back to its button.
      await page.keyboard.press("Escape");
      await nav.waitFor({ state: "hidden" });
      expect(await menu.getAttribute("aria-expanded")).to.equal("false");
      expect(await menu.evaluate((el) => el === document.activeElement)).to.equal(true);
      // Following a link shuts it too.
      await menu.click();
      await nav.getByRole("link", { name: "Catalog" }).click();
      await page.waitForURL(/\/catalog$/);
      await nav.waitFor({ state: "hidden" });
      expect(await menu.getAttribute("aria-expanded")).to.equal("false");

      const pages = pagesOf(persona, world.demo.clusterId);
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        const titles = new Map<string, string>();
        for (const path of pages) {
          await page.goto(path);
          if (persona.signsIn) await page.locator('[data-wallet="signed-in"]').waitFor({ state: "attached" });
          await settled(page);
          found.push(...(await problems(page, `${persona.name} at ${viewport.width} px on ${path}`, viewport === PHONE)));
          // Each page names the browser tab after itself, and no two pages share a name.
          const title = await page.title();
          if (!/^.+ · Cluster Platform$/.test(title)) found.push(`${path}: the page's title is "${title}"`);
          if (titles.has(title)) found.push(`${path} and ${titles.get(title)} share the title "${title}"`);
          titles.set(title, path);
          if (persona.name !== "visitor" || viewport === PHONE) await screenshot(page, shotName(persona, path, viewport.width));
        }
      }
      expect(found, found.join("\n")).to.deep.equal([]);
    });
  }

  it("offers no Retry for a cluster that does not exist, and names the missing page", async function () {
    const { page } = await suite.open();
    await page.goto("/clusters/9999");
    await page.getByText("Could not load").waitFor();
    expect(await page.getByRole("button", { name: "Retry" }).count()).to.equal(0);
    await page.goto("/no-such-page");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.title()).to.equal("Page not found · Cluster Platform");
  });

  it("draws the cluster network at a readable size on a phone, zoomed in its own scrolling frame", async function () {
    const { page } = await suite.open(12);
    await page.setViewportSize(PHONE);
    await page.goto(`/clusters/${suite.world.demo.clusterId}/network`);
    const drawing = page.getByTestId("network-diagram");
    const frame = page.getByRole("region", { name: "Network drawing" });
    await drawing.waitFor();
    const fitted = (await drawing.boundingBox())!.width;
    expect(fitted, "not shrunk to a thumbnail").to.be.at.least(640);
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    const zoomed = (await drawing.boundingBox())!.width;
    expect(zoomed).to.be.greaterThan(fitted);
    // The frame scrolls; the page stays as wide as the screen.
    expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth)).to.equal(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).to.equal(true);
    await frame.focus();
    await page.keyboard.press("ArrowRight");
    await screenshot(page, "browser/responsive/after-visitor-390-network-zoomed", { fullPage: false });
    await page.getByRole("button", { name: "Fit" }).click();
    expect((await drawing.boundingBox())!.width).to.equal(fitted);
  });
});
