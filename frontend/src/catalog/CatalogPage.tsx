import { Fragment, useState } from "react";
import { api } from "../api/client.js";
import { REPOSITORIES, type RepositoryName, type Service } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { TxHash } from "../ui/Address.js";
import { REPOSITORY_DESCRIPTION, REPOSITORY_LABEL } from "../ui/labels.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { ManifestDetails } from "./ManifestDetails.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { usePageTitle } from "../ui/usePageTitle.js";

export function CatalogPage() {
  usePageTitle("Service catalog");
  const services = useApi(() => api.services(), "services");
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Service catalog</h1>
          <p className="lead">
            The services the CDC publishes for clusters, in three repositories. A cluster enables the services it needs in its configuration.
          </p>
        </div>
      </div>
      {services.error && !services.data && <LoadError error={services.error} retry={services.reload} />}
      {services.loading && !services.data && <Loading what="the catalog" />}
      {services.data &&
        REPOSITORIES.map((repository) => (
          <RepositorySection key={repository} repository={repository} services={services.data!.filter((s) => s.repository === repository)} />
        ))}
    </section>
  );
}

function RepositorySection({ repository, services }: { repository: RepositoryName; services: Service[] }) {
  const [open, setOpen] = useState<number>();
  const noun = `${REPOSITORY_LABEL[repository].toLowerCase()} services`;
  const view = useListView(services, {
    searchText: (s) => [s.name, s.title, s.description, s.version, s.status, s.manifestCid],
    sorts: {
      id: byNumber((s: Service) => s.id),
      name: byText((s: Service) => s.title ?? s.name),
      status: byText((s: Service) => s.status),
    },
    initialSort: { key: "id", direction: "asc" },
  });
  return (
    <div className="card" data-repository={repository}>
      <div className="card-head">
        <div>
          <h2>
            {REPOSITORY_LABEL[repository]} services <span className="count">{services.length}</span>
          </h2>
          <p className="muted small">{REPOSITORY_DESCRIPTION[repository]}</p>
        </div>
      </div>
      {services.length === 0 ? (
        <p className="empty">No services in this repository yet.</p>
      ) : (
        <>
          <ListTable
            view={view}
            label={`${REPOSITORY_LABEL[repository]} services`}
            noun={noun}
            one="service"
            placeholder="Search by name, description or version…"
            columns={[
              { label: "#", sort: "id", className: "num" },
              { label: "Service", sort: "name" },
              { label: "Version" },
              { label: "Status", sort: "status" },
              { label: "Manifest" },
              { label: "Versions", className: "num" },
            ]}
          >
            {view.rows.map((s) => (
              <Fragment key={s.id}>
                <tr data-service-id={s.id}>
                  <td className="num muted">{s.id}</td>
                  <td>
                    <span className="strong">{s.title ?? s.name}</span> {!s.installed && <Badge tone="neutral">Not installed</Badge>}
                    <div className="muted small">
                      <code>{s.name}</code> {s.description}
                    </div>
                  </td>
                  <td>
                    <code>{s.version}</code>
                  </td>
                  <td>{s.status === "active" ? <Badge tone="good">Active</Badge> : <Badge tone="neutral">Deprecated</Badge>}</td>
                  <td>
                    <code className="cid" title={s.manifestCid}>
                      {s.manifestCid.length > 20 ? `${s.manifestCid.slice(0, 12)}…${s.manifestCid.slice(-6)}` : s.manifestCid}
                    </code>
                  </td>
                  <td className="num">
                    <button type="button" className="link-button" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? undefined : s.id)}>
                      {s.versions.length} {open === s.id ? "▴" : "▾"}
                    </button>
                  </td>
                </tr>
                {open === s.id && (
                  <tr className="detail-row">
                    <td />
                    <td colSpan={5}>
                      <ManifestDetails manifest={s.manifest} />
                      <ol className="versions">
                        {[...s.versions].reverse().map((v) => (
                          <li key={`${v.version}-${v.txHash}`}>
                            <code>{v.version}</code> <span className="muted">manifest</span> <code className="cid">{v.manifestCid}</code>{" "}
                            <span className="muted">block {v.blockNumber}</span> <TxHash value={v.txHash} />
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </ListTable>
        </>
      )}
    </div>
  );
}
