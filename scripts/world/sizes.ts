/**
 * How big the world is. Full size (scale 1) is issue 13's target: 50 clusters, one of them with
 * 1,000 members and 5,000 links, 100,000 clearing obligations, 10,000 documents, 2,000
 * agreements and 500 governance proposals over the whole platform. A scale shrinks every count
 * (never below what a working world needs), so `--scale 0.01` is a quick run of the same shape.
 */
export interface WorldSizes {
  clusters: number;
  /** Members of the large cluster (the others have SMALL_CLUSTER_MEMBERS founders each). */
  largeMembers: number;
  /** Links the large cluster's CDO adds between its members. */
  largeLinks: number;
  obligations: number;
  documents: number;
  agreements: number;
  proposals: number;
}

/** The share of each kind of record that goes to the large cluster; the rest is spread over the others. */
export const LARGE_SHARE = 0.4;
/** Founders of every cluster but the large one: enough for agreements of three and a few votes. */
export const SMALL_CLUSTER_MEMBERS = 10;
/** Founders the large cluster is created with: one factory transaction well under the 16.7M-gas cap; the CDO admits the rest. */
export const LARGE_FOUNDERS = 150;

/** Shares of records that go further than created: confirmed, signed, activated, voted on. */
export const SHARES = {
  /** Obligations the debtor confirms (the rest stay proposed, as in a live cycle). */
  confirmed: 0.8,
  /** Named document signers who sign. */
  documentSigned: 0.6,
  /** Agreements every party signs (active); the rest stay drafts signed by their creator only. */
  agreementActive: 0.8,
  /** Votes cast on each proposal (by distinct members). */
  votesPerProposal: 3,
} as const;

const FULL: WorldSizes = { clusters: 50, largeMembers: 1000, largeLinks: 5000, obligations: 100_000, documents: 10_000, agreements: 2000, proposals: 500 };

export function worldSizes(scale: number): WorldSizes {
  if (!(scale > 0 && scale <= 10)) throw new Error(`The scale must be a number above 0 and at most 10, such as 0.01 or 1; got ${scale}`);
  const at = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  return {
    clusters: at(FULL.clusters, 2),
    largeMembers: at(FULL.largeMembers, SMALL_CLUSTER_MEMBERS),
    largeLinks: at(FULL.largeLinks, 1),
    obligations: at(FULL.obligations, 1),
    documents: at(FULL.documents, 1),
    agreements: at(FULL.agreements, 1),
    proposals: at(FULL.proposals, 1),
  };
}
