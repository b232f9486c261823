import type { NetworkNodeReport, ValidatorsReport } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { Notice } from "../ui/Notice.js";
import { nodeIdOf, enodeKey } from "./enode.js";
import { When } from "./labels.js";
import { TableScroll } from "../ui/TableScroll.js";

/** Managed nodes by their node id (the address of their enode's public key), lowercase. */
export function reportsById(reports: NetworkNodeReport[]): Map<string, NetworkNodeReport> {
  const map = new Map<string, NetworkNodeReport>();
  for (const r of reports) {
    const key = r.enode ? enodeKey(r.enode) : undefined;
    if (key) map.set(nodeIdOf(`0x${key}`).toLowerCase(), r);
  }
  return map;
}

function PendingVotes({ votes }: { votes: Record<string, boolean> | null | undefined }) {
  if (votes === null || votes === undefined) return <span className="muted">—</span>;
  const entries = Object.entries(votes);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="plain-list">
      {entries.map(([address, add]) => (
        <li key={address}>
          {add ? "add" : "remove"} <Address value={address} />
        </li>
      ))}
    </ul>
  );
}

/** The validators the chain decided against those the consensus has now, with what each signed. */
export function ValidatorsCard({ validators, reports }: { validators: ValidatorsReport | null; reports: NetworkNodeReport[] }) {
  const byId = reportsById(reports);
  if (!validators) {
    return (
      <div className="card" data-testid="validators">
        <h2>Validators</h2>
        <p className="empty">The permissioning operator has not reported on the validators yet.</p>
      </div>
    );
  }
  const decided = new Set(validators.decided.map((a) => a.toLowerCase()));
  const current = validators.current ? new Set(validators.current.map((a) => a.toLowerCase())) : undefined;
  const all = [...decided, ...[...(current ?? [])].filter((a) => !decided.has(a))];
  const metrics = new Map((validators.signerMetrics ?? []).map((m) => [m.address.toLowerCase(), m]));

  return (
    <div className="card" data-testid="validators">
      <div className="card-head">
        <div>
          <h2>Validators</h2>
          <p className="muted small">
            {validators.mode === "header" ? "Chosen by block-header votes of the validators" : "Chosen by the validator contract"}
            {validators.block !== null && <> · read at block {validators.block}</>} · checked <When iso={validators.checkedAt} />
          </p>
        </div>
        <span className={`badge ${validators.inEffect ? "tone-good" : "tone-warn"}`} data-testid="validators-in-effect">
          {validators.inEffect ? "Decided set in effect" : "Waiting for the change"}
        </span>
      </div>
      {validators.problem && (
        <Notice tone="warn" title="The operator could not read the validators">
          {validators.problem}
        </Notice>
      )}
      <TableScroll label="Validators">
        <table className="table" aria-label="Validators">
          <thead>
            <tr>
              <th>Validator</th>
              <th>Node</th>
              <th>Decided</th>
              <th>In effect</th>
              <th className="num">Proposed blocks</th>
              <th className="num">Last block</th>
              <th>Pending votes</th>
            </tr>
          </thead>
          <tbody>
            {all.map((address) => {
              const node = byId.get(address);
              const m = metrics.get(address);
              const isDecided = decided.has(address);
              const isCurrent = current?.has(address);
              return (
                <tr key={address} data-validator={address}>
                  <td>
                    <Address value={address} />
                  </td>
                  <td>{node?.name ?? <span className="muted">not managed</span>}</td>
                  <td>{isDecided ? "Yes" : "No (to be removed)"}</td>
                  <td>
                    {isCurrent === undefined ? (
                      <span className="muted">unknown</span>
                    ) : isCurrent && isDecided ? (
                      <span className="badge tone-good">In effect</span>
                    ) : (
                      <span className="badge tone-warn">Waiting</span>
                    )}
                  </td>
                  <td className="num">{m ? m.proposedBlockCount : "—"}</td>
                  <td className="num">{m ? m.lastProposedBlockNumber : "—"}</td>
                  <td>{node ? <PendingVotes votes={node.pendingVotes} /> : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
