import { usePlatformStatus } from "../api/StatusContext.js";
import { Address } from "../ui/Address.js";

/** A proposal's proposer; the factory proposes on the CDC's behalf for an initiative group. */
export function ProposerName({ proposer }: { proposer: string }) {
  const { data: status } = usePlatformStatus();
  const factory = status?.contracts.ClusterFactory?.toLowerCase();
  if (factory && proposer.toLowerCase() === factory) return <strong data-proposer="cdc">the CDC, for an initiative group</strong>;
  return <Address value={proposer} />;
}
