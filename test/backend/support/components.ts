import { encodeBytes32String, ZeroAddress, type HDNodeWallet } from "ethers";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../../backend/api/app.js";
import { issueSessionToken } from "../../../backend/auth/session.js";
import { EmbeddedStore } from "../../../backend/storage/embeddedStore.js";
import { createClusterFromSpec } from "../../../deploy/cluster.js";
import { timeTravel } from "../../../scripts/lib/chain.js";
import type { ClusterSpecJson } from "../../../deploy/spec.js";
import {
  ClusterRegistry__factory,
  IAgreementRegistry__factory,
  IClearingHouse__factory,
  IDocumentRegistry__factory,
  ServiceCatalog__factory,
  SettlementToken__factory,
  type IAgreementRegistry,
  type IClearingHouse,
  type IDocumentRegistry,
  type SettlementToken,
} from "../../../types/typechain/index.js";
import { account } from "./chain.js";
import { execute, governorOf, proposed, Vote } from "./governance.js";
import { indexOf, type TestIndex } from "./index.js";
import { serve, TEST_SESSION_SECRET, testConfig, type Served } from "./server.js";
import { platformWorld, send, type PlatformWorld } from "./world.js";
import demo from "../../../deploy/clusters/demo.json" with { type: "json" };

export interface ComponentCluster {
  clusterId: bigint;
  id: number;
  documents: IDocumentRegistry;
  agreements: IAgreementRegistry;
  clearing: IClearingHouse;
}

export interface ComponentWorld {
  world: PlatformWorld;
  /**
   * Founders of both clusters: derived accounts 20 (core), 21 (core), 22 (participant), funded
   * here; 24 is an outsider. Accounts of the platform world keep exactly the roles its suites expect.
   */
  a: HDNodeWallet;
  b: HDNodeWallet;
  c: HDNodeWallet;
  outsider: HDNodeWallet;
  token: SettlementToken;
  /** Documents may be plaintext; clearing cycles last a day, settled in `token`. */
  plain: ComponentCluster;
  /** Its configuration requires encrypted documents. */
  encrypted: ComponentCluster;
}

export const CYCLE_LENGTH = 86_400;

// The demo cluster's services: every component (documents, agreements, clearing) is cloned at creation.
const SERVICES: string[] = demo.services;

/**
 * A cluster of the three founders (a and b core, c a participant) with a day's vote and
 * clearing cycle, members voting on admissions; plaintext documents unless `encrypted`.
 */
export function threeFoundersSpec(
  founders: Pick<ComponentWorld, "a" | "b" | "c">,
  o: { name: string; cdo: string; services: string[]; encrypted?: boolean; settlementToken?: string },
): ClusterSpecJson {
  const { a, b, c } = founders;
  return {
    name: o.name,
    cdo: o.cdo,
    params: {
      votingPeriod: 86_400,
      quorumBps: 5000,
      approvalThresholdBps: 6000,
      admissionPolicy: "membersVote",
      documentsMustBeEncrypted: o.encrypted ?? false,
      coreVeto: false,
      clearingCycleLength: CYCLE_LENGTH,
      settlementToken: o.settlementToken ?? ZeroAddress,
    },
    services: o.services,
    founders: [
      { account: a.address, name: "Alpha Works", kind: "enterprise", role: "core" },
      { account: b.address, name: "Beta Institute", kind: "rndCentre", role: "core" },
      { account: c.address, name: "Gamma Logistics", kind: "serviceProvider", role: "participant" },
    ],
    partners: [],
    links: [],
  };
}

export async function componentsOf(world: PlatformWorld, clusterId: bigint): Promise<ComponentCluster> {
  const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.cdc);
  const at = (kind: string) => registry.componentOf(clusterId, encodeBytes32String(kind));
  return {
    clusterId,
    id: Number(clusterId),
    documents: IDocumentRegistry__factory.connect(await at("Documents"), world.cdc),
    agreements: IAgreementRegistry__factory.connect(await at("Agreements"), world.cdc),
    clearing: IClearingHouse__factory.connect(await at("Clearing"), world.cdc),
  };
}

async function build(): Promise<ComponentWorld> {
  const world = await platformWorld();
  const { provider } = world.chain;
  const [a, b, c, cdo] = [20, 21, 22, 23].map((i) => account(i, provider));
  for (const w of [a, b, c]) {
    const tx = await world.cdc.sendTransaction({ to: w.address, value: 10n ** 20n });
    await tx.wait();
  }
  const token = await new SettlementToken__factory(world.cdc).deploy("Test Deposit", "TDEP", world.cdc.address, world.cdc.address);
  await token.waitForDeployment();
  const tokenAddress = (await token.getAddress()).toLowerCase();
  const spec = (name: string, encrypted: boolean) =>
    threeFoundersSpec({ a, b, c }, { name, cdo: cdo.address, services: SERVICES, encrypted, settlementToken: tokenAddress });
  const plain = await createClusterFromSpec(world.cdc, world.record, spec("Components Plain Cluster", false));
  const encrypted = await createClusterFromSpec(world.cdc, world.record, spec("Components Sealed Cluster", true));
  for (const w of [a, b, c]) await send(token.issue(w.address, 1_000_000n, encodeBytes32String("test deposit")));
  return {
    world,
    a,
    b,
    c,
    outsider: account(24, provider),
    token,
    plain: await componentsOf(world, plain.clusterId),
    encrypted: await componentsOf(world, encrypted.clusterId),
  };
}

let shared: Promise<ComponentWorld> | undefined;

/** Two small clusters with every component, built once on the shared chain (suites add to them, never rely on each other's rows). */
export function componentWorld(): Promise<ComponentWorld> {
  shared ??= build();
  return shared;
}

/** A bearer token for `address`, as POST /api/auth/verify would issue it. */
export async function bearer(address: string): Promise<string> {
  return `Bearer ${(await issueSessionToken(TEST_SESSION_SECRET, address, 3600)).token}`;
}

export interface ComponentApi {
  index: TestIndex;
  served: Served;
  api: string;
  store: EmbeddedStore;
  close(): Promise<void>;
}

/** An index of the shared chain and the API on it, with an embedded content store in a temp dir. */
export async function componentApi(world: PlatformWorld, maxBytes = 64 * 1024): Promise<ComponentApi> {
  const index = await indexOf(world.chain.provider, world.recordPath);
  const dir = await mkdtemp(join(tmpdir(), "cluster-content-"));
  const store = await EmbeddedStore.open({ dir, maxBytes });
  const config = testConfig({ CLUSTER_MAX_UPLOAD_BYTES: String(maxBytes), CLUSTER_IPFS_DIR: dir });
  const served = await serve(createApp({ db: index.db, config, indexer: index.indexer, store, log: () => {} }));
  return {
    index,
    served,
    api: `${served.url}/api`,
    store,
    async close() {
      await served.close();
      await store.close();
      await index.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let serviceVotes = 0;

/** Turns a service on or off the way an active cluster's configuration changes: a passed proposal of its members. */
export async function serviceByVote(cw: ComponentWorld, env: ComponentApi, cluster: ComponentCluster, serviceName: string, enabled: boolean): Promise<void> {
  const { world, a, b, c } = cw;
  const catalog = ServiceCatalog__factory.connect(world.record.contracts.ServiceCatalog.address, world.cdc);
  const serviceId = await catalog.serviceIdByName(serviceName);
  const governor = await governorOf(world, cluster.clusterId, a);
  const p = await proposed(governor, governor.proposeService(serviceId, enabled, `${serviceName} ${enabled ? "on" : "off"} (${++serviceVotes})`));
  for (const w of [a, b, c]) await send(governor.connect(w).castVote(p.proposalId, Vote.For));
  await increaseTime(world, Number(await governor.votingPeriod()) + 1);
  await execute(governor, p);
  await env.index.indexer.syncToHead();
}

/** Moves the chain's clock on and mines a block (a hardhat node, like networkHelpers.time.increase). */
export async function increaseTime(world: PlatformWorld, seconds: number): Promise<void> {
  await timeTravel(world.chain.provider, seconds);
}
