import { useState } from "react";
import { api } from "../api/client.js";
import type { ClusterDetail } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { governorAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { parseAddress } from "../forms/validation.js";
import { checkParamsForm, DEFAULT_PARAMS_FORM, paramsToForm, type ParamsForm } from "../forms/paramsForm.js";
import { SecurityParamsFields } from "../forms/SecurityParamsFields.js";
import { TxStatus } from "../ui/TxStatus.js";
import { EMPTY_PROFILE, ProfileFields, profileStruct, roleValue, type ProfileForm } from "./ProfileFields.js";

export type Kind = "admission" | "expulsion" | "role" | "cdo" | "params" | "service" | "dissolution";

/** What another page opens the form with, e.g. the clearing's defaults list proposing an expulsion. */
export interface ProposalPreset {
  kind: Kind;
  member?: string;
  description?: string;
}

export function isKind(value: string | null): value is Kind {
  return KINDS.some((k) => k.kind === value);
}
const KINDS: { kind: Kind; label: string }[] = [
  { kind: "admission", label: "Admit a member" },
  { kind: "expulsion", label: "Expel a member" },
  { kind: "role", label: "Change a member's role" },
  { kind: "cdo", label: "Hand the CDO role over" },
  { kind: "params", label: "Change security parameters" },
  { kind: "service", label: "Enable or disable a service" },
  { kind: "dissolution", label: "Dissolve the cluster" },
];

/** A member proposes one of the typed decisions; the vote opens the second after. */
export function NewProposalForm({
  cluster,
  governor,
  onCreated,
  preset,
}: {
  cluster: ClusterDetail;
  governor: string;
  onCreated: () => void;
  preset?: ProposalPreset;
}) {
  const [kind, setKind] = useState<Kind>(preset?.kind ?? "admission");
  const [description, setDescription] = useState(preset?.description ?? "");
  const [account, setAccount] = useState("");
  const [profile, setProfile] = useState<ProfileForm>(EMPTY_PROFILE);
  const [member, setMember] = useState(preset?.member ?? "");
  const [newRole, setNewRole] = useState<"core" | "participant">("core");
  const [newCdo, setNewCdo] = useState("");
  const [params, setParams] = useState<ParamsForm>(() => (cluster.params ? paramsToForm(cluster.params) : { ...DEFAULT_PARAMS_FORM }));
  const [serviceId, setServiceId] = useState("");
  const [enable, setEnable] = useState(true);
  const [problem, setProblem] = useState<string>();
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}`);
  const services = useApi(() => api.services(), "services");
  const tx = useTransaction();
  const checkedParams = checkParamsForm(params, "proposal-params");

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const text = description.trim() || KINDS.find((k) => k.kind === kind)!.label;
    let send: Parameters<typeof tx.run>[1];
    if (kind === "admission") {
      const parsed = parseAddress(account, "Applicant address");
      if (parsed.error) return setProblem(parsed.error);
      if (!profile.name.trim()) return setProblem("Organisation name is required.");
      send = (signer) => governorAt(governor, signer).proposeAdmission(parsed.address!, profileStruct(profile), roleValue(profile.role), text);
    } else if (kind === "expulsion") {
      if (!member) return setProblem("Choose the member to expel.");
      send = (signer) => governorAt(governor, signer).proposeExpulsion(member, text);
    } else if (kind === "role") {
      if (!member) return setProblem("Choose the member whose role changes.");
      send = (signer) => governorAt(governor, signer).proposeRole(member, roleValue(newRole), text);
    } else if (kind === "cdo") {
      const parsed = parseAddress(newCdo, "New CDO address");
      if (parsed.error) return setProblem(parsed.error);
      send = (signer) => governorAt(governor, signer).proposeCdo(parsed.address!, text);
    } else if (kind === "params") {
      if (!checkedParams.ok) return setProblem(Object.values(checkedParams.errors)[0]);
      const value = checkedParams.value;
      send = (signer) => governorAt(governor, signer).proposeParams(value, text);
    } else if (kind === "service") {
      if (!serviceId) return setProblem("Choose a service.");
      const chosen = services.data?.find((s) => s.id === Number(serviceId));
      if (!enable && chosen?.repository === "system" && chosen.status !== "deprecated") {
        return setProblem(`${chosen.name} is a system service: the platform needs it, so it cannot be disabled.`);
      }
      send = (signer) => governorAt(governor, signer).proposeService(Number(serviceId), enable, text);
    } else {
      send = (signer) => governorAt(governor, signer).proposeDissolution(text);
    }
    setProblem(undefined);
    const typed = description;
    void tx.run(`Propose: ${text}`, send, () => {
      // Cleared only if unchanged: the member may already be typing the next proposal.
      setDescription((d) => (d === typed ? "" : d));
      onCreated();
    });
  };

  return (
    <form className="card" onSubmit={submit} aria-label="New proposal" noValidate>
      <h2>New proposal</h2>
      <div className="form-grid two">
        <div className="field">
          <label htmlFor="proposal-kind">Kind</label>
          <select id="proposal-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="proposal-description">Description</label>
          <input id="proposal-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      {kind === "admission" && (
        <>
          <div className="field">
            <label htmlFor="proposal-account">Applicant address</label>
            <input id="proposal-account" className="mono" value={account} onChange={(e) => setAccount(e.target.value)} placeholder="0x…" />
          </div>
          <ProfileFields value={profile} onChange={setProfile} prefix="proposal" />
        </>
      )}
      {(kind === "expulsion" || kind === "role") && (
        <div className="form-grid two">
          <div className="field">
            <label htmlFor="proposal-member">Member</label>
            <select id="proposal-member" value={member} onChange={(e) => setMember(e.target.value)}>
              <option value="">Choose…</option>
              {(members.data ?? []).map((m) => (
                <option key={m.address} value={m.address}>
                  {m.name} ({m.address})
                </option>
              ))}
            </select>
          </div>
          {kind === "role" && (
            <div className="field">
              <label htmlFor="proposal-role">New role</label>
              <select id="proposal-role" value={newRole} onChange={(e) => setNewRole(e.target.value as "core" | "participant")}>
                <option value="core">Core</option>
                <option value="participant">Participant</option>
              </select>
            </div>
          )}
        </div>
      )}
      {kind === "cdo" && (
        <div className="field">
          <label htmlFor="proposal-new-cdo">New CDO address</label>
          <input id="proposal-new-cdo" className="mono" value={newCdo} onChange={(e) => setNewCdo(e.target.value)} placeholder="0x…" />
        </div>
      )}
      {kind === "params" && <SecurityParamsFields value={params} onChange={setParams} errors={{}} prefix="proposal-params" />}
      {kind === "service" && (
        <div className="form-grid two">
          <div className="field">
            <label htmlFor="proposal-service">Service</label>
            <select id="proposal-service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
              <option value="">Choose…</option>
              {(services.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} {cluster.enabledServices.includes(s.id) ? "(enabled)" : ""}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="proposal-enable">Action</label>
            <select id="proposal-enable" value={enable ? "enable" : "disable"} onChange={(e) => setEnable(e.target.value === "enable")}>
              <option value="enable">Enable</option>
              <option value="disable">Disable</option>
            </select>
          </div>
        </div>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={tx.busy}>
          Propose
        </button>
      </div>
    </form>
  );
}
