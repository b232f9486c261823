import type { Member } from "../api/types.js";
import { memberNames } from "../members/memberName.js";
import { useFormatAmount } from "../ui/amount.js";

/** Bars the chart draws at most: a cycle of a large cluster has a position per member. */
export const CHART_POSITIONS = 30;

const ROW = 26;
const LABEL = 230;
const WIDTH = 720;

interface NetPosition {
  member: string;
  net: string;
}

const size = (p: NetPosition) => (BigInt(p.net) < 0n ? -BigInt(p.net) : BigInt(p.net));

/** The non-zero positions, the `limit` largest (either way) when there are more, in the order given (ties: the earlier). */
export function chartedPositions(positions: readonly NetPosition[], limit: number): { rows: NetPosition[]; nonZero: number } {
  const nonZero = positions.map((p, i) => ({ p, i })).filter(({ p }) => BigInt(p.net) !== 0n);
  const kept =
    nonZero.length <= limit
      ? nonZero
      : [...nonZero]
          .sort((a, b) => (size(a.p) === size(b.p) ? a.i - b.i : size(a.p) > size(b.p) ? -1 : 1))
          .slice(0, limit)
          .sort((a, b) => a.i - b.i);
  return { rows: kept.map(({ p }) => p), nonZero: nonZero.length };
}

/** Net positions as diverging bars: receivable (net creditor) to the right, payable to the left; the largest when there are many. */
export function NetPositionsChart({ positions, members }: { positions: NetPosition[]; members: Member[] }) {
  const amountText = useFormatAmount();
  const { rows, nonZero } = chartedPositions(positions, CHART_POSITIONS);
  if (rows.length === 0) return <p className="empty">Every net position is zero: nothing to settle.</p>;
  const max = rows.reduce((m, p) => (size(p) > m ? size(p) : m), 1n);
  const half = (WIDTH - LABEL) / 2;
  const mid = LABEL + half;
  // The longest bar leaves room beside it for its amount ("−1,234,567.89 CSR" at 11 px).
  const scale = (v: bigint) => (Number((v * 1000n) / max) / 1000) * (half - 110);
  const name = memberNames(members);
  const height = rows.length * ROW + 30;
  return (
    // Keeps a readable size on a phone, scrolling in its frame.
    <div className="obligations-frame" role="region" aria-label="Net positions: drawing" tabIndex={0}>
      <svg
        className="net-chart"
        data-testid="net-positions-chart"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ minWidth: 560 }}
        role="img"
        aria-label="Net positions: receivable versus payable per member"
      >
        <text x={mid - 8} y={14} textAnchor="end" className="small" fill="#b42318">
          ← payable
        </text>
        <text x={mid + 8} y={14} className="small" fill="#067647">
          receivable →
        </text>
        <line x1={mid} x2={mid} y1={20} y2={height} stroke="#98a2b3" />
        {rows.map((p, i) => {
          const net = BigInt(p.net);
          const w = scale(net < 0n ? -net : net);
          const y = 24 + i * ROW;
          return (
            <g key={p.member} data-member={p.member} data-net={p.net}>
              <text x={LABEL - 8} y={y + 14} textAnchor="end" fontSize="12">
                {name(p.member)}
              </text>
              <rect x={net < 0n ? mid - w : mid} y={y + 3} width={Math.max(w, 1)} height={ROW - 8} fill={net < 0n ? "#f04438" : "#12b76a"} />
              <text x={net < 0n ? mid - w - 4 : mid + w + 4} y={y + 14} textAnchor={net < 0n ? "end" : "start"} fontSize="11" fill="#475467">
                {amountText(p.net)}
              </text>
            </g>
          );
        })}
      </svg>
      {rows.length < nonZero && (
        <p className="muted small" data-testid="net-positions-note">
          The drawing shows the {rows.length} largest of {nonZero} net positions.
        </p>
      )}
    </div>
  );
}
