// Solidity enum orders (the index of a name is its uint8 value) come from the one list the
// backend's indexer and API use too: a pure module of constants, safe to bundle.
export {
  ADMISSION_POLICIES as ADMISSION_POLICY_ORDER,
  CLUSTER_STATUSES as STATUS_ORDER,
  FLOW_KINDS as FLOW_KIND_ORDER,
  MEMBER_KINDS as MEMBER_KIND_ORDER,
  MEMBER_ROLES as ROLE_ORDER,
} from "../../../core/chain/enums.js";

export function enumIndex<T extends string>(order: readonly T[], value: T): number {
  const index = order.indexOf(value);
  if (index < 0) throw new Error(`Unknown enum value ${value}`);
  return index;
}

export function enumName<T extends string>(order: readonly T[], index: bigint | number): T | string {
  return order[Number(index)] ?? `#${index}`;
}
