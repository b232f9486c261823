/**
 * Gas of cluster governance, measured on Hardhat's in-process network: the platform deployed as
 * deploy/ does it (the Governor among the templates); the whole path from an initiative of 8 to an
 * active cluster (with and without the Documents/Agreements/Clearing components); propose,
 * castVote, castVoteBySig and execute for each proposal kind; and, as a yardstick, castVote on a
 * plain OpenZeppelin Governor over an ERC20Votes token in the same run. A report, not a test.
 */
import { gasOf, type GasRow } from "./report.js";
import { encodeBytes32String, id as hashText, type Signer } from "ethers";
import { network } from "hardhat";
import { signBallot } from "../../core/chain/governor.js";
import { deployPlatform } from "../../deploy/platform.js";
import {
  ClusterFactory__factory,
  ClusterGovernor__factory,
  ClusterRegistry__factory,
  PlainGovernorProbe__factory,
  ServiceCatalog__factory,
  VotesTokenProbe__factory,
  type ClusterGovernor,
  type IClusterRegistry,
  IMembership__factory,
  type IMembership,
} from "../../types/typechain/index.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

const GOVERNOR = componentKindId("Governor");
const MEMBERSHIP = componentKindId("Membership");
const WITH_COMPONENTS = ["Documents", "Agreements", "Clearing"].map((k) => encodeBytes32String(k));
const DAY = 86_400;
const Role = { Participant: 1n, Core: 2n } as const;
const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

const params: IClusterRegistry.SecurityParamsStruct = {
  votingPeriod: DAY,
  quorumBps: 5_000,
  approvalThresholdBps: 5_001,
  admissionPolicy: 0n,
  documentsMustBeEncrypted: true,
  coreVeto: false,
  clearingCycleLength: 30 * DAY,
  settlementToken: "0x0000000000000000000000000000000000000000",
};

function profile(name: string): IMembership.ProfileStruct {
  return { name, kind: 0n, registrationCid: `bafy-reg-${name.toLowerCase().replaceAll(" ", "-")}`, encryptionKey: "0x" };
}

export async function measureGovernanceGas(): Promise<GasRow[]> {
  const { ethers, networkHelpers } = await network.create();
  const signers = await ethers.getSigners();
  const cdc = signers[0];
  const group = signers.slice(1, 9);
  const outsiders = signers.slice(9, 13);
  const rows: GasRow[] = [];

  const record = await deployPlatform(cdc);
  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  const factory = ClusterFactory__factory.connect(record.contracts.ClusterFactory.address, cdc);
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, cdc);
  await (await registry.setDefaultParams(params)).wait();
  const serviceIds = await Promise.all(
    ["authentication", "document-management", "corporate-clearing", "smart-contracts"].map((n) => catalog.serviceIdByName(n)),
  );
  const crm = await catalog.serviceIdByName("crm");
  const documents = await catalog.serviceIdByName("document-management");

  /** The whole path for a group of 8: register, 5 votes, execute, deploy. Returns the governor. */
  async function initiativeToActive(label: string, name: string): Promise<ClusterGovernor> {
    const spec = {
      name,
      cdo: cdc.address,
      params,
      serviceIds,
      group: group.map((s, i) => ({ account: s.address, profile: profile(`Entity ${i + 1}`), role: i < 3 ? Role.Core : Role.Participant })),
    };
    const registerGas = await gasOf(factory.registerInitiative(spec, `Form ${name}`));
    const clusterId = await registry.clusterCount();
    const governor = ClusterGovernor__factory.connect(await registry.componentOf(clusterId, GOVERNOR), cdc);
    const proposalId = await governor.formationProposalId();
    let votesGas = 0n;
    for (const voter of group.slice(0, 5)) votesGas += await gasOf(governor.connect(voter).castVote(proposalId, Vote.For));
    await networkHelpers.time.increase(DAY + 1);
    const c = await proposalCall(governor, proposalId);
    const executeGas = await gasOf(governor.execute(c.targets, c.values, c.calldatas, c.descriptionHash));
    const deployGas = await gasOf(
      factory.deployCluster(clusterId, { name: "", cdo: cdc.address, params, serviceIds: [], founders: [], partners: [], links: [] }),
    );
    const total = registerGas + votesGas + executeGas + deployGas;
    rows.push({
      operation: `ClusterFactory.registerInitiative (group of 8) ${label}`,
      gas: registerGas,
      note: "registers, clones Membership (8 seats) and Governor, opens the vote, proposes the formation",
    });
    rows.push({ operation: `formation vote: 5 × castVote ${label}`, gas: votesGas });
    rows.push({ operation: `formation execute ${label}`, gas: executeGas });
    rows.push({
      operation: `ClusterFactory.deployCluster ${label}`,
      gas: deployGas,
      note: "keeps the group's Membership and Governor, clones the other component kinds, activates",
    });
    rows.push({ operation: `initiative → active, total ${label}`, gas: total, note: `target < 2,000,000: ${total < 2_000_000n ? "met" : "NOT met"}` });
    return governor;
  }

  const governor = await initiativeToActive("(with Documents, Agreements, Clearing)", "Bench Cluster A");

  // ---- each proposal kind in the active cluster of 8 (quorum 4, simple majority)
  const kinds: { name: string; propose: () => Promise<Proposed> }[] = [
    {
      name: "admission",
      propose: () => proposeAs(governor, group[0], (g) => g.proposeAdmission(outsiders[0].address, profile("Newcomer"), Role.Participant, "Admit")),
    },
    { name: "expulsion", propose: () => proposeAs(governor, group[0], (g) => g.proposeExpulsion(group[7].address, "Expel")) },
    { name: "params", propose: () => proposeAs(governor, group[0], (g) => g.proposeParams({ ...params, quorumBps: 4_000 }, "Params")) },
    { name: "service", propose: () => proposeAs(governor, group[0], (g) => g.proposeService(crm, true, "Enable CRM")) },
    {
      name: "settings",
      propose: () => proposeAs(governor, group[0], (g) => g.proposeServiceSettings(documents, hashText("bench: maxUploadBytes 1 MiB"), "Documents settings")),
    },
    {
      name: "params (proposed by the CDC)",
      propose: () => proposeAs(governor, cdc, (g) => g.proposeParams({ ...params, quorumBps: 4_500 }, "Params by the CDC")),
    },
    { name: "role", propose: () => proposeAs(governor, group[0], (g) => g.proposeRole(group[6].address, Role.Core, "To the core")) },
    { name: "cdo", propose: () => proposeAs(governor, group[0], (g) => g.proposeCdo(group[0].address, "New CDO")) },
  ];
  // An application opens no vote until a member sponsors it: both steps are measured.
  const appRow = {
    name: "application (MembersVote): sponsorApplication",
    propose: async () => {
      const applied = await gasOf(governor.connect(outsiders[1]).applyForMembership(profile("Applicant"), Role.Participant));
      rows.push({ operation: "applyForMembership (MembersVote, awaits a sponsor)", gas: applied });
      const applicationId = await governor.applicationCount();
      return proposeAs(governor, group[0], (g) => g.sponsorApplication(applicationId));
    },
  };
  let ourCastVote = 0n;
  for (const k of [...kinds, appRow, { name: "dissolution", propose: () => proposeAs(governor, group[0], (g) => g.proposeDissolution("Dissolve")) }]) {
    const { id, gas: proposeGas } = await k.propose();
    rows.push({ operation: `propose ${k.name}`, gas: proposeGas });
    const voteGas = await gasOf(governor.connect(group[1]).castVote(id, Vote.For));
    if (k.name === "params") ourCastVote = voteGas;
    rows.push({ operation: `castVote (${k.name})`, gas: voteGas });
    const signature = await signBallot(governor, group[2], id, Vote.For);
    rows.push({ operation: `castVoteBySig (${k.name})`, gas: await gasOf(governor.connect(cdc).castVoteBySig(id, Vote.For, group[2].address, signature)) });
    // Five For: a majority of the 8 to 10 seats the cluster has along the way.
    for (const voter of group.slice(3, 6)) await gasOf(governor.connect(voter).castVote(id, Vote.For));
    await networkHelpers.time.increase(DAY + 1);
    const c = await proposalCall(governor, id);
    rows.push({ operation: `execute ${k.name}`, gas: await gasOf(governor.execute(c.targets, c.values, c.calldatas, c.descriptionHash)) });
  }

  // ---- the yardstick: a plain OpenZeppelin Governor over an ERC20Votes token, 8 holders
  const token = await new VotesTokenProbe__factory(cdc).deploy();
  for (const holder of group) {
    await (await token.mint(holder.address, 10n ** 18n)).wait();
    await (await token.connect(holder).delegate(holder.address)).wait();
  }
  const plain = await new PlainGovernorProbe__factory(cdc).deploy(await token.getAddress());
  const target = [await token.getAddress()];
  const calldata = [token.interface.encodeFunctionData("name")];
  await (await plain.propose(target, [0n], calldata, "Plain")).wait();
  const plainId = await plain.hashProposal(target, [0n], calldata, hashText("Plain"));
  await networkHelpers.mine();
  const plainCastVote = await gasOf(plain.connect(group[1]).castVote(plainId, Vote.For));
  rows.push({ operation: "plain OZ Governor + ERC20Votes: castVote", gas: plainCastVote, note: "yardstick, same run" });
  const ratio = Number((ourCastVote * 10_000n) / plainCastVote) / 100;
  rows.push({
    operation: "ClusterGovernor castVote (params, no veto)",
    gas: ourCastVote,
    note: `${ratio}% of the plain Governor's; target ≤ 110%: ${ratio <= 110 ? "met" : "NOT met"}`,
  });

  // ---- the CDO's direct admission, allowed only under CdoDecision
  const founders = group.map((s, i) => ({ account: s.address, profile: profile(`Entity ${i + 1}`), role: i < 3 ? Role.Core : Role.Participant }));
  await (
    await factory.createCluster({
      name: "Bench CDO-admitting",
      cdo: cdc.address,
      params: { ...params, admissionPolicy: 2n },
      serviceIds,
      founders,
      partners: [],
      links: [],
    })
  ).wait();
  const admitting = IMembership__factory.connect(await registry.componentOf(await registry.clusterCount(), MEMBERSHIP), cdc);
  rows.push({
    operation: "Membership.addMember by the CDO (CdoDecision)",
    gas: await gasOf(admitting.addMember(outsiders[2].address, profile("Admitted"), Role.Participant)),
  });

  // ---- the same path without the three heavier components
  for (const kind of WITH_COMPONENTS) {
    if ((await factory.implementation(kind)) !== ethers.ZeroAddress) await (await factory.removeComponentKind(kind)).wait();
  }
  await initiativeToActive("(Membership and Governor only)", "Bench Cluster B");
  return rows;
}

interface Proposed {
  id: bigint;
  gas: bigint;
}

/** Sends a typed proposal as `signer` and returns its id (from ProposalCreated) and gas. */
async function proposeAs(
  governor: ClusterGovernor,
  signer: Signer,
  send: (g: ClusterGovernor) => ReturnType<ClusterGovernor["proposeDissolution"]>,
): Promise<Proposed> {
  const receipt = await (await send(governor.connect(signer))).wait();
  if (!receipt) throw new Error("A benchmark proposal was not mined");
  for (const log of receipt.logs) {
    const parsed = governor.interface.parseLog(log);
    if (parsed?.name === "ProposalCreated") {
      return { id: parsed.args.proposalId as bigint, gas: receipt.gasUsed };
    }
  }
  throw new Error("No ProposalCreated in a benchmark proposal");
}

async function proposalCall(governor: ClusterGovernor, proposalId: bigint) {
  const events = await governor.queryFilter(governor.filters.ProposalCreated());
  const created = events.find((e) => e.args.proposalId === proposalId);
  if (!created) throw new Error(`No proposal ${proposalId}`);
  return {
    targets: [...created.args.targets],
    values: [...created.args[3]] as bigint[],
    calldatas: [...created.args.calldatas],
    descriptionHash: hashText(created.args.description),
  };
}
