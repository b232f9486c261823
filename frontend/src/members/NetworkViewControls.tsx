import { useLayoutEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { MEMBER_KINDS } from "../../../core/chain/enums.js";
import type { ClusterNetwork, FlowKindName, MemberKindName } from "../api/types.js";
import { FLOW_KIND_LABEL } from "../ui/labels.js";
import { FLOW_COLOUR, FLOW_KINDS } from "./flowStyle.js";
import type { NetworkLayout } from "./networkLayout.js";
import { collapseKinds, findNodes, MEMBER_KIND_PLURAL, type NetworkView } from "./networkView.js";
import type { ZoomPan } from "./useZoomPan.js";

/** A found node is shown at its natural size at least: its label readable, its neighbours around it. */
const FOUND_SCALE = 1;

interface Found {
  id: number;
  query: string;
  /** Which of the matches, for Find again to go on to the next. */
  index: number;
}

export interface NetworkViewChoices {
  view: NetworkView | undefined;
  collapsed: ReadonlySet<MemberKindName>;
  hiddenFlows: ReadonlySet<FlowKindName>;
  found: Found | undefined;
  message: string | undefined;
  search: (query: string) => void;
  expand: (kind: MemberKindName) => void;
  toggleCollapsed: (kind: MemberKindName) => void;
  toggleFlow: (kind: FlowKindName) => void;
}

const toggled = <T,>(set: ReadonlySet<T>, item: T): ReadonlySet<T> => {
  const next = new Set(set);
  if (!next.delete(item)) next.add(item);
  return next;
};

/** What the reader chose to see: flows shown, kinds collapsed, the node searched for (centred once drawn). */
export function useNetworkViewChoices(layout: NetworkLayout | undefined, zoom: ZoomPan): NetworkViewChoices {
  const [collapsed, setCollapsed] = useState<ReadonlySet<MemberKindName>>(new Set());
  const [hiddenFlows, setHiddenFlows] = useState<ReadonlySet<FlowKindName>>(new Set());
  const [found, setFound] = useState<Found>();
  const [message, setMessage] = useState<string>();
  const view = useMemo(() => layout && collapseKinds(layout, collapsed), [layout, collapsed]);
  const centreOn = useRef<number>(undefined);

  // Centred once the view that holds the node is drawn: finding a member of a collapsed kind expands it first.
  useLayoutEffect(() => {
    const node = centreOn.current === undefined ? undefined : view?.nodes.find((n) => n.id === centreOn.current);
    if (!node) return;
    centreOn.current = undefined;
    zoom.centreOn(node, FOUND_SCALE);
  }, [view, found, zoom]);

  const search = (query: string) => {
    if (!layout) return;
    const matches = findNodes(layout.nodes, query);
    if (matches.length === 0) {
      setFound(undefined);
      setMessage(query.trim() ? `No member or partner matches “${query.trim()}”.` : "Type a name, a #number or an address.");
      return;
    }
    const index = found && found.query === query ? (found.index + 1) % matches.length : 0;
    const node = matches[index];
    if (node.kind && collapsed.has(node.kind)) setCollapsed((c) => toggled(c, node.kind!));
    centreOn.current = node.id;
    setFound({ id: node.id, query, index });
    const more = matches.length > 1 ? ` (${index + 1} of ${matches.length}; Find again for the next)` : "";
    setMessage(`Found #${node.id} ${node.label}${more}.`);
  };

  return {
    view,
    collapsed,
    hiddenFlows,
    found,
    message,
    search,
    expand: (kind) => setCollapsed((c) => (c.has(kind) ? toggled(c, kind) : c)),
    toggleCollapsed: (kind) => setCollapsed((c) => toggled(c, kind)),
    toggleFlow: (kind) => setHiddenFlows((h) => toggled(h, kind)),
  };
}

/** Search, flow filter, collapse by member kind, and zoom: what keeps a thousand-member network readable. */
export function NetworkViewControls({ network, choices, zoom }: { network: ClusterNetwork; choices: NetworkViewChoices; zoom: ZoomPan }) {
  const [query, setQuery] = useState("");
  const flowCounts = useMemo(() => countBy(network.links, (l) => l.kind), [network.links]);
  const kindCounts = useMemo(() => countBy(network.nodes, (n) => (n.type === "member" ? n.kind : undefined)), [network.nodes]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    choices.search(query);
  };
  const listId = `network-names-${network.clusterId}`;

  return (
    <div className="network-controls">
      <form role="search" aria-label="Find a member" className="network-search" onSubmit={submit}>
        <label htmlFor={`${listId}-query`}>Find a member</label>
        <input
          id={`${listId}-query`}
          type="search"
          list={listId}
          value={query}
          placeholder="Name, #number or address"
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
        <datalist id={listId}>
          {network.nodes.map((n) => (
            <option key={n.id} value={n.label} />
          ))}
        </datalist>
        <button type="submit" className="button small">
          Find
        </button>
        <span className="muted small" role="status" data-testid="network-search-status">
          {choices.message}
        </span>
      </form>
      <fieldset className="network-choice">
        <legend>Links shown</legend>
        {FLOW_KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={!choices.hiddenFlows.has(kind)} onChange={() => choices.toggleFlow(kind)} />
            <span className="flow-swatch" style={{ background: FLOW_COLOUR[kind] }} /> {FLOW_KIND_LABEL[kind]} ({flowCounts.get(kind) ?? 0})
          </label>
        ))}
      </fieldset>
      {kindCounts.size > 0 && (
        <fieldset className="network-choice">
          <legend>Collapse into one node</legend>
          {MEMBER_KINDS.filter((kind) => kindCounts.has(kind)).map((kind) => (
            <label key={kind}>
              <input type="checkbox" checked={choices.collapsed.has(kind)} onChange={() => choices.toggleCollapsed(kind)} />
              {MEMBER_KIND_PLURAL[kind]} ({kindCounts.get(kind)})
            </label>
          ))}
        </fieldset>
      )}
      <div className="zoom-controls" role="group" aria-label="Zoom the drawing">
        <button type="button" className="button small" onClick={zoom.zoomOut} disabled={zoom.scale === undefined} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="button small" onClick={zoom.fit} aria-pressed={zoom.scale === undefined}>
          Fit
        </button>
        <button type="button" className="button small" onClick={zoom.zoomIn} aria-label="Zoom in">
          +
        </button>
        <span className="muted small" aria-live="polite" data-testid="network-zoom">
          {zoom.scale === undefined ? "Fitted to the frame" : `${Math.round(zoom.scale * 100)} %`}
        </span>
      </div>
    </div>
  );
}

function countBy<T, K>(items: readonly T[], key: (item: T) => K | undefined): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
