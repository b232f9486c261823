import type {
  AccountName,
  AgreementDetail,
  AgreementSummary,
  ClearingOverview,
  ClusterDetail,
  DirectoryEntry,
  DocumentDetail,
  DocumentSummary,
  MemberObligation,
  ObligationsShown,
  SetOffSolution,
  UnwindSolution,
  StandingProposal,
  ClearingCycleHistory,
  ClearingCycleDetail,
  ClearingFlow,
  UploadResult,
  Verification,
  Application,
  Initiative,
  Lifecycle,
  ProposalDetail,
  ProposalStateName,
  ProposalSummary,
  ClusterNetwork,
  NetworkOverview,
  RegisteredNodes,
  ClusterStatus,
  ClusterSummary,
  ConfigHistoryEntry,
  Me,
  Member,
  PlatformStatus,
  RepositoryName,
  Service,
  ServiceSettings,
  SettingsObject,
  SignInResult,
  StoredSettings,
} from "./types.js";
import { gatewayPath } from "../../../core/services/gateway.js";
import { loadSession } from "../wallet/session.js";
import { apiReachable, reportApiAnswer } from "./reachability.js";
import { MAX_PAGE } from "../../../core/api/pageSize.js";

/** An API refusal, carrying the backend's error code and its human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

/** What a request that reached no server says; the page shows one banner for it too (api/OutageBanner.tsx). */
const UNREACHABLE = "The platform's server does not answer; try again once it is back.";

/**
 * A reverse proxy's answer for the server behind it being down or hung: as good as no answer. The
 * platform's own 502 and 504 (an external service failed, through its gateway) come as JSON.
 */
function proxyGaveUp(response: Response): boolean {
  return (response.status === 502 || response.status === 504) && !response.headers.get("content-type")?.includes("application/json");
}

/**
 * fetch, reporting to api/reachability.ts whether the platform's server answered; a failure to
 * connect becomes an ApiError with status 0 (code "unreachable"). While the server is known to be
 * away, reads fail at once without asking it: the status poll (the `probe`) alone knocks, backing
 * off, and every view loads again once it answers (useApi), however its polling is scheduled.
 */
async function reach(path: string, init: RequestInit, probe = false): Promise<Response> {
  if (!probe && (init.method ?? "GET") === "GET" && !apiReachable()) throw new ApiError(0, "unreachable", UNREACHABLE);
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    // An abort by the caller is not the server's silence.
    if (init.signal?.aborted && !(init.signal.reason instanceof DOMException && init.signal.reason.name === "TimeoutError")) throw cause;
    reportApiAnswer(false);
    throw new ApiError(0, "unreachable", UNREACHABLE);
  }
  const answered = !proxyGaveUp(response);
  reportApiAnswer(answered);
  if (!answered) throw new ApiError(response.status, "unreachable", UNREACHABLE);
  return response;
}

/** The token to send: the one given, else the signed-in session's (every read beyond the public ones needs it). */
function bearerOf(token: string | undefined): string | undefined {
  return token ?? loadSession()?.token;
}

async function request<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
  return (await exchange(path, init, token)).body as T;
}

/** The address in a `Link: <…>; rel="next"` header, or null on a list's last page. */
function nextPage(link: string | null): string | null {
  return link?.match(/<([^>]+)>;\s*rel="next"/)?.[1] ?? null;
}

/**
 * Every row of a paged list (core/api/schemas/page.ts), read as long pages following each
 * answer's Link header: the web app's tables search, sort and page what they hold (ui/listView.tsx).
 */
async function requestAll<T>(path: string, token?: string): Promise<T[]> {
  const rows: T[] = [];
  for (let at: string | null = `${path}${path.includes("?") ? "&" : "?"}limit=${MAX_PAGE}`; at !== null;) {
    const { body, response } = await exchange(at, {}, token);
    rows.push(...(body as T[]));
    at = nextPage(response.headers.get("Link"));
  }
  return rows;
}

/** One page of a list the API sorts and searches, with how many rows match (its X-Total-Count) and the next page's cursor. */
export interface ServerPage<T> {
  rows: T[];
  matching: number;
  next: string | null;
}

/** What a page of a server-paged list is asked with (core/api/schemas/page.ts). */
export interface ServerPageQuery {
  sort: string;
  limit: number;
  q?: string;
  after?: string;
}

/** `filters`: the list's own parameters beside the page's (which rows it shows). */
async function requestPage<T>(path: string, query: ServerPageQuery, filters: Record<string, string> = {}): Promise<ServerPage<T>> {
  const params = new URLSearchParams({ ...filters, sort: query.sort, limit: String(query.limit) });
  if (query.q) params.set("q", query.q);
  if (query.after !== undefined) params.set("after", query.after);
  const { body, response } = await exchange(`${path}?${params.toString()}`, {}, undefined);
  const next = nextPage(response.headers.get("Link"));
  return {
    rows: body as T[],
    matching: Number(response.headers.get("X-Total-Count") ?? 0),
    next: next === null ? null : new URL(next, "http://relative.invalid").searchParams.get("after"),
  };
}

async function exchange(path: string, init: RequestInit, token: string | undefined): Promise<{ body: unknown; response: Response }> {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/json");
  if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const bearer = bearerOf(token);
  if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
  const response = await reach(path, { ...init, headers });
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `${init.method ?? "GET"} ${path} failed with HTTP ${response.status}`,
    );
  }
  return { body, response };
}

/** A status answer slower than this counts as none: a hung server must not hold the banner back. */
const STATUS_TIMEOUT_MS = 10_000;

/** The platform status; a 503 carries it too (the chain does not answer, the index still does). */
async function platformStatus(): Promise<PlatformStatus> {
  const response = await reach("/api/status", { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) }, true);
  const body = safeJson(await response.text());
  if (response.ok || (response.status === 503 && typeof body === "object" && body !== null && "chain" in body)) {
    return body as PlatformStatus;
  }
  const error = (body as ErrorBody | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `GET /api/status failed with HTTP ${response.status}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  status: platformStatus,
  names: (addresses: readonly string[]) => request<{ names: AccountName[] }>(`/api/names?addresses=${addresses.join(",")}`),
  services: (repository?: RepositoryName) => request<Service[]>(repository ? `/api/services?repository=${repository}` : "/api/services"),
  service: (id: number) => request<Service>(`/api/services/${id}`),
  /** A request to an external service through the platform's gateway (`rest` is the service's own path). */
  gateway: <T = unknown>(clusterId: number, service: string, rest: string, body?: unknown) =>
    request<T>(gatewayPath(clusterId, service, rest), body === undefined ? {} : { method: "POST", body: JSON.stringify(body) }),
  /** A service's settings in a cluster: its schema, defaults and what is in force (members and the CDC). */
  serviceSettings: (clusterId: number, service: string) => request<ServiceSettings>(`/api/clusters/${clusterId}/settings/${service}`),
  /** Stores a settings document (values over the defaults); its digest is then signed on chain. */
  storeSettings: (clusterId: number, service: string, settings: SettingsObject) =>
    request<StoredSettings>(`/api/clusters/${clusterId}/settings/${service}`, { method: "POST", body: JSON.stringify(settings) }),
  clusters: (status?: ClusterStatus) => requestAll<ClusterSummary>(status ? `/api/clusters?status=${status}` : "/api/clusters"),
  cluster: (id: number) => request<ClusterDetail>(`/api/clusters/${id}`),
  configHistory: (id: number) => request<ConfigHistoryEntry[]>(`/api/clusters/${id}/config/history`),
  members: (id: number) => requestAll<Member>(`/api/clusters/${id}/members`),
  network: (id: number) => request<ClusterNetwork>(`/api/clusters/${id}/network`),
  /** The consortium's Besu network for the CDC: registry, operator reports, validators, actions. */
  networkOverview: () => request<NetworkOverview>("/api/network"),
  /** Registered nodes: every one for the CDC, the caller's own for anyone else. */
  registeredNodes: () => request<RegisteredNodes>("/api/network/nodes"),
  nonce: () => request<{ nonce: string }>("/api/auth/nonce"),
  verify: (message: string, signature: string) => request<SignInResult>("/api/auth/verify", { method: "POST", body: JSON.stringify({ message, signature }) }),
  me: (token: string) => request<Me>("/api/me", {}, token),
  directory: (id: number, token: string) => requestAll<DirectoryEntry>(`/api/clusters/${id}/directory`, token),
  documents: (id: number) => requestAll<DocumentSummary>(`/api/clusters/${id}/documents`),
  document: (id: number, docId: number) => request<DocumentDetail>(`/api/clusters/${id}/documents/${docId}`),
  upload: (id: number, bytes: Uint8Array, filename: string, token: string) =>
    request<UploadResult>(
      `/api/clusters/${id}/documents/upload`,
      {
        method: "POST",
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { "Content-Type": "application/octet-stream", "X-Filename": encodeURIComponent(filename) },
      },
      token,
    ),
  verifyDocument: (id: number, bytes: Uint8Array) =>
    request<Verification>(`/api/clusters/${id}/documents/verify`, {
      method: "POST",
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { "Content-Type": "application/octet-stream" },
    }),
  content: async (cid: string, token?: string): Promise<Uint8Array> => {
    const headers = new Headers();
    const bearer = bearerOf(token);
    if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
    const response = await reach(`/api/content/${cid}`, { headers });
    if (!response.ok) {
      const body = safeJson(await response.text()) as ErrorBody | undefined;
      throw new ApiError(
        response.status,
        body?.error?.code ?? `http_${response.status}`,
        body?.error?.message ?? `Download of ${cid} failed with HTTP ${response.status}`,
      );
    }
    return new Uint8Array(await response.arrayBuffer());
  },
  agreements: (id: number) => requestAll<AgreementSummary>(`/api/clusters/${id}/agreements`),
  agreement: (id: number, agreementId: number) => request<AgreementDetail>(`/api/clusters/${id}/agreements/${agreementId}`),
  obligations: (id: number, show: ObligationsShown, query: ServerPageQuery) =>
    requestPage<MemberObligation>(`/api/clusters/${id}/obligations`, query, { show }),
  clearing: (id: number) => request<ClearingOverview>(`/api/clusters/${id}/clearing`),
  solution: (id: number, cycle: number) => request<SetOffSolution>(`/api/clusters/${id}/clearing/cycles/${cycle}/solution`),
  unwind: (id: number, cycle: number) => request<UnwindSolution>(`/api/clusters/${id}/clearing/cycles/${cycle}/unwind`),
  standingProposal: (id: number, cycle: number) => request<StandingProposal>(`/api/clusters/${id}/clearing/cycles/${cycle}/proposal`),
  clearingCycles: (id: number, page: { before?: number; limit?: number } = {}) =>
    request<ClearingCycleHistory>(
      `/api/clusters/${id}/clearing/cycles?${new URLSearchParams({ ...(page.before !== undefined ? { before: String(page.before) } : {}), limit: String(page.limit ?? 10) }).toString()}`,
    ),
  clearingCycle: (id: number, cycle: number) => request<ClearingCycleDetail>(`/api/clusters/${id}/clearing/cycles/${cycle}`),
  clearingFlows: (id: number, cycle: number, query: ServerPageQuery) => requestPage<ClearingFlow>(`/api/clusters/${id}/clearing/cycles/${cycle}/flows`, query),
  proposals: (id: number, state?: ProposalStateName) =>
    requestAll<ProposalSummary>(state ? `/api/clusters/${id}/proposals?state=${state}` : `/api/clusters/${id}/proposals`),
  proposal: (id: number, proposalId: string, token?: string) => request<ProposalDetail>(`/api/clusters/${id}/proposals/${proposalId}`, {}, token),
  initiatives: () => request<Initiative[]>("/api/initiatives"),
  applications: (id: number) => requestAll<Application>(`/api/clusters/${id}/applications`),
  lifecycle: (id: number) => request<Lifecycle>(`/api/clusters/${id}/lifecycle`),
};
