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
import { on } from "../../indexer/context.js";
import { clusterOfComponent } from "../../indexer/component.js";

const iface = IDocumentRegistry__factory.createInterface();

/** DocumentKind in on-chain order. */

export const documentHandlers = [
  on<DocumentAnchoredEvent.OutputObject>(iface, "DocumentAnchored", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    const author = e.author.toLowerCase();
    await statement(
      ctx.db,
      `INSERT INTO documents (cluster_id, document_id, cid, content_hash, kind, title, author, previous_version,
         superseded_by, status, fully_signed, revoked_by, anchored_block, anchored_at, anchored_tx, for_all_members)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 'active', 0, NULL, ?, ?, ?, ?)`,
    ).run(
      clusterId,
      e.documentId,
      cidFromDigest(e.cidDigest),
      e.contentHash.toLowerCase(),
      enumName(DOCUMENT_KINDS, e.kind),
      e.title,
      author,
      e.previousVersion === 0n ? null : e.previousVersion,
      ctx.at.blockNumber,
      ctx.at.time,
      ctx.at.transactionHash,
      e.recipients.length === 0 ? 1 : 0,
    );
    const signer = statement(
      ctx.db,
      `INSERT INTO document_signers (cluster_id, document_id, signer, named, status) VALUES (?, ?, ?, ?, 'pending')
       ON CONFLICT (cluster_id, document_id, signer) DO NOTHING`,
    );
    for (const s of e.signers) await signer.run(clusterId, e.documentId, s.toLowerCase(), 1);
    const recipient = statement(
      ctx.db,
      `INSERT INTO document_recipients (cluster_id, document_id, recipient) VALUES (?, ?, ?)
       ON CONFLICT (cluster_id, document_id, recipient) DO NOTHING`,
    );
    for (const r of e.recipients) await recipient.run(clusterId, e.documentId, r.toLowerCase());
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
  on<DocumentFullySignedEvent.OutputObject>(iface, "DocumentFullySigned", async (ctx, e) => {
    await statement(ctx.db, "UPDATE documents SET fully_signed = 1 WHERE cluster_id = ? AND document_id = ?").run(clusterOfComponent(ctx), e.documentId);
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
