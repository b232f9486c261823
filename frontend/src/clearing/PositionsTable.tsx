import type { ClearingCycle } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { Amount } from "../ui/amount.js";
import { Badge } from "../ui/StatusBadge.js";
import { accountText } from "../ui/names.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";

type Position = ClearingCycle["positions"][number];
type PositionSort = "member" | "net" | "funded" | "payout" | "withdrawn";

const units = (value: string | null) => BigInt(value ?? "0");

/**
 * What each member's position came to: net, funded, what it was paid and whether it took it out.
 * A cycle of a large cluster has a position per member, so the table searches, sorts and pages.
 */
export function PositionsTable({ cycle }: { cycle: ClearingCycle }) {
  const view = useListView<Position, PositionSort>(cycle.positions, {
    searchText: (p) => [...accountText(p.member), p.defaulted ? "defaulted" : null],
    sorts: {
      member: byText((p) => accountText(p.member).at(-1)!),
      net: byNumber((p) => units(p.net)),
      funded: byNumber((p) => units(p.funded)),
      payout: byNumber((p) => units(p.payout)),
      withdrawn: byNumber((p) => units(p.withdrawn)),
    },
    initialSort: { key: "net", direction: "desc" },
  });
  if (cycle.positions.length === 0) return <p className="empty">No member had a position in this cycle.</p>;
  return (
    <ListTable
      view={view}
      label={`Net positions, funding and withdrawals in cycle ${cycle.cycle}`}
      noun="positions"
      one="position"
      placeholder="Search by member…"
      testId="cycle-positions"
      columns={[
        { label: "Member", sort: "member" },
        { label: "Net position", sort: "net", className: "num" },
        { label: "Funded", sort: "funded", className: "num" },
        { label: "Rolled over", className: "num" },
        { label: "Payout", sort: "payout", className: "num" },
        { label: "Withdrawn", sort: "withdrawn", className: "num" },
        { label: "Refunded", className: "num" },
        { label: <span className="visually-hidden">State</span> },
      ]}
    >
      {view.rows.map((p) => (
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
    </ListTable>
  );
}
