/**
 * Gas of the everyday operations at several cluster sizes (10, 100 and 1,000 members by default),
 * measured on Hardhat's in-process network: one platform deployment, then per size a cluster of
 * the demo's services and voting rules grown to that size the cheapest way the contracts allow,
 * and one of each operation in it. The table shows, from the numbers, whether a cost grows with
 * the cluster and how. A report, not a test: it asserts nothing.
 * `npx tsx scripts/bench/scaleGas.ts [10,100,1000]` prints it.
 *
 * Growing: the factory takes founders only in its one creation transaction, so up to
 * FOUNDING_BATCH of them (what fits under the transaction cap; the report gives the share), then
 * the CDO admits the rest one by one under CdoDecision, the only one-transaction admission. The
 * members then vote the demo's rules (MembersVote, its quorum and threshold) in; the growth rules
 * ask a quorum of 1 bps so that this switch costs one vote at any size. Then the last CDO
 * admission, a whole admission by vote and the other operations are measured. The one cost that
 * moved (an admission's execute) reads the cluster's admission history: a control cluster,
 * founded small and grown by admissions, tells history from size.
 */
import { gasOf } from "./report.js";
import { readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { encodeBytes32String, keccak256, sha256, toUtf8Bytes, Wallet, type ContractTransactionResponse, type Provider } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import { parseClusterSpec, toFactorySpec, type ClusterSpecJson } from "../../deploy/spec.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { componentKindId } from "../../core/chain/componentKinds.js";
import { AGREEMENT_KINDS, DOCUMENT_KINDS, MEMBER_ROLES } from "../../core/chain/enums.js";
import { execute, governorOf, proposed, Vote, type Proposed } from "../../core/chain/governor.js";
import {
  AgreementRegistry__factory,
  ClearingHouse__factory,
  ClusterRegistry__factory,
  DocumentRegistry__factory,
  Membership__factory,
  SettlementToken__factory,
  type ClearingHouse,
  type ClusterGovernor,
  type IMembership,
  type SettlementToken,
} from "../../types/typechain/index.js";
import { ROOT } from "../lib/processes.js";

export const DEFAULT_SCALE_MEMBERS = "10,100,1000";
/** Founders in the factory's one creation transaction (about 80 % of TX_CAP); the rest are admitted afterwards. */
const FOUNDING_BATCH = 200;
/** The transaction cap (EIP-7825) the contracts keep every transaction under. */
const TX_CAP = 16_777_216n;
/** Members trading in the clearing measurements, whatever the cluster's size. */
const TRADERS = 10;
const PARTICIPANT = MEMBER_ROLES.indexOf("participant");
const REPORT = DOCUMENT_KINDS.indexOf("report");
const SUPPLY = AGREEMENT_KINDS.indexOf("supply");
const CLEARING = componentKindId("Clearing");
const DOCUMENTS = componentKindId("Documents");
const AGREEMENTS = componentKindId("Agreements");

/** One operation's gas at each size, and where its cost would depend on the member count. */
export interface ScaleRow {
  operation: string;
  gas: Map<number, bigint>;
  /** What in the path reads or loops over something that grows with the cluster; shown when it grows. */
  dependsOn: string;
}

/** One operation measured at one size. */
interface Measured {
  operation: string;
  gas: bigint;
  dependsOn: string;
}

export interface ScaleGas {
  sizes: number[];
  rows: ScaleRow[];
  /** Votes the admission needed at each size (the proposal's quorum). */
  votes: Map<number, bigint>;
  /** Checkpoints of the seat count when the admission was proposed: what proposalQuorum searches. */
  checkpoints: Map<number, number>;
  /** The next-to-largest size again, founded as small as the smallest: its admission's execute. */
  control?: { members: number; founders: number; checkpoints: number; execute: bigint };
  /** The demo's voting rules, as voted in. */
  rules: { quorumBps: number; approvalThresholdBps: number };
  founding: { founders: number; gas: bigint };
  /** Wall-clock seconds to build each size's cluster (creation, admissions, switching the rules). */
  buildSeconds: Map<number, number>;
  totalSeconds: number;
}

/** The sizes of BENCH_SCALE_MEMBERS ("10,100,1000" unless set), ascending. */
export function scaleSizes(value: string | undefined = process.env.BENCH_SCALE_MEMBERS): number[] {
  const sizes = (value ?? DEFAULT_SCALE_MEMBERS).split(",").map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < TRADERS))
    throw new Error(`BENCH_SCALE_MEMBERS must list whole member counts of at least ${TRADERS}, such as "${DEFAULT_SCALE_MEMBERS}"; got "${value}"`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** A member's key, the same at every size, so addresses (and their calldata cost) do not vary. */
function memberWallet(label: string, provider: Provider): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`scale bench ${label}`)), provider);
}

/** Fixed-width names keep every profile's calldata the same length. */
function memberName(i: number): string {
  return `Member ${String(i).padStart(4, "0")}`;
}

function profile(i: number): IMembership.ProfileStruct {
  return { name: memberName(i), kind: 0, registrationCid: "", encryptionKey: "0x" };
}

function digest(label: string): string {
  return sha256(toUtf8Bytes(label));
}

async function proposedWithGas(governor: ClusterGovernor, tx: Promise<ContractTransactionResponse>): Promise<Proposed & { gas: bigint }> {
  const sent = await tx;
  const p = await proposed(governor, Promise.resolve(sent));
  return { ...p, gas: (await sent.wait())!.gasUsed };
}

const average = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n) / BigInt(xs.length);

/** What every cluster of the run shares: the chain, the platform, the token and the members' keys. */
interface Bench {
  provider: Provider;
  cdc: HardhatEthersSigner;
  record: DeploymentRecord;
  token: SettlementToken;
  demo: ClusterSpecJson;
  wallets: Wallet[];
  newcomer: Wallet;
  time: Clock;
  say: (line: string) => void;
}

/** One cluster's measurements. */
interface ClusterRun {
  rows: Measured[];
  quorum: bigint;
  /** Seat-count checkpoints when the admission was proposed: what proposalQuorum searches. */
  checkpoints: number;
  buildSeconds: number;
  foundingGas: bigint;
}

export async function measureScaleGas(sizes: readonly number[], say: (line: string) => void = () => {}): Promise<ScaleGas> {
  const started = performance.now();
  const { ethers, networkHelpers } = await network.create();
  const [cdc] = await ethers.getSigners();
  const record = await deployPlatform(cdc);
  const token = await new SettlementToken__factory(cdc).deploy("Settlement Rouble", "sRUB", cdc.address, cdc.address);
  const demo = JSON.parse(await readFile(join(ROOT, "deploy", "clusters", "demo.json"), "utf8")) as ClusterSpecJson;
  const largest = sizes[sizes.length - 1]!;
  const wallets = Array.from({ length: largest }, (_, i) => memberWallet(`member ${i}`, ethers.provider));
  const newcomer = memberWallet("newcomer", ethers.provider);
  for (const w of [...wallets, newcomer]) await networkHelpers.setBalance(w.address, 10n ** 21n);
  for (const w of wallets.slice(0, TRADERS)) await (await token.issue(w.address, 10n ** 15n, encodeBytes32String("scale bench"))).wait();
  const bench: Bench = { provider: ethers.provider, cdc, record, token, demo, wallets, newcomer, time: networkHelpers.time, say };

  const rows = new Map<string, ScaleRow>();
  const votes = new Map<number, bigint>();
  const checkpoints = new Map<number, number>();
  const buildSeconds = new Map<number, number>();
  let founding = { founders: 0, gas: 0n };
  for (const n of sizes) {
    const founders = Math.min(n - 1, FOUNDING_BATCH);
    const run = await measureCluster(bench, n, founders);
    for (const m of run.rows) {
      const row = rows.get(m.operation) ?? { operation: m.operation, gas: new Map(), dependsOn: m.dependsOn };
      row.gas.set(n, m.gas);
      rows.set(m.operation, row);
    }
    votes.set(n, run.quorum);
    checkpoints.set(n, run.checkpoints);
    buildSeconds.set(n, run.buildSeconds);
    if (founders > founding.founders) founding = { founders, gas: run.foundingGas };
  }

  // Control for the one cost that reads the cluster's history: the next-to-largest size again,
  // founded as small as the smallest, so it carries one checkpoint per member.
  let control: ScaleGas["control"];
  if (sizes.length > 1) {
    const n = sizes[sizes.length - 2]!;
    const founders = sizes[0]! - 1;
    if (founders < Math.min(n - 1, FOUNDING_BATCH)) {
      say(`control: ${n} members from ${founders} founders`);
      const run = await measureCluster(bench, n, founders);
      control = { members: n, founders, checkpoints: run.checkpoints, execute: run.rows.find((r) => r.operation === EXECUTE)!.gas };
    }
  }
  const rules = { quorumBps: demo.params.quorumBps, approvalThresholdBps: demo.params.approvalThresholdBps };
  return {
    sizes: [...sizes],
    rows: [...rows.values()],
    votes,
    checkpoints,
    control,
    rules,
    founding,
    buildSeconds,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

const EXECUTE = "admission by vote: execute (Membership.admit)";

/** A cluster of `n` members, `founders` of them founders, grown and measured; see the file's comment. */
async function measureCluster(bench: Bench, n: number, founders: number): Promise<ClusterRun> {
  const { cdc, record, token, demo, wallets, newcomer, time, say } = bench;
  say(`${n} members: creating the cluster`);
  const buildStart = performance.now();
  const settlementToken = await token.getAddress();
  const created = await createClusterFromSpec(cdc, record, {
    ...demo,
    name: `Scale bench, ${n} members from ${founders} founders`,
    cdo: cdc.address,
    // Grown under CdoDecision with a one-vote quorum; the demo's own rules are voted in below.
    params: { ...demo.params, admissionPolicy: "cdoDecision", quorumBps: 1, settlementToken },
    founders: wallets.slice(0, founders).map((w, i) => ({ account: w.address, name: memberName(i), kind: "enterprise", role: i < 3 ? "core" : "participant" })),
    partners: [],
    links: [],
  });
  const creation = await bench.provider.getBlock(created.blockNumber);
  const foundingGas = (await bench.provider.getTransactionReceipt(creation!.transactions[0]!))!.gasUsed;
  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  const membership = Membership__factory.connect(created.membership, cdc);
  const rows: Measured[] = [];
  const put = (operation: string, gas: bigint, dependsOn: string) => rows.push({ operation, gas, dependsOn });

  let lastAdmission = 0n;
  // The seat count keeps one checkpoint per second in which it changed: counted from the blocks' times.
  const changedAt = new Set<number>([creation!.timestamp]);
  for (let i = founders; i < n; i++) {
    const receipt = (await (await membership.addMember(wallets[i]!.address, profile(i), PARTICIPANT)).wait())!;
    lastAdmission = receipt.gasUsed;
    changedAt.add((await bench.provider.getBlock(receipt.blockNumber))!.timestamp);
    if ((i + 1) % 100 === 0) say(`${n} members: ${i + 1} admitted`);
  }
  put("admission by the CDO (CdoDecision): Membership.addMember of the last member", lastAdmission, "the seat count's checkpoint push");

  const governor = await governorOf(record.contracts.ClusterRegistry.address, created.clusterId, cdc);
  const rules = toFactorySpec(parseClusterSpec({ ...demo, params: { ...demo.params, settlementToken } }), []).params;
  const toDemoRules = await proposed(governor, governor.connect(wallets[0]!).proposeParams(rules, "Admit by the members' vote"));
  await (await governor.connect(wallets[1]!).castVote(toDemoRules.proposalId, Vote.For)).wait();
  await time.increase(Number(rules.votingPeriod) + 1);
  await execute(governor, toDemoRules);
  const buildSeconds = (performance.now() - buildStart) / 1000;

  say(`${n} members: admission by vote`);
  const admission = await proposedWithGas(
    governor,
    governor.connect(wallets[0]!).proposeAdmission(newcomer.address, profile(9999), PARTICIPANT, "Admit the newcomer"),
  );
  const ballots: bigint[] = [await gasOf(governor.connect(wallets[0]!).castVote(admission.proposalId, Vote.For))];
  const quorum = await governor.proposalQuorum(admission.proposalId);
  for (let i = 1; i < Number(quorum); i++) {
    ballots.push(await gasOf(governor.connect(wallets[i]!).castVote(admission.proposalId, Vote.For)));
    if ((i + 1) % 100 === 0) say(`${n} members: ${i + 1} of ${quorum} votes cast`);
  }
  await time.increase(Number(rules.votingPeriod) + 1);
  const executed = await gasOf(governor.execute(admission.targets, admission.values, admission.calldatas, admission.descriptionHash));
  const typical = ballots.length > 1 ? average(ballots.slice(1)) : ballots[0]!;
  put("admission by vote: proposeAdmission", admission.gas, "the seat count at the snapshot (a checkpoint lookup)");
  put("admission by vote: castVote, the first", ballots[0]!, "the voter's seat history (its own, one entry)");
  put("vote: castVote, a typical one (after the first)", typical, "the voter's seat history (its own, one entry)");
  put(
    EXECUTE,
    executed,
    "proposalQuorum reads the seat count at the proposal's snapshot, a binary search of the seat-count checkpoints (see the last row and the control below): it follows the admissions a cluster has had, not its size",
  );
  put(
    "admission by vote, whole: propose + quorum × castVote + execute",
    admission.gas + ballots.reduce((s, x) => s + x, 0n) + executed,
    `the quorum, ${Number(rules.quorumBps) / 100} % of the seats, must vote: one castVote each (votes row)`,
  );

  say(`${n} members: documents and agreements`);
  const [a, b, c] = wallets as [Wallet, Wallet, Wallet];
  const documents = DocumentRegistry__factory.connect(await registry.componentOf(created.clusterId, DOCUMENTS), a);
  // The first of each in a cluster also turns a counter from zero: measure the second.
  let anchorGas = 0n;
  for (const label of ["warm-up", "measured"])
    anchorGas = await gasOf(documents.anchor(digest(`cid ${label}`), digest(`plain ${label}`), REPORT, "Scale bench report", 0, [], [b.address, c.address]));
  put("DocumentRegistry.anchor (2 recipients)", anchorGas, "membership checks of the author and recipients (one slot each)");
  const agreements = AgreementRegistry__factory.connect(await registry.componentOf(created.clusterId, AGREEMENTS), a);
  const now = BigInt(await time.latest());
  const terms = {
    termsCid: digest("terms cid"),
    termsHash: digest("terms"),
    totalValue: 10n ** 20n,
    milestones: [{ deliverer: b.address, payer: a.address, amount: 10n ** 20n, dueDate: now + 30n * 86_400n }],
  };
  let createGas = 0n;
  for (let k = 0; k < 2; k++) createGas = await gasOf(agreements.create(SUPPLY, [a.address, b.address], terms));
  const agreementId = await agreements.agreementCount();
  put("AgreementRegistry.create (2 parties, 1 milestone)", createGas, "membership checks of the parties");
  put("AgreementRegistry.sign (first party)", await gasOf(agreements.sign(agreementId, 1)), "membership check of the signer");
  put("AgreementRegistry.sign (last party: activates)", await gasOf(agreements.connect(b).sign(agreementId, 1)), "membership check of the signer");

  say(`${n} members: clearing`);
  const clearing = ClearingHouse__factory.connect(await registry.componentOf(created.clusterId, CLEARING), cdc);
  rows.push(...(await clearingGas(clearing, token, wallets.slice(0, TRADERS), time)));
  say(`${n} members: done in ${((performance.now() - buildStart) / 1000).toFixed(1)} s (cluster built in ${buildSeconds.toFixed(1)} s)`);
  // Founders share the creation's checkpoint; each later admission, in its own block, adds one.
  return { rows, quorum, checkpoints: changedAt.size, buildSeconds, foundingGas };
}

interface Clock {
  latest(): Promise<number>;
  increase(by: number): Promise<number>;
  increaseTo(to: number | bigint): Promise<void>;
}

/**
 * Obligations, a set-off of TRADERS obligations round a ring of the traders (everyone owes the
 * next as much as it is owed, so all cancel), and a net settlement where half the traders owe the
 * other half: the same work at any cluster size.
 */
async function clearingGas(clearing: ClearingHouse, token: SettlementToken, traders: Wallet[], time: Clock): Promise<Measured[]> {
  for (const t of traders) await (await token.connect(t).approve(await clearing.getAddress(), 2n ** 255n)).wait();
  const createGas: bigint[] = [];
  const confirmGas: bigint[] = [];
  const owe = async (debtor: Wallet, creditor: Wallet, amount: bigint) => {
    createGas.push(await gasOf(clearing.connect(creditor).createObligation(debtor.address, amount, 0n, encodeBytes32String("invoice"))));
    const id = await clearing.obligationCount();
    confirmGas.push(await gasOf(clearing.connect(debtor).confirmObligation(id)));
    return id;
  };
  const close = async () => {
    const cycle = await clearing.openCycle();
    const { cutoff } = await clearing.cycleInfo(cycle);
    if (BigInt(await time.latest()) < cutoff) await time.increaseTo(cutoff);
    await (await clearing.closeCycle()).wait();
    return cycle;
  };
  const passWindow = async (cycle: bigint) => time.increaseTo((await clearing.cycleInfo(cycle)).windowEnd);
  const count = traders.length;

  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) ids.push(await owe(traders[i]!, traders[(i + 1) % count]!, 1_000_00n));
  const ringCycle = await close();
  const lines = ids.map((obligationId) => ({ obligationId, amount: 1_000_00n }));
  const proposeGas = await gasOf(clearing.connect(traders[0]!).propose(ringCycle, lines));
  await passWindow(ringCycle);
  const applyGas = await gasOf(clearing.applySetOff(ringCycle, lines));

  const half = count / 2;
  for (let i = 0; i < half; i++) await owe(traders[i]!, traders[half + i]!, 2_500_00n);
  const cycle = await close();
  await (await clearing.connect(traders[0]!).propose(cycle, [])).wait();
  await passWindow(cycle);
  await (await clearing.applySetOff(cycle, [])).wait();
  const fundGas: bigint[] = [];
  for (let i = 0; i < half; i++) fundGas.push(await gasOf(clearing.connect(traders[i]!).fund(cycle)));
  const withdrawGas: bigint[] = [];
  for (let i = half; i < count; i++) withdrawGas.push(await gasOf(clearing.connect(traders[i]!).withdraw(cycle)));
  const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);
  const members = "membership checks of the parties";
  return [
    // The cluster's first obligation also turns the counter from zero: left out of the average.
    { operation: "ClearingHouse.createObligation (creditor)", gas: average(createGas.slice(1)), dependsOn: members },
    { operation: "ClearingHouse.confirmObligation (debtor)", gas: average(confirmGas.slice(1)), dependsOn: members },
    {
      operation: `set-off of ${count} obligations: propose, per obligation`,
      gas: proposeGas / BigInt(count),
      dependsOn: "members touched by the lines (not the cluster)",
    },
    {
      operation: `set-off of ${count} obligations: apply, per obligation`,
      gas: applyGas / BigInt(count),
      dependsOn: "members touched by the lines (not the cluster)",
    },
    { operation: "settlement: fund a net debit (average; the last settles)", gas: average(fundGas), dependsOn: "the funder's own position" },
    { operation: "settlement: withdraw a net credit (average)", gas: average(withdrawGas), dependsOn: "the member's own position" },
    {
      operation: `settlement per member (${count} traders: fund + withdraw)`,
      gas: (sum(fundGas) + sum(withdrawGas)) / BigInt(count),
      dependsOn: "each member's own position",
    },
  ];
}

/**
 * How a row's gas moves across the sizes, from the numbers: flat when no step between two sizes
 * moves it by 1 % or more; each step named when only some do (a cost that depends on the
 * cluster's history rather than its size shows that way); otherwise whichever model, linear in the
 * member count or in its logarithm, keeps the cost per unit steadier across the steps.
 */
export function growth(sizes: readonly number[], gas: ReadonlyMap<number, bigint>): { ratio: number; grows: boolean; shape: string } {
  const g = (n: number) => Number(gas.get(n) ?? 0n);
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const ratio = g(last) / g(first);
  const fmt = (x: number) => `${x > 0 ? "+" : ""}${Math.round(x).toLocaleString("en-US")}`;
  const steps = sizes.slice(1).map((to, i) => ({ from: sizes[i]!, to, delta: g(to) - g(sizes[i]!) }));
  const moves = (s: (typeof steps)[number]) => Math.abs(s.delta) >= 0.01 * g(s.from);
  if (!steps.some(moves)) return { ratio, grows: false, shape: "does not grow (under 1 % at every step)" };
  if (!steps.every(moves)) {
    const parts = steps.map((s) =>
      moves(s)
        ? `${fmt(s.delta)} gas (${fmt((s.delta * 100) / g(s.from))} %) from ${s.from.toLocaleString("en-US")} to ${s.to.toLocaleString("en-US")}`
        : `flat from ${s.from.toLocaleString("en-US")} to ${s.to.toLocaleString("en-US")}`,
    );
    return { ratio, grows: true, shape: parts.join(", ") };
  }
  const delta = g(last) - g(first);
  const perMember = delta / (last - first);
  const perTenfold = delta / Math.log10(last / first);
  const verb = delta > 0 ? "grows" : "falls";
  if (steps.length === 1) return { ratio, grows: true, shape: `${verb}: ${fmt(perMember)} gas per member, or ${fmt(perTenfold)} per tenfold` };
  const spread = (xs: number[]) => Math.max(...xs.map(Math.abs)) / Math.min(...xs.map(Math.abs));
  const linear = spread(steps.map((s) => s.delta / (s.to - s.from)));
  const logarithmic = spread(steps.map((s) => s.delta / Math.log10(s.to / s.from)));
  return linear <= logarithmic
    ? { ratio, grows: true, shape: `${verb} linearly, ${fmt(perMember)} gas per member` }
    : { ratio, grows: true, shape: `${verb} with log N, ${fmt(perTenfold)} gas per tenfold` };
}

export function scaleReport(s: ScaleGas): string {
  const first = s.sizes[0]!;
  const last = s.sizes[s.sizes.length - 1]!;
  const fmt = (x: bigint | number) => x.toLocaleString("en-US");
  const pct = (bps: number) => `${bps / 100} %`;
  const cells = (values: ReadonlyMap<number, bigint | number>) => s.sizes.map((n) => fmt(values.get(n) ?? 0)).join(" | ");
  const lines = s.rows.map((r) => {
    const { ratio, grows, shape } = growth(s.sizes, r.gas);
    return `| ${r.operation} | ${cells(r.gas)} | ×${ratio.toFixed(3)} | ${grows ? `${shape}: ${r.dependsOn}` : shape} |`;
  });
  const share = ((Number(s.founding.gas) * 100) / Number(TX_CAP)).toFixed(0);
  const [one, five] = loadavg();
  return [
    `One cluster per size on one platform deployment (Hardhat's in-process network), with the demo's services and voting rules (MembersVote, quorum ${pct(s.rules.quorumBps)}, threshold ${pct(s.rules.approvalThresholdBps)}). Each is grown the cheapest way the contracts allow: up to ${FOUNDING_BATCH} founders in the factory's one creation transaction (${s.founding.founders} founders cost ${fmt(s.founding.gas)} gas, ${share} % of the ${fmt(TX_CAP)}-gas transaction cap), the rest admitted one by one by the CDO under CdoDecision, then the demo's rules voted in. Clearing runs among ${TRADERS} of the members at every size: the same work in a larger cluster. Ratio = gas at ${fmt(last)} / gas at ${fmt(first)} members; the verdict is computed from the numbers, and where a cost moves the note names what in its path depends on the cluster.`,
    ``,
    `| operation | ${s.sizes.map((n) => `${fmt(n)} members`).join(" | ")} | ratio | grows? |`,
    `| --- | ${s.sizes.map(() => "---:").join(" | ")} | ---: | --- |`,
    ...lines,
    `| votes an admission needs (its quorum) | ${cells(s.votes)} | | |`,
    `| seat-count checkpoints at the vote's snapshot | ${cells(s.checkpoints)} | | one per second in which a member joined or left: the founders' one, then one per admission |`,
    ``,
    ...historyNote(s),
    `Building the clusters took ${s.sizes.map((n) => `${(s.buildSeconds.get(n) ?? 0).toFixed(1)} s at ${fmt(n)}`).join(", ")}; the whole measurement ${s.totalSeconds.toFixed(0)} s (load average ${one!.toFixed(2)}, ${five!.toFixed(2)} over 5 min, ${cpus().length} cores). Sizes from BENCH_SCALE_MEMBERS (default "${DEFAULT_SCALE_MEMBERS}").`,
  ].join("\n");
}

/**
 * The admission's execute against the seat-count checkpoints it searches, the control included:
 * the gas per doubling of them, from the fewest to the most, and what a long history would add.
 */
function historyNote(s: ScaleGas): string[] {
  const execute = s.rows.find((r) => r.operation === EXECUTE);
  if (!s.control || !execute) return [];
  const points = [
    ...s.sizes.map((n) => ({ checkpoints: s.checkpoints.get(n) ?? 0, gas: Number(execute.gas.get(n) ?? 0n) })),
    { checkpoints: s.control.checkpoints, gas: Number(s.control.execute) },
  ].sort((a, b) => a.checkpoints - b.checkpoints);
  const fewest = points[0]!;
  const most = points[points.length - 1]!;
  if (most.checkpoints <= fewest.checkpoints) return [];
  const perDoubling = (most.gas - fewest.gas) / Math.log2(most.checkpoints / fewest.checkpoints);
  const fmt = (x: number | bigint) => Math.round(Number(x)).toLocaleString("en-US");
  const { members, founders, checkpoints } = s.control;
  return [
    `Control: ${fmt(members)} members from ${fmt(founders)} founders (${fmt(checkpoints)} checkpoints) pay ${fmt(s.control.execute)} gas for the same execute, against ${fmt(execute.gas.get(members) ?? 0n)} with ${fmt(s.checkpoints.get(members) ?? 0)} checkpoints in the table: that cost follows the cluster's admissions, not its size. From ${fmt(fewest.checkpoints)} to ${fmt(most.checkpoints)} checkpoints it adds ${fmt(perDoubling)} gas per doubling of them; a cluster with a million admissions behind it would pay about ${fmt(perDoubling * Math.log2(1e6 / fewest.checkpoints))} more than a new one (${((perDoubling * Math.log2(1e6 / fewest.checkpoints) * 100) / fewest.gas).toFixed(0)} %).`,
    ``,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  measureScaleGas(scaleSizes(process.argv[2]), (line) => console.log(`[scale ${new Date().toISOString().slice(11, 19)}] ${line}`))
    .then((s) => {
      console.log(scaleReport(s));
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
