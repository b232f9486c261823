import { ZeroHash } from "ethers";
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import type { ServiceSettings, SettingsObject } from "../api/types.js";
import { clusterRegistry, governorAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { ErrorSummary } from "../forms/Field.js";
import { SettingsFields } from "../forms/SettingsFields.js";
import { checkSettingsForm, formatSetting, settingsChanges, settingsToForm, type SettingsField, type SettingsForm } from "../forms/settingsForm.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";

/** How the person at the screen changes settings: the registry directly (the CDC during set-up), or a proposal to the governor. */
export type SettingsMode = { kind: "direct" } | { kind: "propose"; governor: string };

interface Props {
  clusterId: number;
  title: string;
  data: ServiceSettings;
  fields: SettingsField[];
  mode: SettingsMode;
  onChanged: () => void;
}

/**
 * The settings form. Storing the document comes first (the API checks it against the schema and
 * answers its digest); only then does the wallet sign the digest, so a refused document costs no gas.
 */
export function ServiceSettingsEditor({ clusterId, title, data, fields, mode, onChanged }: Props) {
  const prefix = `settings-${data.service}`;
  const [form, setForm] = useState<SettingsForm>(() => settingsToForm(fields, data.settings));
  const [attempted, setAttempted] = useState(false);
  const [storing, setStoring] = useState(false);
  const [refused, setRefused] = useState<string>();
  const [outcome, setOutcome] = useState<string>();
  const tx = useTransaction();
  // Settings newly in force (a passed vote, the CDC's change) replace what the form shows.
  const version = `${data.settingsCid}-${data.configVersion}-${fields.length}`;
  const [shown, setShown] = useState(version);
  if (shown !== version) {
    setShown(version);
    setForm(settingsToForm(fields, data.settings));
    setAttempted(false);
  }
  const checked = useMemo(() => checkSettingsForm(fields, form, data.settings, prefix), [fields, form, data.settings, prefix]);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const changes = checked.ok ? settingsChanges(fields, data.settings, data.defaults, checked.value) : [];
  const busy = storing || tx.busy;
  const propose = mode.kind === "propose";

  const sign = async (settings: SettingsObject | undefined, description: string) => {
    setOutcome(undefined);
    setRefused(undefined);
    let digest = ZeroHash; // the registry's "back to the manifest's defaults"
    if (settings) {
      setStoring(true);
      try {
        digest = (await api.storeSettings(clusterId, data.service, settings)).digest;
      } catch (cause) {
        setRefused(cause instanceof Error ? cause.message : String(cause));
        return;
      } finally {
        setStoring(false);
      }
    }
    const restoring = settings === undefined;
    await tx.run(
      propose
        ? restoring
          ? `Propose restoring the defaults of ${title}`
          : `Propose new settings of ${title}`
        : restoring
          ? `Restore the defaults of ${title}`
          : `Change the settings of ${title}`,
      (signer, deployment) =>
        mode.kind === "propose"
          ? governorAt(mode.governor, signer).proposeServiceSettings(data.serviceId, digest, description)
          : clusterRegistry(deployment, signer).setServiceSettings(clusterId, data.serviceId, digest),
      () => {
        setForm(settingsToForm(fields, data.settings));
        setAttempted(false);
        setOutcome(
          propose
            ? `A vote was opened: the members decide on ${restoring ? "restoring the defaults" : "the new settings"} of ${title}. They apply once the proposal passes and is executed.`
            : restoring
              ? `The settings of ${title} are back to the manifest's defaults.`
              : `The new settings of ${title} are in force.`,
        );
        onChanged();
      },
    );
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) {
      tx.reset();
      setOutcome(undefined);
      return;
    }
    if (changes.length === 0) return;
    const summary = changes.map((c) => `${c.key} ${typeof c.after === "string" ? JSON.stringify(c.after) : formatSetting(c.after)}`).join(", ");
    await sign(checked.value, `Settings of ${title}: ${summary}`);
  };

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`Change the settings of ${title}`}>
      <h4>{propose ? "Propose a change" : "Change"}</h4>
      <SettingsFields fields={fields} value={form} onChange={setForm} errors={errors} prefix={prefix} disabled={busy} />
      <div className="submit-bar">
        <ErrorSummary errors={errors} />
        {changes.length > 0 && (
          <div className="pending-changes" data-testid="pending-settings">
            <strong>Changes to send:</strong>
            <ul className="diff">
              {changes.map((c) => (
                <li key={c.key}>
                  {c.label}: <del>{formatSetting(c.before)}</del> → <ins>{formatSetting(c.after)}</ins>
                </li>
              ))}
            </ul>
          </div>
        )}
        {attempted && checked.ok && changes.length === 0 && tx.state.phase === "idle" && (
          <p className="muted">Nothing changed: the form matches the settings in force.</p>
        )}
        {refused && (
          <Notice tone="error" title="The platform refused these settings">
            {refused}
          </Notice>
        )}
        <TxStatus
          state={tx.state}
          onDismiss={() => {
            tx.reset();
            setOutcome(undefined);
          }}
        />
        {outcome && (
          <Notice tone="success">
            <span data-testid="settings-outcome">{outcome}</span> {propose && <Link to={`/clusters/${clusterId}/proposals`}>Follow the proposals</Link>}
          </Notice>
        )}
        <div className="actions">
          {data.settingsCid && (
            <button
              type="button"
              className="button ghost"
              onClick={() => void sign(undefined, `Settings of ${title}: back to the defaults`)}
              disabled={busy}
              title="Sets the manifest's defaults again"
            >
              Restore defaults
            </button>
          )}
          <button type="button" className="button ghost" onClick={() => setForm(settingsToForm(fields, data.settings))} disabled={busy}>
            Reset
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {storing ? "Storing…" : tx.busy ? (propose ? "Proposing…" : "Saving…") : propose ? "Propose settings" : "Save settings"}
          </button>
        </div>
      </div>
    </form>
  );
}
