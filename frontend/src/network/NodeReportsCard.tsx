import type { AllowlistGap, NetworkNodeReport, NodeDrift } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { When } from "./labels.js";
import { TableScroll } from "../ui/TableScroll.js";

function Entry({ value, list }: { value: string; list: "nodes" | "accounts" }) {
  return list === "accounts" ? <Address value={value} /> : <code className="enode">{value}</code>;
}

/** One allowlist's difference from what the chain decided: counts, the entries on expand. */
function Gap({ gap, list }: { gap: AllowlistGap | null; list: "nodes" | "accounts" }) {
  const label = list === "nodes" ? "Nodes" : "Accounts";
  if (!gap) return <div className="muted small">{label}: not read</div>;
  const count = gap.missing.length + gap.extra.length;
  if (count === 0)
    return (
      <div className="small" data-gap={list} data-gap-count={0}>
        {label}: no gap <span className="muted">({gap.size})</span>
      </div>
    );
  return (
    <details className="gap" data-gap={list} data-gap-count={count}>
      <summary>
        {label}: <strong>{gap.missing.length}</strong> missing, <strong>{gap.extra.length}</strong> extra <span className="muted">of {gap.size}</span>
      </summary>
      <GapEntries title="Missing (decided on chain, absent from the node)" values={gap.missing} list={list} />
      <GapEntries title="Extra (on the node, not decided on chain)" values={gap.extra} list={list} />
    </details>
  );
}

function Drift({ drift }: { drift: NodeDrift | null }) {
  if (!drift) return <span className="muted">none</span>;
  const parts: [string, string[], "nodes" | "accounts"][] = [
    ["added", drift.nodesAdded, "nodes"],
    ["removed", drift.nodesRemoved, "nodes"],
    ["added", drift.accountsAdded, "accounts"],
    ["removed", drift.accountsRemoved, "accounts"],
  ];
  const changed = parts.filter(([, list]) => list.length > 0);
  const what = (verb: string, list: string[], kind: "nodes" | "accounts") =>
    `${list.length} ${kind === "nodes" ? "node" : "account"}${list.length === 1 ? "" : "s"} ${verb}`;
  return (
    <details className="gap" data-testid="last-drift">
      <summary>
        <When iso={drift.at} />
        <div className="small">{changed.length === 0 ? "no entries" : changed.map(([verb, list, kind]) => what(verb, list, kind)).join(", ")} by hand</div>
      </summary>
      {changed.map(([verb, list, kind]) => (
        <div key={`${kind}-${verb}`}>
          <div className="muted small">
            {kind === "nodes" ? "Nodes" : "Accounts"} {verb}
          </div>
          <ul className="plain-list">
            {list.map((v) => (
              <li key={v}>
                <Entry value={v} list={kind} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="muted small">The operator put the allowlists back in the same pass.</div>
    </details>
  );
}

/** What the permissioning operator last found on each managed Besu node. */
export function NodeReportsCard({ reports }: { reports: NetworkNodeReport[] }) {
  return (
    <div className="card" data-testid="node-reports">
      <div className="card-head">
        <div>
          <h2>Nodes</h2>
          <p className="muted small">What the permissioning operator found on each Besu node it manages at its last pass.</p>
        </div>
      </div>
      <TableScroll label="Managed nodes">
        <table className="table" aria-label="Managed nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th>Reachable</th>
              <th className="num">Head block</th>
              <th className="num">Peers</th>
              <th>Allowlists</th>
              <th>Gaps</th>
              <th>Last drift</th>
              <th>Checked</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.name} data-node-report={r.name}>
                <td>
                  <strong>{r.name}</strong> {r.validator && <span className="badge tone-accent">validator</span>}
                  <div className="muted small">{r.url}</div>
                </td>
                <td>
                  {r.reachable ? (
                    <span className="badge tone-good">Reachable</span>
                  ) : (
                    <>
                      <span className="badge tone-bad">Down</span>
                      {r.downSince && (
                        <div className="small">
                          since <When iso={r.downSince} />
                        </div>
                      )}
                      {r.problem && <div className="muted small">{r.problem}</div>}
                      {r.failedPasses > 0 && <div className="muted small">{r.failedPasses} failed passes</div>}
                    </>
                  )}
                </td>
                <td className="num">{r.blockNumber ?? "—"}</td>
                <td className="num">{r.peers ? r.peers.length : "—"}</td>
                <td>
                  {r.reachable ? (
                    <span className={`badge ${r.inSync ? "tone-good" : "tone-warn"}`} data-in-sync={String(r.inSync)}>
                      {r.inSync ? "In sync" : "Out of sync"}
                    </span>
                  ) : (
                    <span className="badge tone-neutral" title="The node did not answer at the last pass">
                      Not read
                    </span>
                  )}
                </td>
                <td>
                  <Gap gap={r.nodes} list="nodes" />
                  <Gap gap={r.accounts} list="accounts" />
                </td>
                <td>
                  <Drift drift={r.lastDrift} />
                </td>
                <td className="small">
                  <When iso={r.checkedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function GapEntries({ title, values, list }: { title: string; values: string[]; list: "nodes" | "accounts" }) {
  if (values.length === 0) return null;
  return (
    <>
      <div className="muted small">{title}</div>
      <ul className="plain-list">
        {values.map((v) => (
          <li key={v}>
            <Entry value={v} list={list} />
          </li>
        ))}
      </ul>
    </>
  );
}
