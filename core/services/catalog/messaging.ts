import type { ServiceManifest } from "../manifest.js";

export const messaging: ServiceManifest = {
  manifestVersion: 1,
  id: "messaging",
  repository: "system",
  version: "1.0.0",
  title: "Messaging",
  description:
    "Notifications and messages between participants. Built so far: the notification feed (server-sent events of the votes that concern the reader); messages between participants are to come.",
  routes: [{ method: "GET", path: "/api/feed", access: "signedIn" }],
  tables: [],
  events: [],
  notifications: [],
  pages: [],
  scopes: [{ id: "feed.read", description: "Hear the notifications meant for one's own account", holders: ["member", "cdc"] }],
  health: { kind: "index", description: "The feed answers from the index; each connection is judged after every indexed batch" },
};
