/**
 * Clearing obligations: each recorded by its creditor (ClearingHouse.createObligation, the only
 * way a member records one; the contract has no batch call), most confirmed by their debtor,
 * which enters them in the open cycle. The rest stay proposed, as in a live cycle.
 */
import { encodeBytes32String } from "ethers";
import { ClearingHouse__factory } from "../../types/typechain/index.js";
import { pickCluster, type WorldCluster } from "./clusters.js";
import { plan } from "./plan.js";
import type { Random } from "./random.js";
import type { Call, Sender } from "./sender.js";
import { SHARES } from "./sizes.js";

const DAY = 86_400n;

export async function generateObligations(
  sender: Sender,
  clusters: WorldCluster[],
  count: number,
  now: bigint,
  random: Random,
  /** The first record's number in its invoice reference: a later run (an hour of traffic) continues the world's. */
  first = 0,
): Promise<{ confirmed: number }> {
  const clearing = ClearingHouse__factory.createInterface();
  const planned = await plan(count, (k) => {
    const cluster = pickCluster(clusters, random);
    const [creditor, debtor] = random.sample(cluster.members, 2) as [WorldCluster["members"][number], WorldCluster["members"][number]];
    // Amounts in minor units (kopecks): 1.00 to 1,000,000.00; due in up to 90 days, or open-ended.
    const amount = BigInt(100 + random.int(100_000_000));
    const due = random.chance(0.7) ? now + BigInt(1 + random.int(90)) * DAY : 0n;
    return {
      cluster,
      creditor,
      debtor,
      call: clearing.encodeFunctionData("createObligation", [debtor.address, amount, due, encodeBytes32String(`invoice ${first + k}`)]),
    };
  });
  const receipts = await sender.send(
    "obligations",
    planned.map((p): Call => ({ from: p.creditor, to: p.cluster.clearing, data: p.call, shape: "createObligation" })),
  );

  const createdTopic = clearing.getEvent("ObligationCreated").topicHash;
  const confirms = await plan(count, (k): Call | undefined => {
    const p = planned[k]!;
    if (!random.chance(SHARES.confirmed)) return undefined;
    const created = receipts[k]!.logs.find((l) => l.topics[0] === createdTopic);
    if (!created) throw new Error(`Obligation ${k} in ${p.cluster.name} was recorded without an ObligationCreated event`);
    const obligationId = BigInt(created.topics[1]!);
    return { from: p.debtor, to: p.cluster.clearing, data: clearing.encodeFunctionData("confirmObligation", [obligationId]), shape: "confirmObligation" };
  });
  await sender.send("confirmations", confirms);
  return { confirmed: confirms.length };
}
