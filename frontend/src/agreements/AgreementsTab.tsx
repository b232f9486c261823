import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { memberNames } from "../members/memberName.js";
import { useDirectory } from "../members/useDirectory.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { AgreementDetailCard } from "./AgreementDetailCard.js";
import { AgreementTable } from "./AgreementTable.js";
import { CreateAgreementCard } from "./CreateAgreementCard.js";
import { ObligationsCard } from "./ObligationsCard.js";

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
          <AgreementTable agreements={agreements.data} name={name} onSelect={select} />
        )}
      </div>
      {!token || !isMember ? (
        <Notice tone="info">Sign in with your wallet as a member of this cluster to create and sign agreements.</Notice>
      ) : directory.error ? (
        <LoadError error={directory.error} retry={directory.reload} membersOnly="its directory" />
      ) : (
        account &&
        directory.data &&
        documents.data && (
          <CreateAgreementCard
            key={account}
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
      {members.data && isMember && <ObligationsCard key={account ?? ""} clusterId={cluster.id} members={members.data} generation={generation} />}
    </>
  );
}
