import type { ComponentKind } from "../../core/chain/componentKinds.js";
import type { EventHandler } from "./context.js";
import { agreementHandlers } from "../services/smart-contracts/handlers.js";
import { catalogHandlers } from "../services/service-configuration/catalogHandlers.js";
import { clearingHandlers } from "../services/corporate-clearing/handlers.js";
import { documentHandlers } from "../services/document-management/handlers.js";
import { factoryHandlers } from "../services/cluster-registration/factoryHandlers.js";
import { governorHandlers } from "../services/cluster-registration/governorHandlers.js";
import { membershipHandlers } from "../services/cluster-registration/membershipHandlers.js";
import { registryHandlers } from "../services/cluster-registration/registryHandlers.js";
import { roleHandlers } from "./roleHandlers.js";
import { networkHandlers } from "../network/handlers.js";

/** The kinds of contract the indexer follows; each address it follows is of one kind. */
export type SourceKind = "catalog" | "registry" | "factory" | "membership" | "governor" | "documents" | "agreements" | "clearing" | "nodes";

/** Sources of the platform itself rather than of a service (the network's node registry serves the CDC, not a cluster). */
const PLATFORM_SOURCES: readonly SourceKind[] = ["nodes"];

/** Per-cluster component kinds (bytes32 names in the registry) the indexer follows, by source kind. */
const COMPONENT_SOURCES: Record<ComponentKind, SourceKind> = {
  Membership: "membership",
  Governor: "governor",
  Documents: "documents",
  Agreements: "agreements",
  Clearing: "clearing",
};

/** The source kind of a component clone, or undefined for a kind the indexer does not follow. */
export function sourceOfComponent(component: string): SourceKind | undefined {
  return Object.hasOwn(COMPONENT_SOURCES, component) ? COMPONENT_SOURCES[component as ComponentKind] : undefined;
}

export const FOLLOWED_COMPONENTS = Object.keys(COMPONENT_SOURCES);

const HANDLERS: Record<SourceKind, EventHandler[]> = {
  catalog: [...catalogHandlers, ...roleHandlers],
  registry: [...registryHandlers, ...roleHandlers],
  factory: factoryHandlers,
  membership: membershipHandlers,
  governor: governorHandlers,
  documents: documentHandlers,
  agreements: agreementHandlers,
  clearing: clearingHandlers,
  nodes: networkHandlers,
};

/** The contract each source kind is, by the name its events are known by ("Contract.Event" in manifests). */
export const SOURCE_CONTRACT: Record<SourceKind, string> = {
  catalog: "ServiceCatalog",
  registry: "ClusterRegistry",
  factory: "ClusterFactory",
  membership: "Membership",
  governor: "ClusterGovernor",
  documents: "DocumentRegistry",
  agreements: "AgreementRegistry",
  clearing: "ClearingHouse",
  nodes: "NodeRegistry",
};

/** Every event the indexer applies for a service, as "Contract.Event" (what service manifests claim). */
export function handlerNames(): string[] {
  return Object.entries(HANDLERS)
    .filter(([kind]) => !PLATFORM_SOURCES.includes(kind as SourceKind))
    .flatMap(([kind, handlers]) => handlers.map((h) => `${SOURCE_CONTRACT[kind as SourceKind]}.${h.name}`));
}

const BY_TOPIC = new Map<SourceKind, Map<string, EventHandler>>(
  Object.entries(HANDLERS).map(([kind, handlers]) => [kind as SourceKind, new Map(handlers.map((h) => [h.topic, h]))]),
);

/** The event topics worth fetching for some kinds: the node filters out the rest (ERC721 noise). */
export function topicsFor(kinds: Iterable<SourceKind>): string[] {
  const topics = new Set<string>();
  for (const kind of kinds) for (const h of HANDLERS[kind]) topics.add(h.topic);
  return [...topics];
}

export function handlerFor(kind: SourceKind, topic0: string | undefined): EventHandler | undefined {
  return topic0 === undefined ? undefined : BY_TOPIC.get(kind)?.get(topic0);
}
