import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createService, ServiceError, type GatewayCaller, type RunningService, type ServiceView } from "@cluster-platform/sdk";
import { bulletinManifest, DEFAULT_MAX_NOTICE } from "./manifest.js";
import { BulletinStore } from "./store.js";

/** The cluster's longest notice: its settings of this service (the manifest's default until it sets one). */
function maxNotice(caller: GatewayCaller): number {
  const value = caller.settings.maxNoticeLength;
  // A platform whose catalog still holds a manifest without settings sends none.
  return typeof value === "number" ? value : DEFAULT_MAX_NOTICE;
}

export interface BulletinOptions {
  platformUrl: string;
  webhookSecret: string;
  baseUrl: string;
  dbPath: string;
}

/** The bulletin board: members post notices; the platform's webhooks welcome each new member. */
export function bulletinService(o: BulletinOptions): RunningService & { store: BulletinStore } {
  const store = new BulletinStore(o.dbPath);
  const service = createService({
    manifest: bulletinManifest(o.baseUrl),
    platformUrl: o.platformUrl,
    webhookSecret: o.webhookSecret,
    routes: {
      "GET /notices": ({ caller }) => store.notices(caller.clusterId),
      "POST /notices": ({ caller, body }) => {
        if (!caller.member) throw new ServiceError(403, `${caller.address} is not a member of cluster ${caller.clusterId}: only members post`);
        const text = typeof (body as { text?: unknown })?.text === "string" ? (body as { text: string }).text.trim() : "";
        if (!text || text.length > maxNotice(caller)) throw new ServiceError(400, `text: a notice of 1 to ${maxNotice(caller)} characters`);
        return store.post({ clusterId: caller.clusterId, author: caller.address, authorName: caller.member.name, text });
      },
      "GET /view": ({ caller }): ServiceView => ({
        title: "Bulletin board",
        sections: [
          caller.member
            ? {
                kind: "form",
                title: "Post a notice",
                action: "/notices",
                submit: "Post",
                fields: [{ name: "text", label: "Notice", type: "textarea", required: true, maxLength: maxNotice(caller) }],
              }
            : { kind: "text", text: "Only members of this cluster post notices." },
          {
            kind: "table",
            title: "Notices",
            columns: [
              { key: "postedAt", label: "Posted" },
              { key: "authorName", label: "By" },
              { key: "text", label: "Notice" },
            ],
            rows: store.notices(caller.clusterId).map((n) => ({ postedAt: n.postedAt.slice(0, 16).replace("T", " "), authorName: n.authorName, text: n.text })),
            empty: "No notices yet.",
          },
        ],
      }),
    },
    onEvent: (event) => {
      if (event.clusterId === null) return;
      const clusterId = event.clusterId;
      store.once(event.id, () => {
        const name = String(event.args.name ?? event.args.account);
        if (event.type === "Membership.MemberAdded") {
          store.post({ clusterId, author: "platform", authorName: "Bulletin board", text: `Welcome to the cluster, ${name}!` });
        } else if (event.type === "Membership.MemberRemoved") {
          store.post({ clusterId, author: "platform", authorName: "Bulletin board", text: `${String(event.args.account)} has left the cluster.` });
        }
      });
    },
  });
  const close = service.close;
  return { ...service, store, close: async () => (await close(), store.close()) };
}

/** Run as a process: BULLETIN_PLATFORM_URL, BULLETIN_WEBHOOK_SECRET, BULLETIN_PORT (8095), BULLETIN_DB. */
async function main(): Promise<void> {
  const port = Number(process.env.BULLETIN_PORT ?? 8095);
  const secret = process.env.BULLETIN_WEBHOOK_SECRET;
  if (!secret) throw new Error("BULLETIN_WEBHOOK_SECRET is required (the CDC gets it from GET /api/services/bulletin/webhook-secret)");
  const service = bulletinService({
    platformUrl: process.env.BULLETIN_PLATFORM_URL ?? "http://127.0.0.1:8080",
    webhookSecret: secret,
    baseUrl: process.env.BULLETIN_BASE_URL ?? `http://127.0.0.1:${port}`,
    dbPath: process.env.BULLETIN_DB ?? "data/bulletin.sqlite",
  });
  const url = await service.listen(port);
  console.log(`Bulletin board listening on ${url}`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
