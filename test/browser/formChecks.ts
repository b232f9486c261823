import { expect } from "chai";
import type { Locator, Page } from "playwright-core";
import { axeViolations, describeViolations } from "./axe.js";
import { screenshot, type Session } from "./browser.js";

// What every form test checks of a refused form (issue 11, point 6): nothing reached the wallet,
// the fields are marked, and the form is accessible and fits at desktop and phone widths.

export const markOf = (session: Session) => ({ sent: session.wallet.sentTransactions.length, calls: session.wallet.calls.length });

/** What the wallet has been asked since `mark`: no transaction may be among it. */
export function nothingSent(session: Session, mark: { sent: number; calls: number }): void {
  expect(session.wallet.sentTransactions.slice(mark.sent), "nothing signed").to.deep.equal([]);
  expect(session.wallet.calls.slice(mark.calls), "no transaction asked for").not.to.include("eth_sendTransaction");
}

export async function invalid(...fields: Locator[]): Promise<void> {
  for (const field of fields) expect(await field.getAttribute("aria-invalid"), `${String(field)} is marked`).to.equal("true");
}

/** No axe violation on the page, and the form within the viewport (its tables scroll in their own regions). */
export async function accessible(page: Page, form: Locator, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).to.deep.equal([]);
  const { right, overflow, innerWidth } = await form.evaluate((el) => ({
    right: Math.round(el.getBoundingClientRect().right),
    overflow: el.scrollWidth - el.clientWidth,
    innerWidth: window.innerWidth,
  }));
  expect(right, `${where}: the form's right edge`).to.be.at.most(innerWidth);
  expect(overflow, `${where}: the form's overflow`).to.equal(0);
}

/** Screenshots at desktop width and at 390 px (back to desktop afterwards), the refused form accessible at both. */
export async function bothWidths(page: Page, form: Locator, name: string): Promise<void> {
  await screenshot(page, name);
  await accessible(page, form, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await accessible(page, form, `${name} at 390 px`);
  await page.setViewportSize({ width: 1400, height: 1000 });
}
