/**
 * Agreements between two or three members (AgreementRegistry.create), each with one to three
 * milestones. Most are signed by every party and so come into force; the rest stay drafts that
 * only their creator signed. The last signature of an agreement activates it and costs more, so
 * it goes in a phase of its own, estimated once the other signatures are on chain.
 */
import { sha256, toUtf8Bytes } from "ethers";
import { AGREEMENT_KINDS } from "../../core/chain/enums.js";
import { AgreementRegistry__factory } from "../../types/typechain/index.js";
import { pickCluster, type WorldCluster } from "./clusters.js";
import { plan } from "./plan.js";
import type { Random } from "./random.js";
import type { Call, Sender } from "./sender.js";
import { SHARES } from "./sizes.js";

const DAY = 86_400n;

export async function generateAgreements(sender: Sender, clusters: WorldCluster[], count: number, now: bigint, random: Random): Promise<{ active: number }> {
  const registry = AgreementRegistry__factory.createInterface();
  const planned = await plan(count, (k) => {
    const cluster = pickCluster(clusters, random);
    const parties = random.sample(cluster.members, 2 + random.int(2));
    const milestones = Array.from({ length: 1 + random.int(3) }, (_, m) => {
      const [deliverer, payer] = random.sample(parties, 2);
      return {
        deliverer: deliverer!.address,
        payer: payer!.address,
        amount: BigInt(10_000 + random.int(50_000_000)),
        dueDate: now + BigInt(30 * (m + 1)) * DAY,
      };
    });
    const terms = {
      termsCid: sha256(toUtf8Bytes(`world agreement ${k} cid`)),
      termsHash: sha256(toUtf8Bytes(`world agreement ${k} terms`)),
      totalValue: milestones.reduce((s, m) => s + m.amount, 0n),
      milestones,
    };
    const data = registry.encodeFunctionData("create", [random.int(AGREEMENT_KINDS.length), parties.map((p) => p.address), terms]);
    return { cluster, parties, data, active: random.chance(SHARES.agreementActive) };
  });
  const receipts = await sender.send(
    "agreements",
    planned.map((p): Call => ({ from: p.parties[0]!, to: p.cluster.agreements, data: p.data, shape: "create" })),
  );

  const createdTopic = registry.getEvent("AgreementCreated").topicHash;
  const signatures: Call[] = [];
  const activations: Call[] = [];
  planned.forEach((p, k) => {
    const event = receipts[k]!.logs.find((l) => l.topics[0] === createdTopic);
    if (!event) throw new Error(`Agreement ${k} in ${p.cluster.name} was created without an AgreementCreated event`);
    const sign = registry.encodeFunctionData("sign", [BigInt(event.topics[1]!), 1]);
    const signers = p.active ? p.parties : p.parties.slice(0, 1);
    signers.forEach((party, i) => {
      const call = { from: party, to: p.cluster.agreements, data: sign };
      if (p.active && i === signers.length - 1) activations.push({ ...call, shape: "activate" });
      else signatures.push({ ...call, shape: "sign" });
    });
  });
  await sender.send("agreement signatures", signatures);
  await sender.send("agreement activations", activations);
  return { active: activations.length };
}
