import { expect } from "chai";
import { memoryPageOf, type MemoryList } from "../../backend/query/memoryPage.js";
import type { PageRequest } from "../../core/api/schemas/page.js";

// Paging over a list computed in memory (a cycle's flows): every row once, in the sort's order,
// whatever the ties, in both directions, and stable while rows arrive between pages.

interface Row {
  id: number;
  name: string;
  amount: bigint;
}

const LIST: MemoryList<Row, "id" | "name" | "amount"> = {
  sorts: {
    id: { kind: "number", value: (r) => r.id },
    name: { kind: "text", value: (r) => r.name },
    amount: { kind: "amount", value: (r) => r.amount },
  },
  key: (r) => `k${String(r.id).padStart(4, "0")}`,
  search: (r) => r.name.toLowerCase(),
};

/** Rows with many ties: ten names, amounts past 2^64 and repeated. */
function rowsOf(count: number, from = 1): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    return { id, name: `Seat ${(id * 7) % 10}`, amount: (BigInt(id % 5) << 70n) + BigInt(id % 3) };
  });
}

/** Every page of `request`, following the cursors, as ids; page p is read from `rowsAt(p)` (a list computed afresh). */
function walk(rowsAt: readonly Row[] | ((page: number) => readonly Row[]), request: Omit<PageRequest, "after">): number[] {
  const seen: number[] = [];
  let after: string | undefined;
  for (let page = 0; ; page++) {
    const rows = typeof rowsAt === "function" ? rowsAt(page) : rowsAt;
    const answer = memoryPageOf(rows, LIST, { ...request, ...(after ? { after } : {}) });
    expect(answer.rows.length).to.be.at.most(request.limit);
    seen.push(...answer.rows.map((r) => r.id));
    if (answer.next === null) return seen;
    after = answer.next;
  }
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const reference: Record<"id" | "name" | "amount", (a: Row, b: Row) => number> = {
  id: (a, b) => a.id - b.id,
  name: (a, b) => collator.compare(a.name, b.name),
  amount: (a, b) => (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0),
};

describe("paging a list held in memory", function () {
  const rows = rowsOf(53);

  for (const sort of ["id", "name", "amount"] as const) {
    for (const descending of [false, true]) {
      it(`walks every row once in ${descending ? "descending" : "ascending"} ${sort} order, ties by key`, function () {
        for (const limit of [1, 4, 7, 53, 100]) {
          const expected = [...rows].sort((a, b) => reference[sort](a, b) || LIST.key(a).localeCompare(LIST.key(b))).map((r) => r.id);
          if (descending) expected.reverse();
          expect(walk(rows, { sort: descending ? `-${sort}` : sort, limit }), `limit ${limit}`).to.deep.equal(expected);
        }
      });
    }
  }

  it("searches, counts what matches on every page, and pages the matches only", function () {
    const first = memoryPageOf(rows, LIST, { sort: "id", limit: 2, q: "SEAT 3" });
    const matching = rows.filter((r) => r.name === "Seat 3").map((r) => r.id);
    expect(first.matching).to.equal(matching.length);
    expect(walk(rows, { sort: "id", limit: 2, q: "seat 3" })).to.deep.equal(matching);
    expect(memoryPageOf(rows, LIST, { sort: "id", limit: 2, q: "nobody" })).to.deep.equal({ rows: [], next: null, matching: 0 });
  });

  it("neither repeats nor skips a row that was there when rows arrive between pages", function () {
    for (const sort of ["amount", "-amount", "name", "-id"]) {
      // Each page is read from the list as it then is: two more rows each time, among the others.
      const rowsAt = (page: number) => {
        const grown = rowsOf(40);
        for (let p = 1; p <= page; p++) grown.splice(p * 3, 0, ...rowsOf(2, 1000 + p * 2));
        return grown;
      };
      const seen = walk(rowsAt, { sort, limit: 6 });
      expect(new Set(seen).size, sort).to.equal(seen.length);
      // Rows that arrive ahead of the cursor are seen on later pages (by -id they all sort before it).
      if (sort !== "-id")
        expect(
          seen.filter((id) => id >= 1000),
          sort,
        ).to.not.be.empty;
      for (const id of rowsOf(40).map((r) => r.id)) expect(seen, `${sort}: ${id}`).to.include(id);
    }
  });

  it("refuses a sort the list lacks and a cursor of another order or with a value its sort could not make", function () {
    const cursor = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const refused = (request: PageRequest) => expect(() => memoryPageOf(rows, LIST, request)).to.throw(/Invalid query/);
    refused({ sort: "owed", limit: 5 });
    refused({ sort: "amount", limit: 5, after: cursor(["id", "5", "k0001"]) });
    refused({ sort: "amount", limit: 5, after: cursor(["amount", "1.5", "k0001"]) });
    refused({ sort: "amount", limit: 5, after: cursor(["amount", "1".repeat(79), "k0001"]) });
    refused({ sort: "id", limit: 5, after: cursor(["id", "5", "k0001"]) });
    refused({ sort: "id", limit: 5, after: cursor(["id", 5, 7]) });
    refused({ sort: "id", limit: 5, after: "%%%" });
  });
});
