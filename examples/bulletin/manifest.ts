import type { ServiceManifest } from "@cluster-platform/sdk";

/** Until a cluster sets its own (its settings of this service). */
export const DEFAULT_MAX_NOTICE = 500;

/** The bulletin board's manifest; its base URL is where this process listens. */
export function bulletinManifest(baseUrl: string): ServiceManifest {
  return {
    manifestVersion: 1,
    id: "bulletin",
    repository: "applied",
    version: "1.1.0",
    title: "Bulletin board",
    description: "Notices members post to their cluster, and a welcome for every member who joins.",
    routes: [],
    settings: {
      schema: {
        type: "object",
        properties: {
          maxNoticeLength: { type: "integer", minimum: 20, maximum: 2000, title: "Longest notice (characters)" },
        },
        required: ["maxNoticeLength"],
        additionalProperties: false,
      },
      defaults: { maxNoticeLength: DEFAULT_MAX_NOTICE },
    },
    tables: [],
    events: [],
    notifications: [],
    pages: [{ kind: "cluster-tab", path: "bulletin", title: "Bulletin" }],
    scopes: [{ id: "bulletin.post", description: "Post a notice to the cluster's board", holders: ["member"] }],
    health: { kind: "http", path: "/health" },
    external: {
      baseUrl,
      openapi: "/openapi.json",
      subscribes: ["Membership.MemberAdded", "Membership.MemberRemoved"],
      webhookPath: "/webhooks",
      viewPath: "/view",
    },
  };
}
