import { useState, type FormEvent } from "react";
import { useParams } from "react-router-dom";
import { serviceView, type ServiceView, type ViewSection } from "../../../core/services/gateway.js";
import { api, ApiError } from "../api/client.js";
import type { Service } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { TableScroll } from "../ui/TableScroll.js";

/**
 * The tab of an external service (its own process, behind the gateway): the view it answers at
 * its manifest's viewPath, drawn from the few section kinds the platform knows (text, table,
 * form), so a service written in any language gets a tab without shipping code into the web app.
 */
export function ExternalServiceTab() {
  const name = useParams().service ?? "";
  // The cluster page read the catalog already: the tab takes the service's entry from there.
  const { cluster, enabledNames, catalog } = useClusterOutlet();
  const entry = catalog?.find((s) => s.name === name);
  if (!catalog || !enabledNames) return <Loading what="the service" />;
  if (!entry || !enabledNames.has(name)) {
    return (
      <Notice tone="info" title={`${entry?.title ?? name} is not enabled in this cluster`}>
        Cluster #{cluster.id}'s configuration does not enable the service {name}; its tab appears as soon as a change enabling it is on chain.
      </Notice>
    );
  }
  const viewPath = entry.manifest?.external?.viewPath;
  if (!viewPath) {
    return (
      <Notice tone="info" title={`${entry.title ?? name} has no view`}>
        This external service declares no view; its API is at{" "}
        <code>
          /api/clusters/{cluster.id}/services/{name}/…
        </code>
        .
      </Notice>
    );
  }
  return <ServiceViewPanel key={`${cluster.id}-${name}`} clusterId={cluster.id} service={entry} viewPath={viewPath} />;
}

function ServiceViewPanel({ clusterId, service, viewPath }: { clusterId: number; service: Service; viewPath: string }) {
  const view = useApi(() => readView(clusterId, service.name, viewPath), `view-${clusterId}-${service.name}`);
  if (view.error && !view.data) {
    if (view.error instanceof ApiError && view.error.status === 401) {
      return <Notice tone="info">Sign in to use {service.title ?? service.name}: the service answers only signed-in callers.</Notice>;
    }
    return <LoadError error={view.error} retry={view.reload} />;
  }
  if (!view.data) return <Loading what={service.title ?? service.name} />;
  return (
    <section className="external-service" data-external-service={service.name}>
      <h2>{view.data.title}</h2>
      <p className="muted small">
        An external service, {service.name} {service.version}, reached through the platform's gateway.
      </p>
      {view.data.sections.map((section, i) => (
        <Section key={i} section={section} clusterId={clusterId} service={service.name} onDone={view.reload} />
      ))}
    </section>
  );
}

/** The service's view, refused with a clear message when it is not one the web app can draw. */
async function readView(clusterId: number, service: string, viewPath: string): Promise<ServiceView> {
  const parsed = serviceView.safeParse(await api.gateway(clusterId, service, viewPath));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The service ${service} answered a view this web app cannot draw (${issue?.path.join(".") || "view"}: ${issue?.message})`);
  }
  return parsed.data;
}

function Section({ section, clusterId, service, onDone }: { section: ViewSection; clusterId: number; service: string; onDone: () => void }) {
  switch (section.kind) {
    case "text":
      return <p>{section.text}</p>;
    case "table":
      return (
        <div className="card">
          {section.title && <h3>{section.title}</h3>}
          {section.rows.length === 0 ? (
            <p className="muted">{section.empty ?? "Nothing here yet."}</p>
          ) : (
            <TableScroll label={section.title ?? service}>
              <table className="table">
                <thead>
                  <tr>
                    {section.columns.map((c) => (
                      <th key={c.key}>{c.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.rows.map((row, i) => (
                    <tr key={i}>
                      {section.columns.map((c) => (
                        <td key={c.key}>{row[c.key] === null || row[c.key] === undefined ? "—" : String(row[c.key])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      );
    case "form":
      return <ServiceForm form={section} clusterId={clusterId} service={service} onDone={onDone} />;
  }
}

type FormSection = Extract<ViewSection, { kind: "form" }>;

function ServiceForm({ form, clusterId, service, onDone }: { form: FormSection; clusterId: number; service: string; onDone: () => void }) {
  const [error, setError] = useState<Error>();
  const [sending, setSending] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const element = e.currentTarget;
    const data = new FormData(element);
    const values = Object.fromEntries(
      form.fields.map((f) => {
        const raw = String(data.get(f.name) ?? "");
        return [f.name, f.type === "number" && raw !== "" ? Number(raw) : raw];
      }),
    );
    setSending(true);
    setError(undefined);
    try {
      await api.gateway(clusterId, service, form.action, values);
      element.reset();
      onDone();
    } catch (cause) {
      setError(cause instanceof Error ? cause : new Error(String(cause)));
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-service-form={form.action}>
      {form.title && <h3>{form.title}</h3>}
      {form.fields.map((f) => (
        <label className="field" key={f.name}>
          <span>{f.label}</span>
          {f.type === "textarea" ? (
            <textarea name={f.name} required={f.required} maxLength={f.maxLength} rows={3} />
          ) : (
            <input name={f.name} type={f.type} required={f.required} maxLength={f.maxLength} />
          )}
        </label>
      ))}
      {error && (
        <Notice tone="error" title="Refused">
          {error.message}
        </Notice>
      )}
      <button type="submit" className="button primary" disabled={sending}>
        {sending ? "Sending…" : form.submit}
      </button>
    </form>
  );
}
