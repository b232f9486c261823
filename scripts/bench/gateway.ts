import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { Wallet, type HDNodeWallet } from "ethers";
import { issueSessionToken } from "../../backend/auth/session.js";
import { loadGatewayKeys } from "../../backend/gateway/keys.js";
import { issueGatewayToken } from "../../backend/gateway/token.js";
import { gatewayPath } from "../../core/services/gateway.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { registerExternalService } from "../../deploy/externalService.js";
import { bulletinManifest } from "../../examples/bulletin/manifest.js";
import { Membership__factory } from "../../types/typechain/index.js";
import { localAccount } from "../lib/accounts.js";
import { startBulletin } from "../lib/bulletin.js";
import { freePort, waitUntil } from "../lib/processes.js";
import { measureEndpoint, type ApiResult } from "./api.js";
import { mineInBlocks } from "./events.js";
import { percentile } from "./report.js";
import type { BenchWorld } from "./world.js";

export interface GatewayBench {
  direct: ApiResult;
  proxied: ApiResult;
  latency: { events: number; p50: number; p99: number; max: number };
  backlog: { events: number; perSecond: number; restartToLastMs: number };
}

export interface GatewayBenchOptions {
  world: BenchWorld;
  /** The running backend, its session secret and its gateway key file. */
  base: string;
  sessionSecret: string;
  keyFile: string;
  dir: string;
  seconds: number;
  /** Events sent one at a time for the latency, then as a backlog for the throughput. */
  latencyEvents: number;
  backlogEvents: number;
  say: (line: string) => void;
}

/**
 * The example service (examples/bulletin, its own process) registered and enabled in a cluster
 * whose CDO admits members directly: the gateway's cost on top of calling the service directly,
 * and its webhooks (one MemberAdded per admission, one welcome notice per webhook) measured from
 * the moment the block is mined to the moment the service stored the notice.
 */
/** Requests of the direct run: each needs a token signed beforehand, and all must be used within their minute. */
const DIRECT_REQUESTS = 20_000;

export async function measureGateway(o: GatewayBenchOptions): Promise<GatewayBench> {
  const { world } = o;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { webhookSecret } = await registerExternalService(world.cdc, world.record, o.base, bulletinManifest(url));
  const dbPath = join(o.dir, "bulletin.sqlite");
  const bulletinOptions = { platformUrl: o.base, webhookSecret, port, dbPath, logFile: join(o.dir, "bulletin.log") };
  let bulletin = await startBulletin(bulletinOptions);
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const created = await createClusterFromSpec(world.cdc, world.record, {
      ...world.demo,
      name: "Gateway bench cluster",
      services: [...world.demo.services, "bulletin"],
      params: { ...world.demo.params, admissionPolicy: "cdoDecision" },
    });
    const clusterId = Number(created.clusterId);
    const welcomes = () => (db.prepare("SELECT COUNT(*) AS n FROM notices WHERE cluster_id = ? AND author = 'platform'").get(clusterId) as { n: number }).n;
    await waitUntil("the founders' welcomes", async () => welcomes() === world.demo.founders.length, 60_000);

    o.say(`  gateway overhead: GET /notices directly and through the gateway, ${o.seconds} s each`);
    const founder = world.demo.founders[0]!;
    const address = founder.account.toLowerCase();
    const { token: session } = await issueSessionToken(o.sessionSecret, address, 3600);
    const keys = await loadGatewayKeys(o.keyFile);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: address,
      cluster: clusterId,
      member: { name: founder.name, role: founder.role },
      cdc: false,
      cdo: false,
      sessionExpiresAt: now + 3600,
      settings: {},
    };
    // A gateway token is good for one request (the SDK refuses a replay): the direct run sends
    // each request with a token of its own, signed beforehand so signing is not what is timed.
    const tokens = await Promise.all(Array.from({ length: DIRECT_REQUESTS }, () => issueGatewayToken(keys, new URL(o.base).origin, "bulletin", claims)));
    const direct = await measureEndpoint(url, "/notices", 0, 10, {}, { amount: DIRECT_REQUESTS, headers: (i) => ({ authorization: `Bearer ${tokens[i]}` }) });
    const proxied = await measureEndpoint(o.base, gatewayPath(clusterId, "bulletin", "/notices"), o.seconds, 10, { authorization: `Bearer ${session}` });

    const membership = Membership__factory.connect(created.membership, localAccount(9, world.provider));
    const cdo = localAccount(9, world.provider);
    o.say(`  webhook latency: ${o.latencyEvents} admissions, one at a time`);
    const sentAt = new Map<string, number>();
    for (let i = 0; i < o.latencyEvents; i++) {
      const name = `Latency bench member ${i}`;
      const tx = await membership.addMember(Wallet.createRandom().address, { name, kind: 0, registrationCid: "", encryptionKey: "0x" }, 1);
      // Automine: the block exists once the node answered the send.
      sentAt.set(`Welcome to the cluster, ${name}!`, Date.now());
      await tx.wait();
      await new Promise((r) => setTimeout(r, 50));
    }
    const expected = world.demo.founders.length + o.latencyEvents;
    await waitUntil("the latency run's welcomes", async () => welcomes() >= expected, 120_000);
    const latencies = (
      db.prepare("SELECT text, posted_at FROM notices WHERE cluster_id = ? AND author = 'platform'").all(clusterId) as { text: string; posted_at: string }[]
    )
      .filter((n) => sentAt.has(n.text))
      .map((n) => Date.parse(n.posted_at) - sentAt.get(n.text)!)
      .sort((a, b) => a - b);

    // The backlog piles up while the service is down (as after a crash); its drain after the
    // restart is the delivery rate, without the node's block production in the way.
    o.say(`  webhook throughput: the service stopped, ${o.backlogEvents} admissions mined 100 a block, the service restarted`);
    await bulletin.stop();
    await admitInBlocks(world, cdo, created.membership, o.backlogEvents, 100);
    const head = await world.provider.getBlockNumber();
    await waitUntil(
      `the backend to index block ${head}`,
      async () => ((await (await fetch(`${o.base}/api/status`)).json()) as { indexedBlock: number }).indexedBlock >= head,
      120_000,
    );
    bulletin = await startBulletin(bulletinOptions);
    const upAt = Date.now();
    await waitUntil("the backlog's welcomes", async () => welcomes() >= expected + o.backlogEvents, 600_000);
    const times = (
      db.prepare("SELECT posted_at FROM notices WHERE cluster_id = ? AND author = 'platform' ORDER BY id DESC LIMIT ?").all(clusterId, o.backlogEvents) as {
        posted_at: string;
      }[]
    ).map((n) => Date.parse(n.posted_at));
    const first = Math.min(...times);
    const last = Math.max(...times);
    return {
      direct,
      proxied,
      latency: { events: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? 0 },
      backlog: { events: o.backlogEvents, perSecond: o.backlogEvents / Math.max((last - first) / 1000, 0.001), restartToLastMs: last - upAt },
    };
  } finally {
    db.close();
    await bulletin.stop();
  }
}

/** `count` admissions by the CDO (CdoDecision policy), mined `perBlock` at a time. */
async function admitInBlocks(world: BenchWorld, cdo: HDNodeWallet, membershipAddress: string, count: number, perBlock: number): Promise<void> {
  const iface = Membership__factory.createInterface();
  const profile = (k: number) => ({ name: `Backlog bench member ${k}`, kind: 0, registrationCid: "", encryptionKey: "0x" });
  await mineInBlocks(world.provider, cdo, membershipAddress, count, perBlock, (k) =>
    iface.encodeFunctionData("addMember", [Wallet.createRandom().address, profile(k), 1]),
  );
}

/** The report's section: the gateway's added latency and the webhooks' latency and rate. */
export function gatewayReport(g: GatewayBench, seconds: number): string {
  const row = (what: string, a: ApiResult) =>
    `| ${what} | ${Math.round(a.rps).toLocaleString("en-US")} | ${a.p50} | ${a.p99} | ${a.requests} | ${a.errors} | ${a.non2xx} |`;
  return [
    `## Gateway and webhooks (the example service in its own process)`,
    ``,
    `GET /notices of the bulletin board, autocannon with 10 connections: directly, ${DIRECT_REQUESTS.toLocaleString("en-US")} requests each with a gateway token of its own signed beforehand (the SDK accepts a token once), and through the platform's gateway for ${seconds} s with a session (which checks the session and the cluster's configuration, reads the caller's membership and the service's settings, signs a fresh ES256 token and proxies).`,
    ``,
    `| call | requests/s | p50 ms | p99 ms | requests | errors | non-2xx |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
    row("direct to the service", g.direct),
    row("through the gateway", g.proxied),
    `| **added by the gateway** | | **${(g.proxied.p50 - g.direct.p50).toFixed(1)}** | **${(g.proxied.p99 - g.direct.p99).toFixed(1)}** | | | |`,
    ``,
    `Webhooks: one MemberAdded per admission (CDO decision), delivered signed to the service, which stores a welcome notice; measured from the mined block to the stored notice.`,
    ``,
    `| measure | value |`,
    `| --- | ---: |`,
    `| latency, ${g.latency.events} admissions one at a time: p50 / p99 / max | ${g.latency.p50} / ${g.latency.p99} / ${g.latency.max} ms |`,
    `| backlog of ${g.backlog.events} admissions queued while the service was down: delivered per second once it is back | ${Math.round(g.backlog.perSecond).toLocaleString("en-US")} |`,
    `| backlog: service restarted to last notice stored (includes the queue's retry backoff) | ${(g.backlog.restartToLastMs / 1000).toFixed(2)} s |`,
  ].join("\n");
}
