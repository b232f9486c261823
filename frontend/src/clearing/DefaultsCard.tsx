import { Link } from "react-router-dom";
import type { ClearingOverview } from "../api/types.js";
import { Amount, useFormatAmount } from "../ui/amount.js";
import { formatTime } from "../ui/format.js";
import { TableScroll } from "../ui/TableScroll.js";

/**
 * Defaults on record: a net debtor that did not fund held up only what it owed (the cycle was
 * unwound), and what follows from it is the cluster's own vote, so each row offers an expulsion
 * proposal, preset in the proposals tab.
 */
export function DefaultsCard({
  clusterId,
  defaults,
  name,
  canPropose,
}: {
  clusterId: number;
  defaults: ClearingOverview["defaults"];
  name: (address: string) => string;
  canPropose: boolean;
}) {
  const amountText = useFormatAmount();
  return (
    <div className="card" data-testid="clearing-defaults">
      <h2>Defaults</h2>
      {defaults.length === 0 ? (
        <p className="empty">No member has defaulted.</p>
      ) : (
        <TableScroll label="Defaults">
          <table className="table">
            <thead>
              <tr>
                <th>Member</th>
                <th>Cycle</th>
                <th className="num">Unfunded</th>
                <th className="num">Defaults so far</th>
                <th>Recorded</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {defaults.map((d) => {
                const reason = `Expel ${name(d.member)}: defaulted in clearing cycle ${d.cycle} on ${amountText(d.shortfall)} (${d.count} default${d.count === 1 ? "" : "s"} on record)`;
                const query = new URLSearchParams({ propose: "expulsion", member: d.member, reason });
                return (
                  <tr key={`${d.cycle}-${d.member}`} data-default-member={d.member} data-cycle={d.cycle}>
                    <td title={d.member}>{name(d.member)}</td>
                    <td>{d.cycle}</td>
                    <td className="num">
                      <Amount value={d.shortfall} />
                    </td>
                    <td className="num">{d.count}</td>
                    <td className="muted">{formatTime(d.recordedAt)}</td>
                    <td>
                      {canPropose && (
                        <Link className="button" to={`/clusters/${clusterId}/proposals?${query.toString()}`}>
                          Propose expulsion
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
