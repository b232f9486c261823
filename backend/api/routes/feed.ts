import type { Router } from "express";
import { requireSession, sessionOf } from "../../auth/middleware.js";
import type { FeedHub } from "../../feed/hub.js";
import type { ApiDeps } from "../deps.js";
import { badRequest } from "../errors.js";
import { defineRoute } from "../route.js";
import { feedQuery, notification } from "../schemas/governance.js";

export const feedRoute = defineRoute({
  method: "get",
  path: "/api/feed",
  tag: "governance",
  summary:
    "Notification feed (text/event-stream): votes opened, about to close, closed, and awaiting the signed-in member, for its clusters and initiative groups",
  query: feedQuery,
  response: notification,
  produces: "text/event-stream",
  auth: true,
  errors: ["bad_request", "unauthorized"],
});

export function mountFeed(router: Router, { config }: ApiDeps, hub: FeedHub): void {
  router.get(feedRoute.path, requireSession(config.session.secret, { queryToken: true }), (req, res) => {
    const parsed = feedQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest("Invalid query: lastEventId must be a block number");
    const last = req.get("last-event-id") ?? parsed.data.lastEventId;
    const resume = last !== undefined && /^[0-9]+$/.test(last) ? Number(last) : undefined;
    hub.subscribe(sessionOf(res).address, res, resume);
  });
}
