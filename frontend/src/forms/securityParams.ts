import { ZeroAddress } from "ethers";
import type { SecurityParams } from "../api/types.js";
import { ADMISSION_POLICY_LABEL } from "../ui/labels.js";
import { formatBps, formatDuration } from "../ui/format.js";

type Key = keyof SecurityParams;

export const PARAM_LABEL: Record<Key, string> = {
  votingPeriod: "Voting period",
  quorumBps: "Quorum",
  approvalThresholdBps: "Approval threshold",
  admissionPolicy: "Admission policy",
  documentsMustBeEncrypted: "Documents must be encrypted",
  coreVeto: "Core veto",
  clearingCycleLength: "Clearing cycle",
  settlementToken: "Settlement token",
};

export const PARAM_KEYS = Object.keys(PARAM_LABEL) as Key[];

export function formatParam(key: Key, params: SecurityParams): string {
  switch (key) {
    case "votingPeriod":
    case "clearingCycleLength":
      return formatDuration(params[key]);
    case "quorumBps":
    case "approvalThresholdBps":
      return formatBps(params[key]);
    case "admissionPolicy":
      return ADMISSION_POLICY_LABEL[params.admissionPolicy];
    case "documentsMustBeEncrypted":
    case "coreVeto":
      return params[key] ? "Yes" : "No";
    case "settlementToken":
      return params.settlementToken.toLowerCase() === ZeroAddress ? "None" : params.settlementToken;
  }
}

export interface ParamChange {
  key: Key;
  label: string;
  before: string;
  after: string;
}

/** What differs between two parameter sets; everything, when nothing was recorded before. */
export function diffParams(before: SecurityParams | null, after: SecurityParams): ParamChange[] {
  return PARAM_KEYS.filter((k) => !before || String(before[k]).toLowerCase() !== String(after[k]).toLowerCase()).map((key) => ({
    key,
    label: PARAM_LABEL[key],
    before: before ? formatParam(key, before) : "—",
    after: formatParam(key, after),
  }));
}
