import { api } from "../api/client.js";
import type { Member } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { Address } from "../ui/Address.js";
import { CopyButton } from "../ui/CopyButton.js";
import { MEMBER_KIND_LABEL } from "../ui/labels.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";

export function MembersTab() {
  const { cluster } = useClusterOutlet();
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}-${cluster.memberCount}`);
  if (members.error && !members.data) return <LoadError error={members.error} retry={members.reload} />;
  if (!members.data) return <Loading what="members" />;
  return (
    <div className="card">
      <div className="card-head">
        <h2>
          Members <span className="count">{members.data.length}</span>
        </h2>
      </div>
      {members.data.length === 0 ? <p className="empty">No members yet.</p> : <MemberTable members={members.data} />}
    </div>
  );
}

function MemberTable({ members }: { members: readonly Member[] }) {
  const view = useListView(members, {
    searchText: (m) => [m.name, m.address, MEMBER_KIND_LABEL[m.kind], m.role === "core" ? "core" : "participant", m.registrationCid],
    sorts: {
      seat: byNumber((m: Member) => m.nodeId),
      name: byText((m: Member) => m.name),
      kind: byText((m: Member) => MEMBER_KIND_LABEL[m.kind]),
      role: byText((m: Member) => m.role),
      joined: byText((m: Member) => m.joinedAt),
    },
    initialSort: { key: "seat", direction: "asc" },
  });
  return (
    <>
      <ListTable
        view={view}
        label="Members"
        noun="members"
        one="member"
        placeholder="Search by name, address, kind or role…"
        testId="member-table"
        columns={[
          { label: "Seat", sort: "seat", className: "num" },
          { label: "Name", sort: "name" },
          { label: "Kind", sort: "kind" },
          { label: "Role", sort: "role" },
          { label: "Address" },
          { label: "Encryption key" },
          { label: "Registration" },
          { label: "Joined", sort: "joined" },
        ]}
      >
        {view.rows.map((m) => (
          <tr key={m.address} data-member={m.address}>
            <td className="num muted">{m.nodeId}</td>
            <td className="strong">{m.name}</td>
            <td>{MEMBER_KIND_LABEL[m.kind]}</td>
            <td>{m.role === "core" ? <Badge tone="accent">Core</Badge> : <Badge tone="neutral">Participant</Badge>}</td>
            <td>
              {/* The name is in its own column: this one shows the address itself. */}
              <Address value={m.address} named={false} />
            </td>
            <td>{m.hasEncryptionKey ? <Badge tone="good">Published</Badge> : <span className="muted">Not set</span>}</td>
            <td>
              {m.registrationCid ? (
                <span className="account">
                  <code className="cid" title={m.registrationCid}>
                    {m.registrationCid.slice(0, 14)}…
                  </code>
                  <CopyButton value={m.registrationCid} what="registration document CID" />
                </span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="muted">{formatTime(m.joinedAt)}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
