import type { Locator } from "playwright-core";

// What the clearing pages' tests check of a cycle's drawing and amounts.

/** An amount of the test's settlement token (2 decimals, "CSR") as the page shows it to an en-US reader. */
export function csr(base: bigint | string | number): string {
  const v = BigInt(base);
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? "−" : ""}${(abs / 100n).toLocaleString("en-US")}.${String(abs % 100n).padStart(2, "0")} CSR`;
}

/** Pairs of texts in the drawing whose boxes on screen intersect (a name and an amount, or two amounts). */
export async function overlappingTexts(graph: Locator): Promise<string[]> {
  return graph.evaluate((root) => {
    const texts = [...root.querySelectorAll("svg text")].map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect() }));
    const found: string[] = [];
    texts.forEach((a, i) =>
      texts.slice(i + 1).forEach((b) => {
        const apart = a.box.right <= b.box.left || b.box.right <= a.box.left || a.box.bottom <= b.box.top || b.box.bottom <= a.box.top;
        if (!apart) found.push(`"${a.text}" and "${b.text}"`);
      }),
    );
    // And no amount on a member's circle.
    for (const label of root.querySelectorAll("svg .edge-label text")) {
      const l = label.getBoundingClientRect();
      for (const circle of root.querySelectorAll("svg .node circle")) {
        const c = circle.getBoundingClientRect();
        if (!(l.right <= c.left || c.right <= l.left || l.bottom <= c.top || c.bottom <= l.top)) found.push(`"${label.textContent}" on a member`);
      }
    }
    return found;
  });
}
