import type { Router } from "express";
import type { ApiDeps } from "../../api/deps.js";
import { notFound } from "../../api/errors.js";
import { existingCluster } from "./clusters.js";
import { clusterLifecycle, listInitiatives } from "./governance.js";
import { getProposal, listProposals } from "./proposals.js";
import { answerPage } from "../../api/paging.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { initiativeList, lifecycle, proposalDetail, proposalList, proposalParams, proposalsQuery } from "../../../core/api/schemas/governance.js";

export const listProposalsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/proposals",
  tag: "governance",
  summary: "A cluster's (or initiative group's) proposals, oldest first, optionally in one state, a page at a time",
  params: idParams,
  query: proposalsQuery,
  response: proposalList,
  access: "memberOrCdc",
  errors: ["bad_request", "not_found"],
});

export const getProposalRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/proposals/:proposalId",
  tag: "governance",
  summary: "One proposal: tally, quorum progress, deadline, state, votes and the caller's vote",
  params: proposalParams,
  response: proposalDetail,
  access: "memberOrCdc",
  errors: ["bad_request", "unauthorized", "not_found"],
});

export const initiativesRoute = defineRoute({
  method: "get",
  path: "/api/initiatives",
  tag: "governance",
  summary: "Initiative groups voting: clusters in initiative or voting, open dissolution initiatives",
  response: initiativeList,
  access: "public",
  errors: [],
});

export const lifecycleRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/lifecycle",
  tag: "governance",
  summary: "A cluster's life-cycle: status changes, wind-down and initiatives",
  params: idParams,
  response: lifecycle,
  access: "public",
  errors: ["bad_request", "not_found"],
});

export function mountGovernance(router: Router, deps: ApiDeps & MountDeps): void {
  const { db } = deps;
  mount(router, deps, listProposalsRoute, async ({ params, query, req, res }) =>
    answerPage({ req, res }, await listProposals(db, await existingCluster(db, params.id), query.state, query)),
  );
  mount(router, deps, getProposalRoute, async ({ params, caller }) => {
    const found = await getProposal(db, await existingCluster(db, params.id), params.proposalId, caller);
    if (!found) throw notFound(`Cluster ${params.id} has no proposal ${params.proposalId}`);
    return found;
  });
  mount(router, deps, initiativesRoute, () => listInitiatives(db));
  mount(router, deps, lifecycleRoute, async ({ params }) => {
    const found = await clusterLifecycle(db, params.id);
    if (!found) throw notFound(`Cluster ${params.id} does not exist`);
    return found;
  });
}
