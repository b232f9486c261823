import type { AdmissionPolicyName, SecurityParams } from "../api/types.js";
import { ADMISSION_POLICY_ORDER, enumIndex } from "../chain/encodings.js";
import { parseAddress, type Checked, type FieldErrors } from "./validation.js";
import type { IClusterRegistry } from "../../../types/typechain/index.js";
import { ZeroAddress } from "ethers";

export type DurationUnit = "seconds" | "minutes" | "hours" | "days";
export const DURATION_UNITS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

// The registry's bounds (ClusterRegistry._checkParams): periods from 1 hour to 365 days,
// basis points from 1 to 10 000.
const MIN_PERIOD = 3600;
const MAX_PERIOD = 365 * 86400;
const MAX_BPS = 10_000;

export interface ParamsForm {
  votingPeriod: string;
  votingPeriodUnit: DurationUnit;
  quorumPercent: string;
  approvalPercent: string;
  admissionPolicy: AdmissionPolicyName;
  documentsMustBeEncrypted: boolean;
  coreVeto: boolean;
  clearingCycle: string;
  clearingCycleUnit: DurationUnit;
  settlementToken: string;
}

export const DEFAULT_PARAMS_FORM: ParamsForm = {
  votingPeriod: "3",
  votingPeriodUnit: "days",
  quorumPercent: "50",
  approvalPercent: "60",
  admissionPolicy: "membersVote",
  documentsMustBeEncrypted: true,
  coreVeto: false,
  clearingCycle: "30",
  clearingCycleUnit: "days",
  settlementToken: "",
};

function toDuration(seconds: number): [string, DurationUnit] {
  for (const unit of ["days", "hours", "minutes"] as const) {
    if (seconds % DURATION_UNITS[unit] === 0) return [String(seconds / DURATION_UNITS[unit]), unit];
  }
  return [String(seconds), "seconds"];
}

export function paramsToForm(p: SecurityParams): ParamsForm {
  const [votingPeriod, votingPeriodUnit] = toDuration(p.votingPeriod);
  const [clearingCycle, clearingCycleUnit] = toDuration(p.clearingCycleLength);
  return {
    votingPeriod,
    votingPeriodUnit,
    quorumPercent: String(p.quorumBps / 100),
    approvalPercent: String(p.approvalThresholdBps / 100),
    admissionPolicy: p.admissionPolicy,
    documentsMustBeEncrypted: p.documentsMustBeEncrypted,
    coreVeto: p.coreVeto,
    clearingCycle,
    clearingCycleUnit,
    settlementToken: p.settlementToken.toLowerCase() === ZeroAddress ? "" : p.settlementToken,
  };
}

function duration(raw: string, unit: DurationUnit, label: string, errors: FieldErrors, id: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0) {
    errors[id] = `${label} must be a positive number.`;
    return 0;
  }
  const seconds = value * DURATION_UNITS[unit];
  if (!Number.isInteger(seconds)) {
    errors[id] = `${label} must be a whole number of seconds.`;
  } else if (seconds < MIN_PERIOD || seconds > MAX_PERIOD) {
    errors[id] = `${label} must be between 1 hour and 365 days.`;
  }
  return seconds;
}

function percent(raw: string, label: string, errors: FieldErrors, id: string): number {
  const text = raw.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    errors[id] = `${label} must be a percentage with at most two decimals, e.g. 50 or 66.67.`;
    return 0;
  }
  const bps = Math.round(Number(text) * 100);
  if (bps < 1 || bps > MAX_BPS) errors[id] = `${label} must be between 0.01 % and 100 %.`;
  return bps;
}

/** Checks the form and converts it to the registry's SecurityParams struct. */
export function checkParamsForm(form: ParamsForm, prefix = "params"): Checked<IClusterRegistry.SecurityParamsStruct> {
  const errors: FieldErrors = {};
  const votingPeriod = duration(form.votingPeriod, form.votingPeriodUnit, "Voting period", errors, `${prefix}-votingPeriod`);
  const quorumBps = percent(form.quorumPercent, "Quorum", errors, `${prefix}-quorum`);
  const approvalThresholdBps = percent(form.approvalPercent, "Approval threshold", errors, `${prefix}-approval`);
  const clearingCycleLength = duration(form.clearingCycle, form.clearingCycleUnit, "Clearing cycle", errors, `${prefix}-clearingCycle`);
  const token = parseAddress(form.settlementToken, "Settlement token", { allowEmpty: true });
  if (token.error) errors[`${prefix}-settlementToken`] = token.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      votingPeriod,
      quorumBps,
      approvalThresholdBps,
      admissionPolicy: enumIndex(ADMISSION_POLICY_ORDER, form.admissionPolicy),
      documentsMustBeEncrypted: form.documentsMustBeEncrypted,
      coreVeto: form.coreVeto,
      clearingCycleLength,
      settlementToken: token.address!,
    },
  };
}
