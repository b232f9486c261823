import { expect } from "chai";
import { qrPath } from "../../frontend/src/ui/QrCode.js";

// The ballot link's QR code as the web app draws it (frontend/src/ui/QrCode.tsx): the path's
// squares must be a QR symbol a camera finds, with its three finder patterns where they belong.

/** The dark modules the path draws, back as a grid. */
function modules(path: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(w); i++) grid[Number(y)]![Number(x) + i] = true;
  }
  return grid;
}

/** A finder pattern: a dark 7×7 ring, a light ring inside, a dark 3×3 centre. */
function finderAt(grid: boolean[][], top: number, left: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(y - 3), Math.abs(x - 3));
      if (grid[top + y]![left + x] !== (ring !== 2)) return false;
    }
  }
  return true;
}

describe("the ballot link's QR code", function () {
  it("draws a whole QR symbol: a quiet border, finder patterns in three corners, a size QR versions allow", function () {
    const link = `http://127.0.0.1:8080/clusters/1/proposals/${"7".repeat(77)}#ballot=${"A".repeat(400)}`;
    const { size, path } = qrPath(link);
    const border = 2;
    const inner = size - 2 * border;
    expect((inner - 17) % 4, "21 + 4k modules").to.equal(0);
    const grid = modules(path, size);
    expect(grid[0]!.some(Boolean) || grid.some((r) => r[0]), "the border stays light").to.equal(false);
    expect(finderAt(grid, border, border), "top left").to.equal(true);
    expect(finderAt(grid, border, size - border - 7), "top right").to.equal(true);
    expect(finderAt(grid, size - border - 7, border), "bottom left").to.equal(true);
    expect(finderAt(grid, size - border - 7, size - border - 7), "no finder bottom right").to.equal(false);
    // A longer text needs a larger symbol.
    expect(qrPath(`${link}${"B".repeat(300)}`).size).to.be.greaterThan(size);
  });
});
