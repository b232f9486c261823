import { expect } from "chai";
import { chartedPositions } from "../../frontend/src/clearing/NetPositionsChart.js";

// The web app's net positions drawing (frontend/src/clearing/NetPositionsChart.tsx): a cycle of a
// large cluster has a position per member, and the drawing keeps the largest.

const position = (i: number, net: bigint) => ({ member: `0x${i.toString(16).padStart(40, "0")}`, net: net.toString() });

describe("the net positions drawing", function () {
  it("draws every non-zero position while they fit, in the order given", function () {
    const positions = [position(1, 5n), position(2, 0n), position(3, -7n), position(4, 2n)];
    expect(chartedPositions(positions, 3)).to.deep.equal({ rows: [positions[0], positions[2], positions[3]], nonZero: 3 });
    expect(chartedPositions([position(1, 0n)], 3)).to.deep.equal({ rows: [], nonZero: 0 });
  });

  it("keeps the largest either way when there are more, in the order given, the earlier of equals", function () {
    // 1,000 members: payables and receivables of every size, a few of them equal.
    const positions = Array.from({ length: 1000 }, (_, i) => position(i, BigInt((((i * 7919) % 1000) - 500) * (i % 3 === 0 ? -1 : 1)) * 10n ** 18n));
    const { rows, nonZero } = chartedPositions(positions, 30);
    expect(nonZero).to.equal(positions.filter((p) => p.net !== "0").length);
    expect(rows).to.have.length(30);
    const size = (p: { net: string }) => (BigInt(p.net) < 0n ? -BigInt(p.net) : BigInt(p.net));
    const smallestKept = rows.reduce((m, p) => (size(p) < m ? size(p) : m), size(rows[0]!));
    const left = positions.filter((p) => !rows.includes(p));
    expect(left.every((p) => size(p) <= smallestKept)).to.equal(true);
    // The kept ones keep their order; among positions as large as the smallest kept, the earlier ones were kept.
    const index = (p: (typeof positions)[number]) => positions.indexOf(p);
    expect(rows.map(index)).to.deep.equal([...rows.map(index)].sort((a, b) => a - b));
    const lastTie = Math.max(...rows.filter((p) => size(p) === smallestKept).map(index));
    expect(left.filter((p) => size(p) === smallestKept).every((p) => index(p) > lastTie)).to.equal(true);
  });
});
