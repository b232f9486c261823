import { expect } from "chai";
import { byNumber, byText, listPage } from "../../frontend/src/ui/listView.js";

// The web app's lists: search, sort and paging as the tables apply them (frontend/src/ui/listView.tsx).

interface Row {
  seat: number;
  name: string;
  address: string;
}

const rows: Row[] = Array.from({ length: 45 }, (_, i) => ({
  seat: i + 1,
  name: i % 3 === 0 ? `Works ${i + 1}` : `Institute ${i + 1}`,
  address: `0x${(i + 1).toString(16).padStart(40, "a")}`,
}));
const opts = {
  searchText: (r: Row) => [r.name, r.address, null],
  sorts: { seat: byNumber((r: Row) => r.seat), name: byText((r: Row) => r.name) },
};
const state = { query: "", sort: { key: "seat" as "seat" | "name", direction: "asc" as const }, page: 1, pageSize: 20 };

describe("lists in the web app: search, sort and paging", function () {
  it("pages the list, the last page holding the rest, and clamps a page out of range", function () {
    const first = listPage(rows, state, opts);
    expect(first.rows.map((r) => r.seat)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(first).to.include({ matching: 45, page: 1, pages: 3 });
    const last = listPage(rows, { ...state, page: 3 }, opts);
    expect(last.rows.map((r) => r.seat)).to.deep.equal([41, 42, 43, 44, 45]);
    expect(listPage(rows, { ...state, page: 9 }, opts).page).to.equal(3);
    expect(listPage(rows, { ...state, page: 0 }, opts).page).to.equal(1);
    expect(listPage([], state, opts)).to.deep.equal({ rows: [], matching: 0, page: 1, pages: 1 });
  });

  it("finds rows having every word of the query, in any case, in any of their texts", function () {
    const works = listPage(rows, { ...state, query: "WORKS" }, opts);
    expect(works.matching).to.equal(15);
    expect(works.rows.every((r) => r.name.startsWith("Works"))).to.equal(true);
    expect(listPage(rows, { ...state, query: "works 4" }, opts).rows.map((r) => r.seat)).to.deep.equal([4, 34, 40, 43]);
    // Seat 35's address ends in 23 (0x23 = 35): the address is searched too.
    expect(listPage(rows, { ...state, query: "  institute   23 " }, opts).rows.map((r) => r.seat)).to.deep.equal([23, 35]);
    expect(listPage(rows, { ...state, query: rows[5]!.address.slice(-6).toUpperCase() }, opts).rows.map((r) => r.seat)).to.deep.equal([6]);
    expect(listPage(rows, { ...state, query: "nowhere" }, opts).matching).to.equal(0);
  });

  it("sorts texts as people read them, numbers by value, either way", function () {
    const byName = listPage(rows, { ...state, sort: { key: "name", direction: "asc" }, pageSize: 100 }, opts).rows.map((r) => r.name);
    // "Institute 2" before "Institute 10": numbers inside names compare by value.
    expect(byName.slice(0, 3)).to.deep.equal(["Institute 2", "Institute 3", "Institute 5"]);
    expect(byName.at(-1)).to.equal("Works 43");
    const down = listPage(rows, { ...state, sort: { key: "seat", direction: "desc" } }, opts).rows.map((r) => r.seat);
    expect(down.slice(0, 3)).to.deep.equal([45, 44, 43]);
  });
});
