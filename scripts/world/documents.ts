/**
 * Documents anchored by members (DocumentRegistry.anchor), some naming signers, most of whom then
 * sign. Only the anchors are on chain: the content store holds no files for these CIDs, so the
 * backend lists the documents but cannot serve their content.
 */
import { sha256, toUtf8Bytes } from "ethers";
import { DOCUMENT_KINDS } from "../../core/chain/enums.js";
import { DocumentRegistry__factory } from "../../types/typechain/index.js";
import { pickCluster, type WorldCluster } from "./clusters.js";
import { plan } from "./plan.js";
import type { Random } from "./random.js";
import type { Call, Sender } from "./sender.js";
import { SHARES } from "./sizes.js";

const TITLES = ["Quarterly report", "Supply invoice", "Joint R&D plan", "Registration certificate", "Service contract", "Audit memo"];

/** `first` numbers the documents' titles and content: a later run (an hour of traffic) continues the world's. */
export async function generateDocuments(sender: Sender, clusters: WorldCluster[], count: number, random: Random, first = 0): Promise<{ signatures: number }> {
  const registry = DocumentRegistry__factory.createInterface();
  const planned = await plan(count, (i) => {
    const k = first + i;
    const cluster = pickCluster(clusters, random);
    // The author, up to two signers and up to three readers, all distinct members.
    const [author, ...others] = random.sample(cluster.members, 6);
    const signers = others.slice(0, random.int(3));
    const recipients = others.slice(2, 2 + random.int(4));
    const cidDigest = sha256(toUtf8Bytes(`world document ${k} cid`));
    const contentHash = sha256(toUtf8Bytes(`world document ${k} content`));
    const data = registry.encodeFunctionData("anchor", [
      cidDigest,
      contentHash,
      random.int(DOCUMENT_KINDS.length),
      `${random.pick(TITLES)} ${k}`,
      0,
      signers.map((s) => s.address),
      recipients.map((r) => r.address),
    ]);
    return { cluster, author: author!, signers, cidDigest, contentHash, data };
  });
  const receipts = await sender.send(
    "documents",
    planned.map((p): Call => ({ from: p.author, to: p.cluster.documents, data: p.data, shape: "anchor" })),
  );

  const anchored = registry.getEvent("DocumentAnchored").topicHash;
  const signs: Call[] = [];
  planned.forEach((p, k) => {
    const event = receipts[k]!.logs.find((l) => l.topics[0] === anchored);
    if (!event) throw new Error(`Document ${k} in ${p.cluster.name} was anchored without a DocumentAnchored event`);
    const documentId = BigInt(event.topics[1]!);
    for (const signer of p.signers)
      if (random.chance(SHARES.documentSigned))
        signs.push({
          from: signer,
          to: p.cluster.documents,
          data: registry.encodeFunctionData("sign", [documentId, p.cidDigest, p.contentHash]),
          shape: "sign",
        });
  });
  await sender.send("document signatures", signs);
  return { signatures: signs.length };
}
