import { useMemo } from "react";
import { api } from "../api/client.js";
import type { ClusterDetail, Service, ServiceSettings } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { formatSetting, sameSetting, settingsFields, type SettingsField } from "../forms/settingsForm.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { useWallet } from "../wallet/WalletContext.js";
import { ServiceSettingsEditor, type SettingsMode } from "./ServiceSettingsEditor.js";
import { useClusterMember } from "./useClusterMember.js";

const SETUP = ["initiative", "voting", "forming"];

/**
 * Who changes a service's settings, and how (ClusterRegistry._configurable): the CDC directly while
 * the cluster is being set up; once it is active, a member or the CDC proposes and the members'
 * vote applies it. Nobody once it is dissolving or closed.
 */
function settingsMode(cluster: ClusterDetail, isCdc: boolean, isMember: boolean): SettingsMode | undefined {
  if (SETUP.includes(cluster.status)) return isCdc ? { kind: "direct" } : undefined;
  const governor = cluster.components.Governor;
  if (cluster.status === "active" && governor && (isMember || isCdc)) return { kind: "propose", governor };
  return undefined;
}

/** The settings of each enabled service that declares some, with a form for those who may change them. */
export function ServiceSettingsCard({ cluster, catalog, reload }: { cluster: ClusterDetail; catalog: Service[]; reload: () => void }) {
  const { isCdc } = useWallet();
  const { isMember } = useClusterMember(cluster);
  const mode = settingsMode(cluster, isCdc, isMember);
  const configurable = catalog.filter((s) => cluster.enabledServices.includes(s.id) && s.manifest?.settings);
  if (configurable.length === 0) return null;
  return (
    <div className="card" data-testid="service-settings">
      <div className="card-head">
        <div>
          <h2>Service settings</h2>
          <p className="muted small">
            Part of the cluster's on-chain configuration: every change bumps its version.{" "}
            {mode?.kind === "propose" && "A change is proposed to the members and applies once their vote passes."}
            {mode?.kind === "direct" && "While the cluster is being set up, the CDC's change applies at once."}
          </p>
        </div>
      </div>
      {configurable.map((s) => (
        <ServiceSettingsSection key={s.id} cluster={cluster} service={s} mode={mode} reload={reload} />
      ))}
    </div>
  );
}

function ServiceSettingsSection({
  cluster,
  service,
  mode,
  reload,
}: {
  cluster: ClusterDetail;
  service: Service;
  mode: SettingsMode | undefined;
  reload: () => void;
}) {
  const title = service.title ?? service.name;
  // Keyed on the configuration version: a passed vote or the CDC's change is a new version.
  const settings = useApi(() => api.serviceSettings(cluster.id, service.name), `settings-${cluster.id}-${service.name}-${cluster.configVersion}`);
  const data = settings.data;
  const fields = useMemo(() => (data ? settingsFields(data.schema) : []), [data]);
  const changed = () => {
    settings.reload();
    reload();
  };
  return (
    <section className="settings-section" data-service={service.name} aria-label={`Settings of ${title}`}>
      <h3>{title}</h3>
      {settings.error && !data && <LoadError error={settings.error} retry={settings.reload} membersOnly={`the settings of ${title}`} />}
      {!data && !settings.error && <Loading what={`the settings of ${title}`} />}
      {data && <InForce data={data} fields={fields} />}
      {data && mode && <ServiceSettingsEditor clusterId={cluster.id} title={title} data={data} fields={fields} mode={mode} onChanged={changed} />}
    </section>
  );
}

function InForce({ data, fields }: { data: ServiceSettings; fields: SettingsField[] }) {
  // Keys the schema does not list still show: a settings document may carry them.
  const rows = [
    ...fields.map((f) => ({ key: f.key, label: f.label, description: f.description })),
    ...Object.keys(data.settings)
      .filter((k) => !fields.some((f) => f.key === k))
      .map((k) => ({ key: k, label: k, description: undefined })),
  ];
  return (
    <>
      {data.problem && (
        <Notice tone="warn" title="The cluster's settings document is not in force">
          {data.problem} The manifest's defaults apply until new settings are set.
        </Notice>
      )}
      <dl className="facts" data-testid="settings-in-force">
        {rows.map((r) => (
          <div key={r.key} className="fact" data-setting={r.key}>
            <dt>{r.label}</dt>
            <dd>
              <span className="setting-value">{formatSetting(data.settings[r.key])}</span>{" "}
              {sameSetting(data.settings[r.key], data.defaults[r.key]) && <Badge tone="neutral">default</Badge>}
            </dd>
            {r.description && <dd className="setting-help muted small">{r.description}</dd>}
          </div>
        ))}
      </dl>
      <p className="muted small" data-testid="settings-source">
        {data.settingsCid ? (
          <>
            Set by configuration {data.configVersion === null ? "(version unknown)" : `v${data.configVersion}`} · document{" "}
            <code className="cid" title={data.settingsCid}>
              {data.settingsCid}
            </code>
          </>
        ) : (
          "The manifest's defaults: no settings have been set for this cluster."
        )}
      </p>
    </>
  );
}
