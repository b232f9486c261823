import { createRequire } from "node:module";
import type { Page } from "playwright-core";

// axe-core's WCAG 2.1 A and AA rules, run in the page as it stands: the browser suite's
// accessibility check.

const require = createRequire(import.meta.url);
const AXE_SOURCE = (require("axe-core") as { source: string }).source;

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The page's WCAG 2.1 A/AA violations as axe-core finds them, one entry per rule. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The app's Content-Security-Policy (script-src 'self') refuses an inline <script>; the
  // DevTools protocol's evaluation is not subject to it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  return page.evaluate(async (tags) => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
  }, WCAG_21_AA);
}

/** The violations as a failure message: each rule's id, impact and the elements it found. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return [
    `${where}: ${violations.length} axe-core rule(s) violated`,
    ...violations.map((v) => `  ${v.id} (${v.impact ?? "no impact"}): ${v.help}\n${v.targets.map((t) => `    ${t}`).join("\n")}`),
  ].join("\n");
}
