import type { AdmissionPolicyName } from "../api/types.js";
import { ADMISSION_POLICY_ORDER } from "../chain/encodings.js";
import { Field, invalidProps } from "./Field.js";
import type { FieldErrors } from "./validation.js";
import { ADMISSION_POLICY_LABEL } from "../ui/labels.js";
import { DURATION_UNITS, type DurationUnit, type ParamsForm } from "./paramsForm.js";

interface Props {
  value: ParamsForm;
  onChange: (next: ParamsForm) => void;
  errors: FieldErrors;
  prefix?: string;
  disabled?: boolean;
}

/** The security parameters of a cluster, shared by registration and configuration. */
export function SecurityParamsFields({ value, onChange, errors, prefix = "params", disabled }: Props) {
  const set = <K extends keyof ParamsForm>(key: K, v: ParamsForm[K]) => onChange({ ...value, [key]: v });
  const id = (name: string) => `${prefix}-${name}`;
  const unitSelect = (key: "votingPeriodUnit" | "clearingCycleUnit", label: string) => (
    <select aria-label={label} value={value[key]} onChange={(e) => set(key, e.target.value as DurationUnit)} disabled={disabled}>
      {(Object.keys(DURATION_UNITS) as DurationUnit[]).map((u) => (
        <option key={u} value={u}>
          {u}
        </option>
      ))}
    </select>
  );
  return (
    <div className="form-grid">
      <Field id={id("votingPeriod")} label="Voting period" hint="How long a vote stays open (1 hour to 365 days)." error={errors[id("votingPeriod")]}>
        <div className="input-group">
          <input
            id={id("votingPeriod")}
            inputMode="decimal"
            value={value.votingPeriod}
            onChange={(e) => set("votingPeriod", e.target.value)}
            disabled={disabled}
            {...invalidProps(id("votingPeriod"), errors[id("votingPeriod")])}
          />
          {unitSelect("votingPeriodUnit", "Voting period unit")}
        </div>
      </Field>
      <Field id={id("admissionPolicy")} label="Admission policy" hint="Who decides on new members.">
        <select
          id={id("admissionPolicy")}
          value={value.admissionPolicy}
          onChange={(e) => set("admissionPolicy", e.target.value as AdmissionPolicyName)}
          disabled={disabled}
        >
          {ADMISSION_POLICY_ORDER.map((p) => (
            <option key={p} value={p}>
              {ADMISSION_POLICY_LABEL[p]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id("quorum")} label="Quorum (%)" hint="Share of seats that must vote." error={errors[id("quorum")]}>
        <input
          id={id("quorum")}
          inputMode="decimal"
          value={value.quorumPercent}
          onChange={(e) => set("quorumPercent", e.target.value)}
          disabled={disabled}
          {...invalidProps(id("quorum"), errors[id("quorum")])}
        />
      </Field>
      <Field id={id("approval")} label="Approval threshold (%)" hint="Share of votes cast needed to approve." error={errors[id("approval")]}>
        <input
          id={id("approval")}
          inputMode="decimal"
          value={value.approvalPercent}
          onChange={(e) => set("approvalPercent", e.target.value)}
          disabled={disabled}
          {...invalidProps(id("approval"), errors[id("approval")])}
        />
      </Field>
      <Field id={id("clearingCycle")} label="Clearing cycle" hint="How often mutual debts are netted." error={errors[id("clearingCycle")]}>
        <div className="input-group">
          <input
            id={id("clearingCycle")}
            inputMode="decimal"
            value={value.clearingCycle}
            onChange={(e) => set("clearingCycle", e.target.value)}
            disabled={disabled}
            {...invalidProps(id("clearingCycle"), errors[id("clearingCycle")])}
          />
          {unitSelect("clearingCycleUnit", "Clearing cycle unit")}
        </div>
      </Field>
      <Field
        id={id("settlementToken")}
        label="Settlement token"
        hint="ERC-20 address used to settle net balances; leave empty for none."
        error={errors[id("settlementToken")]}
      >
        <input
          id={id("settlementToken")}
          className="mono"
          placeholder="0x… (optional)"
          spellCheck={false}
          value={value.settlementToken}
          onChange={(e) => set("settlementToken", e.target.value)}
          disabled={disabled}
          {...invalidProps(id("settlementToken"), errors[id("settlementToken")])}
        />
      </Field>
      <div className="checks">
        <label className="check">
          <input
            type="checkbox"
            id={id("documentsMustBeEncrypted")}
            checked={value.documentsMustBeEncrypted}
            onChange={(e) => set("documentsMustBeEncrypted", e.target.checked)}
            disabled={disabled}
          />
          Documents must be encrypted
        </label>
        <label className="check">
          <input type="checkbox" id={id("coreVeto")} checked={value.coreVeto} onChange={(e) => set("coreVeto", e.target.checked)} disabled={disabled} />
          The core can veto decisions
        </label>
      </div>
    </div>
  );
}
