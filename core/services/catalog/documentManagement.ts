import type { ServiceManifest } from "../manifest.js";

export const documentManagement: ServiceManifest = {
  manifestVersion: 1,
  id: "document-management",
  repository: "basic",
  version: "1.1.0",
  title: "Documents",
  description: "Documents in IPFS anchored and signed on chain; confidential ones end-to-end encrypted for their recipients.",
  component: "Documents",
  settings: {
    schema: {
      type: "object",
      properties: {
        maxUploadBytes: {
          type: "integer",
          minimum: 1024,
          maximum: 104857600,
          title: "Largest upload (bytes)",
          description: "Files above this size are refused before anything is stored; the platform's own limit applies above it.",
        },
      },
      required: ["maxUploadBytes"],
      additionalProperties: false,
    },
    defaults: { maxUploadBytes: 104857600 },
  },
  routes: [
    { method: "GET", path: "/api/clusters/:id/documents", access: "member" },
    { method: "GET", path: "/api/clusters/:id/documents/:docId", access: "member" },
    { method: "POST", path: "/api/clusters/:id/documents/upload", access: "member" },
    { method: "POST", path: "/api/clusters/:id/documents/verify", access: "public" },
    { method: "GET", path: "/api/content/:cid", access: "signedIn" },
  ],
  tables: ["documents", "document_signers", "document_recipients", "document_uploads"],
  events: [
    "DocumentRegistry.DocumentAnchored",
    "DocumentRegistry.DocumentSigned",
    "DocumentRegistry.DocumentFullySigned",
    "DocumentRegistry.DocumentRevoked",
    "DocumentRegistry.DocumentSuperseded",
  ],
  notifications: [],
  pages: [{ kind: "cluster-tab", path: "documents", title: "Documents" }],
  scopes: [
    { id: "documents.anchor", description: "Upload and anchor a document", holders: ["member"] },
    { id: "documents.sign", description: "Sign a document one is asked to sign", holders: ["member"] },
    { id: "documents.revoke", description: "Revoke or supersede one's own document", holders: ["member"] },
  ],
  health: { kind: "index", description: "The indexer follows the cluster's DocumentRegistry; uploads need the content store" },
};
