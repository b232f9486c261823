import { api } from "../api/client.js";
import type { AgreementKindName, NetworkLink } from "../api/types.js";
import { useApi } from "../api/useApi.js";

/** What a member may read of an agreement behind a link: its kind and its terms document's title. */
export interface AgreementName {
  kind: AgreementKindName;
  /** The title of the anchored document serving as its terms; absent for terms uploaded as a file. */
  title?: string;
}

/** The agreements behind the links drawn by agreements, by id (each once, in order). */
export const agreementIdsOf = (links: readonly NetworkLink[]): number[] =>
  [...new Set(links.flatMap((l) => (l.source === "agreement" && l.agreementId !== undefined ? [l.agreementId] : [])))].sort((a, b) => a - b);

/**
 * Names the agreements behind `ids` for a member: agreements and documents are members-only
 * reads, whereas the network is public, so a visitor gets an empty map and sees the ids only.
 * The documents service may be off: the kinds are enough then.
 */
export function useAgreementNames(clusterId: number, isMember: boolean, ids: readonly number[]): ReadonlyMap<number, AgreementName> {
  const wanted = isMember ? ids : [];
  const names = useApi(
    async (): Promise<Map<number, AgreementName>> => {
      if (wanted.length === 0) return new Map();
      const [agreements, documents] = await Promise.all([api.agreements(clusterId), api.documents(clusterId).catch(() => [])]);
      const titleOf = new Map(documents.map((d) => [d.cid, d.title]));
      return new Map(
        agreements
          .filter((a) => wanted.includes(a.id))
          .map((a) => {
            const title = a.termsCid === null ? undefined : titleOf.get(a.termsCid);
            return [a.id, title === undefined ? { kind: a.kind } : { kind: a.kind, title }];
          }),
      );
    },
    `agreement-names-${clusterId}-${wanted.join(",")}`,
  );
  return names.data ?? new Map();
}
