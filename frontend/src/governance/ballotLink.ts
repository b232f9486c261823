import { encodeBallot, type Ballot } from "./ballot.js";

// A signed ballot travels as a link to its proposal's page with the ballot in the fragment
// (#ballot=…, base64url JSON): whoever opens it finds the relay form filled in, and the
// fragment never reaches a server's logs.

const KEY = "ballot";

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64Url = (text: string) => atob(text.replace(/-/g, "+").replace(/_/g, "/"));

export function proposalPath(clusterId: number, proposalId: string): string {
  return `/clusters/${clusterId}/proposals/${proposalId}`;
}

/** The full link a voter passes on: the proposal's page on this platform, carrying the ballot. */
export function ballotLink(origin: string, clusterId: number, ballot: Ballot): string {
  return `${origin}${proposalPath(clusterId, ballot.proposalId)}#${KEY}=${toBase64Url(encodeBallot(ballot))}`;
}

/** The ballot's text (JSON) from a URL fragment ("#ballot=…"), or undefined if it carries none. */
export function ballotFromHash(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, "")).get(KEY);
  if (!value) return undefined;
  try {
    return fromBase64Url(value);
  } catch {
    return ""; // present but unreadable: decodeBallot says so
  }
}

/** What a relayer pasted: a ballot link or the ballot's JSON itself; the ballot's JSON either way. */
export function ballotText(input: string): string {
  const trimmed = input.trim();
  const at = trimmed.indexOf("#");
  if (at >= 0 && !trimmed.startsWith("{")) return ballotFromHash(trimmed.slice(at)) ?? trimmed;
  return trimmed;
}
