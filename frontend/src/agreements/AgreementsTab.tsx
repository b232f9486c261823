import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { memberNames } from "../members/memberName.js";
import { useDirectory } from "../members/useDirectory.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { Amount } from "../ui/amount.js";
import { formatTime } from "../ui/format.js";
import { AgreementDetailCard, AgreementStatusBadge } from "./AgreementDetailCard.js";
import { CreateAgreementCard } from "./CreateAgreementCard.js";
import { ObligationsCard } from "./ObligationsCard.js";
import { TableScroll } from "../ui/TableScroll.js";

export function AgreementsTab() {
  const { cluster } = useClusterOutlet();
  const { account, token, isMember } = useClusterMember(cluster);
  const [search, setSearch] = useSearchParams();
  const [generation, setGeneration] = useState(0);
  const selected = Number(search.get("agreement") ?? NaN);
  const agreements = useApi(() => api.agreements(cluster.id), `agreements-${cluster.id}-${generation}`);
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}`);
  const documents = useApi(() => api.documents(cluster.id), `documents-${cluster.id}-${generation}`);
  const directory = useDirectory(cluster.id, token, isMember);
  const select = (id: number) => setSearch({ agreement: String(id) });
  const changed = () => setGeneration((g) => g + 1);
  const name = memberNames(members.data);

  return (
    <>
      <div className="card">
        <h2>
          Agreements <span className="count">{agreements.data?.length ?? ""}</span>
        </h2>
        {agreements.error && !agreements.data ? (
          <LoadError error={agreements.error} retry={agreements.reload} membersOnly="its agreements" />
        ) : !agreements.data ? (
          <Loading what="agreements" />
        ) : agreements.data.length === 0 ? (
          <p className="empty">No agreement yet.</p>
        ) : (
          <TableScroll label="Agreements">
            <table className="table" data-testid="agreement-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Kind</th>
                  <th>Parties</th>
                  <th>Status</th>
                  <th className="num">Total value</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {[...agreements.data].reverse().map((a) => (
                  <tr key={a.id} data-agreement-id={a.id}>
                    <td className="num">
                      <button type="button" className="link-button strong" onClick={() => select(a.id)}>
                        #{a.id}
                      </button>
                    </td>
                    <td>{AGREEMENT_KIND_LABEL[a.kind]}</td>
                    <td>{a.parties.map(name).join(", ")}</td>
                    <td>
                      <AgreementStatusBadge status={a.status} />
                    </td>
                    <td className="num">
                      <Amount value={a.totalValue} />
                    </td>
                    <td className="muted">{formatTime(a.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
      {Number.isSafeInteger(selected) && selected > 0 && members.data && (
        <AgreementDetailCard
          key={selected}
          cluster={cluster}
          agreementId={selected}
          account={account}
          token={token}
          directory={isMember ? directory.data : undefined}
          documents={documents.data}
          members={members.data}
          onChanged={changed}
        />
      )}
      {!token || !isMember ? (
        <Notice tone="info">Sign in with your wallet as a member of this cluster to create and sign agreements.</Notice>
      ) : directory.error ? (
        <LoadError error={directory.error} retry={directory.reload} membersOnly="its directory" />
      ) : (
        account &&
        directory.data &&
        documents.data && (
          <CreateAgreementCard
            cluster={cluster}
            account={account}
            token={token}
            directory={directory.data}
            documents={documents.data}
            onCreated={(id) => {
              changed();
              select(id);
            }}
          />
        )
      )}
      {members.data && isMember && <ObligationsCard key={account ?? ""} clusterId={cluster.id} members={members.data} generation={generation} />}
    </>
  );
}
