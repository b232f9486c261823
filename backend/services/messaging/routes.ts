import type { Router } from "express";
import { sessionOf } from "../../auth/middleware.js";
import { accessGuard } from "../../api/access.js";
import { rolesOf } from "../../auth/roles.js";
import { MAX_STREAMS_PER_ACCOUNT, type FeedHub } from "../../feed/hub.js";
import type { ApiDeps } from "../../api/deps.js";
import { badRequest, forbidden, tooManyRequests, unauthorized } from "../../api/errors.js";
import { defineRoute } from "../../api/route.js";
import { feedQuery, notification } from "../../../core/api/schemas/governance.js";

export const feedRoute = defineRoute({
  method: "get",
  path: "/api/feed",
  tag: "governance",
  summary:
    "Notification feed (text/event-stream): votes opened, about to close, closed, and awaiting the signed-in member, for its clusters and initiative groups. " +
    `For members of a cluster or initiative group and the CDC; at most ${MAX_STREAMS_PER_ACCOUNT} streams per account; the token only in the Authorization header.`,
  query: feedQuery,
  response: notification,
  produces: "text/event-stream",
  access: "signedIn",
  audience: "Members of a cluster or initiative group and the CDC (403 for anyone else), each about their own clusters.",
  errors: ["bad_request", "unauthorized", "forbidden", "too_many_requests"],
});

/** Streams its own response (not through mount), behind the same access guard. */
export function mountFeed(router: Router, deps: ApiDeps, hub: FeedHub): void {
  const { db, indexer } = deps;
  router.get(
    feedRoute.path,
    (req, _res, next) => {
      // A token in the URL ends up in logs, history and Referer headers: the web app reads the stream with fetch.
      if (req.query.token !== undefined) {
        throw unauthorized("Send the session token in an Authorization: Bearer header, never in the URL (?token= is refused)");
      }
      next();
    },
    ...accessGuard(deps, feedRoute.access),
    async (req, res) => {
      const parsed = feedQuery.safeParse(req.query);
      if (!parsed.success) throw badRequest("Invalid query: lastEventId must be a block number");
      const { address } = sessionOf(res);
      const roles = await rolesOf(db, address, indexer.state.record?.contracts.ClusterRegistry.address ?? null);
      if (!roles.cdc && !roles.clusters.some((c) => c.role !== null)) {
        throw forbidden(`${address} is not a member of any cluster or initiative group: the feed is for members and the CDC`);
      }
      const open = hub.streamsOf(address);
      if (open >= MAX_STREAMS_PER_ACCOUNT) {
        throw tooManyRequests(`${address} already holds ${open} notification streams (at most ${MAX_STREAMS_PER_ACCOUNT}): close one first`);
      }
      const last = req.get("last-event-id") ?? parsed.data.lastEventId;
      const resume = last !== undefined && /^[0-9]+$/.test(last) ? Number(last) : undefined;
      await hub.subscribe(address, res, resume);
    },
  );
}
