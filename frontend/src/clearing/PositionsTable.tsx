import type { ClearingCycle } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { Amount } from "../ui/amount.js";
import { Badge } from "../ui/StatusBadge.js";
import { TableScroll } from "../ui/TableScroll.js";

/** What each member's position came to: net, funded, what it was paid and whether it took it out. */
export function PositionsTable({ cycle }: { cycle: ClearingCycle }) {
  if (cycle.positions.length === 0) return <p className="empty">No member had a position in this cycle.</p>;
  return (
    <TableScroll label={`Net positions, funding and withdrawals in cycle ${cycle.cycle}`}>
      <table className="table" data-testid="cycle-positions">
        <thead>
          <tr>
            <th>Member</th>
            <th className="num">Net position</th>
            <th className="num">Funded</th>
            <th className="num">Rolled over</th>
            <th className="num">Payout</th>
            <th className="num">Withdrawn</th>
            <th className="num">Refunded</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cycle.positions.map((p) => (
            <tr key={p.member} data-member={p.member} data-net={p.net} data-withdrawn={p.withdrawn} data-funded={p.funded}>
              <td className="clearing-member">
                <Address value={p.member} />
              </td>
              <td className="num">
                <Amount value={p.net} />
              </td>
              <td className="num">
                <Amount value={p.funded} />
              </td>
              <td className="num">
                <Amount value={p.rolled} />
              </td>
              <td className="num">
                <Amount value={p.payout} />
              </td>
              <td className="num">
                <Amount value={p.withdrawn} />
              </td>
              <td className="num">
                <Amount value={p.refunded} />
              </td>
              <td>
                {p.defaulted ? (
                  <Badge tone="bad">defaulted</Badge>
                ) : BigInt(p.payout ?? "0") > 0n && BigInt(p.withdrawn) === 0n ? (
                  <Badge tone="warn">not withdrawn yet</Badge>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
