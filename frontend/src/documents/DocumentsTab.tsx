import { useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { useDirectory } from "../members/useDirectory.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { DocumentDetailCard } from "./DocumentDetailCard.js";
import { DocumentTable } from "./DocumentTable.js";
import { EncryptionKeyCard } from "./EncryptionKeyCard.js";
import { UploadCard } from "./UploadCard.js";
import { VerifyCard } from "./VerifyCard.js";

export function DocumentsTab() {
  const { cluster } = useClusterOutlet();
  const { account, token, isMember } = useClusterMember(cluster);
  const [search, setSearch] = useSearchParams();
  const selected = Number(search.get("doc") ?? NaN);
  const documents = useApi(() => api.documents(cluster.id), `documents-${cluster.id}`);
  const directory = useDirectory(cluster.id, token, isMember);
  const select = (id: number) => setSearch({ doc: String(id) });
  const me = account ? directory.data?.find((d) => d.address === account) : undefined;

  return (
    <>
      {!token ? (
        <Notice tone="info">Sign in with your wallet as a member to publish your key, upload, sign and read encrypted documents.</Notice>
      ) : !isMember ? (
        <Notice tone="info">You are not a member of this cluster: you can verify documents, but not list or upload them.</Notice>
      ) : directory.error ? (
        <LoadError error={directory.error} retry={directory.reload} membersOnly="its directory" />
      ) : (
        account &&
        directory.data && (
          <>
            <EncryptionKeyCard cluster={cluster} account={account} published={me?.encryptionKey ?? null} onPublished={directory.reload} />
            {/* The upload form opens from its button, rather than sitting above the documents. */}
            <UploadCard
              key={account}
              cluster={cluster}
              account={account}
              token={token}
              directory={directory.data}
              documents={documents.data}
              onAnchored={(id) => {
                documents.reload();
                select(id);
              }}
            />
          </>
        )
      )}
      <div className="card">
        <h2>
          Documents <span className="count">{documents.data?.length ?? ""}</span>
        </h2>
        {documents.error && !documents.data ? (
          <LoadError error={documents.error} retry={documents.reload} membersOnly="its documents" />
        ) : !documents.data ? (
          <Loading what="documents" />
        ) : documents.data.length === 0 ? (
          <p className="empty">No document anchored yet.</p>
        ) : (
          <DocumentTable documents={documents.data} selected={selected} onSelect={select} />
        )}
      </div>
      {Number.isSafeInteger(selected) && selected > 0 && (
        <DocumentDetailCard
          key={selected}
          cluster={cluster}
          documentId={selected}
          account={account}
          token={token}
          directory={isMember ? directory.data : undefined}
          onChanged={documents.reload}
          onSelect={select}
        />
      )}
      <VerifyCard cluster={cluster} documents={documents.data} account={account} token={token} />
    </>
  );
}
