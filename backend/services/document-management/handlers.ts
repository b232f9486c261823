import { cidFromDigest } from "../../../core/content/cidDigest.js";
import { DOCUMENT_KINDS, enumName } from "../../../core/chain/enums.js";
import { statement } from "../../db/statements.js";
import { IDocumentRegistry__factory } from "../../../types/typechain/index.js";
import type {
  DocumentAnchoredEvent,
  DocumentFullySignedEvent,
  DocumentRevokedEvent,
  DocumentSignedEvent,
  DocumentSupersededEvent,
} from "../../../types/typechain/documents/IDocumentRegistry.js";
import { on, onLater } from "../../indexer/context.js";
import { clusterOfComponent } from "../../indexer/component.js";

const iface = IDocumentRegistry__factory.createInterface();

/** DocumentKind in on-chain order. */

export const documentHandlers = [
  // Documents are anchored by the thousand: each is written with the like ones around it.
  onLater<DocumentAnchoredEvent.OutputObject>(iface, "DocumentAnchored", async (ctx, e) => {
    const cluster_id = clusterOfComponent(ctx);
    const document_id = e.documentId;
    ctx.later.insert("documents", {
      cluster_id,
      document_id,
      cid: cidFromDigest(e.cidDigest),
      content_hash: e.contentHash.toLowerCase(),
      kind: enumName(DOCUMENT_KINDS, e.kind),
      title: e.title,
      author: e.author.toLowerCase(),
      previous_version: e.previousVersion === 0n ? null : e.previousVersion,
      superseded_by: null,
      status: "active",
      fully_signed: 0,
      revoked_by: null,
      anchored_block: ctx.at.blockNumber,
      anchored_at: ctx.at.time,
      anchored_tx: ctx.at.transactionHash,
      for_all_members: e.recipients.length === 0 ? 1 : 0,
    });
    for (const s of e.signers) {
      ctx.later.insert("document_signers", { cluster_id, document_id, signer: s.toLowerCase(), named: 1, status: "pending" }, [
        "cluster_id",
        "document_id",
        "signer",
      ]);
    }
    for (const r of e.recipients) {
      ctx.later.insert("document_recipients", { cluster_id, document_id, recipient: r.toLowerCase() }, ["cluster_id", "document_id", "recipient"]);
    }
  }),
  on<DocumentSignedEvent.OutputObject>(iface, "DocumentSigned", async (ctx, e) => {
    // The author may sign without being named: its row appears on signing.
    await statement(
      ctx.db,
      `INSERT INTO document_signers (cluster_id, document_id, signer, named, status, signed_block, signed_at, signed_tx)
       VALUES (?, ?, ?, 0, 'signed', ?, ?, ?)
       ON CONFLICT (cluster_id, document_id, signer) DO UPDATE SET status = 'signed',
         signed_block = excluded.signed_block, signed_at = excluded.signed_at, signed_tx = excluded.signed_tx`,
    ).run(clusterOfComponent(ctx), e.documentId, e.signer.toLowerCase(), ctx.at.blockNumber, ctx.at.time, ctx.at.transactionHash);
  }),
  onLater<DocumentFullySignedEvent.OutputObject>(iface, "DocumentFullySigned", async (ctx, e) => {
    ctx.later.update("documents", { fully_signed: 1 }, { cluster_id: clusterOfComponent(ctx), document_id: e.documentId });
  }),
  on<DocumentRevokedEvent.OutputObject>(iface, "DocumentRevoked", async (ctx, e) => {
    await statement(ctx.db, "UPDATE documents SET status = 'revoked', revoked_by = ? WHERE cluster_id = ? AND document_id = ?").run(
      e.by.toLowerCase(),
      clusterOfComponent(ctx),
      e.documentId,
    );
  }),
  on<DocumentSupersededEvent.OutputObject>(iface, "DocumentSuperseded", async (ctx, e) => {
    await statement(ctx.db, "UPDATE documents SET status = 'superseded', superseded_by = ? WHERE cluster_id = ? AND document_id = ?").run(
      e.newVersion,
      clusterOfComponent(ctx),
      e.documentId,
    );
  }),
];
