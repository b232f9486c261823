import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { Address } from "../ui/Address.js";
import { MEMBER_KIND_LABEL } from "../ui/labels.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { TableScroll } from "../ui/TableScroll.js";

export function MembersTab() {
  const { cluster } = useClusterOutlet();
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}-${cluster.memberCount}`);
  if (members.error && !members.data) return <LoadError error={members.error} retry={members.reload} />;
  if (!members.data) return <Loading what="members" />;
  const sorted = [...members.data].sort((a, b) => a.nodeId - b.nodeId);
  return (
    <div className="card">
      <div className="card-head">
        <h2>
          Members <span className="count">{sorted.length}</span>
        </h2>
      </div>
      {sorted.length === 0 ? (
        <p className="empty">No members yet.</p>
      ) : (
        <TableScroll label="Members">
          <table className="table" data-testid="member-table">
            <thead>
              <tr>
                <th className="num">Seat</th>
                <th>Name</th>
                <th>Kind</th>
                <th>Role</th>
                <th>Address</th>
                <th>Encryption key</th>
                <th>Registration</th>
                <th>Joined</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((m) => (
                <tr key={m.address} data-member={m.address}>
                  <td className="num muted">{m.nodeId}</td>
                  <td className="strong">{m.name}</td>
                  <td>{MEMBER_KIND_LABEL[m.kind]}</td>
                  <td>{m.role === "core" ? <Badge tone="accent">Core</Badge> : <Badge tone="neutral">Participant</Badge>}</td>
                  <td>
                    <Address value={m.address} />
                  </td>
                  <td>{m.hasEncryptionKey ? <Badge tone="good">Published</Badge> : <span className="muted">Not set</span>}</td>
                  <td>
                    {m.registrationCid ? (
                      <code className="cid" title={m.registrationCid}>
                        {m.registrationCid.slice(0, 14)}…
                      </code>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="muted">{formatTime(m.joinedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
