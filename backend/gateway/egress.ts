import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import ipaddr from "ipaddr.js";

/**
 * The gateway's way out to external services (proxied calls and webhooks). A service's address
 * comes from a manifest the CDC registered, so it must not let the platform's users reach what
 * sits beside the backend: a node's JSON-RPC, Kubo's API, the database, cloud metadata. Every
 * address a host resolves to is checked as the connection is made (a name that later resolves
 * elsewhere gains nothing), and only public unicast addresses pass, unless the CDC's
 * configuration names the origin (CLUSTER_GATEWAY_PRIVATE_ORIGINS: a service run beside the
 * platform on purpose, like the demo's bulletin board).
 */
export class EgressPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly hosts: ReadonlySet<string>;

  /** `allowed`: origins (http://10.0.0.5:8095) or bare hosts (127.0.0.1, any port) that may be private. */
  constructor(allowed: readonly string[]) {
    const origins = new Set<string>();
    const hosts = new Set<string>();
    for (const entry of allowed) {
      if (/^https?:\/\//.test(entry)) origins.add(new URL(entry).origin);
      else hosts.add(entry.toLowerCase());
    }
    this.origins = origins;
    this.hosts = hosts;
  }

  /** Whether `target` may resolve to private addresses. */
  mayBePrivate(target: URL): boolean {
    return this.origins.has(target.origin) || this.hosts.has(target.hostname.replace(/^\[|\]$/g, "").toLowerCase());
  }
}

/** Refused before connecting: the address is not one the gateway reaches. */
export class EgressRefused extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), which the gateway does not reach; the CDC may allow it in CLUSTER_GATEWAY_PRIVATE_ORIGINS`);
    this.name = "EgressRefused";
  }
}

/** The range of an address: "unicast" for a public one (ipaddr.js, IPv4-mapped IPv6 seen as IPv4). */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(host: string): (hostname: string, options: LookupOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const range = addressRange(a.address);
        if (range !== "unicast") return callback(new EgressRefused(host, a.address, range), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export interface EgressInit {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  signal: AbortSignal;
}

export interface EgressResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Uint8Array>;
}

/**
 * One HTTP request under `policy`: no redirect is followed (the answer is the upstream's own), and
 * a literal address in the URL is checked like a resolved one.
 */
export function egressRequest(policy: EgressPolicy, target: URL, init: EgressInit): Promise<EgressResponse> {
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const open = !policy.mayBePrivate(target);
  if (open && ipaddr.isValid(host)) {
    const range = addressRange(host);
    if (range !== "unicast") return Promise.reject(new EgressRefused(host, host, range));
  }
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: init.method, headers: init.headers, signal: init.signal, ...(open ? { lookup: guardedLookup(host) } : {}) }, (res) =>
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res }),
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
