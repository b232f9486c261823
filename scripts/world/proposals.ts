/**
 * Governance proposals tabled by members through the governor's typed functions (it refuses a
 * bare propose): admissions where the members vote on them (not in the large cluster, whose CDO
 * admits under CdoDecision), role changes, new security parameters and a few expulsions, each
 * then voted on by a few members. They stay open: a world is a snapshot mid-term, and closing
 * them would mean waiting out the voting period.
 */
import { dataSlice, getAddress, keccak256, toUtf8Bytes } from "ethers";
import { ClusterGovernor__factory } from "../../types/typechain/index.js";
import { pickCluster, type WorldCluster } from "./clusters.js";
import { plan } from "./plan.js";
import type { Random } from "./random.js";
import type { Call, Sender } from "./sender.js";
import { SHARES } from "./sizes.js";

type Kind = "admission" | "role" | "params" | "expulsion";

function kindFor(cluster: WorldCluster, random: Random): Kind {
  const r = random.next();
  if (cluster.policy !== "cdoDecision" && r < 0.5) return "admission";
  if (r < 0.75) return "role";
  return r < 0.9 ? "params" : "expulsion";
}

/**
 * `first` numbers the proposals (their descriptions and candidates): a later run (an hour of
 * traffic) must continue the world's, as the same description and call make the same proposal id.
 */
export async function generateProposals(
  sender: Sender,
  clusters: WorldCluster[],
  count: number,
  seed: number,
  random: Random,
  first = 0,
): Promise<{ votes: number }> {
  const governor = ClusterGovernor__factory.createInterface();
  const planned = await plan(count, (i) => {
    const k = first + i;
    const cluster = pickCluster(clusters, random);
    const proposer = random.pick(cluster.members);
    const subject = random.pick(cluster.members);
    const kind = kindFor(cluster, random);
    const description = `World proposal ${k}: ${kind} in ${cluster.name}`;
    let data: string;
    if (kind === "admission") {
      // The candidate only needs an address: it signs nothing until admitted.
      const candidate = getAddress(dataSlice(keccak256(toUtf8Bytes(`cluster world ${seed} candidate ${k}`)), 12));
      data = governor.encodeFunctionData("proposeAdmission", [
        candidate,
        { name: `Candidate ${k}`, kind: random.int(5), registrationCid: "", encryptionKey: "0x" },
        1,
        description,
      ]);
    } else if (kind === "role") data = governor.encodeFunctionData("proposeRole", [subject.address, random.chance(0.5) ? 2 : 1, description]);
    else if (kind === "params")
      data = governor.encodeFunctionData("proposeParams", [{ ...cluster.params, votingPeriod: 86_400 * (2 + random.int(6)) }, description]);
    else data = governor.encodeFunctionData("proposeExpulsion", [subject.address, description]);
    return { cluster, proposer, kind, data };
  });
  const receipts = await sender.send(
    "proposals",
    planned.map((p): Call => ({ from: p.proposer, to: p.cluster.governor, data: p.data, shape: p.kind })),
  );

  // Votes open in the block after the proposal's (voting delay 0, timestamps strictly increase).
  const votes: Call[] = [];
  planned.forEach((p, k) => {
    const created = receipts[k]!.logs.map((l) => governor.parseLog(l)).find((e) => e?.name === "ProposalCreated");
    if (!created) throw new Error(`Proposal ${k} in ${p.cluster.name} was made without a ProposalCreated event`);
    const proposalId = created.args.proposalId as bigint;
    for (const voter of random.sample(p.cluster.members, Math.min(SHARES.votesPerProposal, p.cluster.members.length))) {
      const r = random.next();
      const support = r < 0.7 ? 1 : r < 0.9 ? 0 : 2; // For, Against, Abstain
      votes.push({ from: voter, to: p.cluster.governor, data: governor.encodeFunctionData("castVote", [proposalId, support]), shape: "castVote" });
    }
  });
  await sender.send("votes", votes);
  return { votes: votes.length };
}
