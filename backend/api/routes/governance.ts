import type { Router } from "express";
import { maybeSessionOf, optionalSession } from "../../auth/middleware.js";
import type { ApiDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { existingCluster } from "../read/clusters.js";
import { clusterLifecycle, listApplications, listInitiatives } from "../read/governance.js";
import { getProposal, listProposals } from "../read/proposals.js";
import { defineRoute, mount } from "../route.js";
import { idParams } from "../schemas/common.js";
import {
  applicationList,
  initiativeList,
  lifecycle,
  proposalDetail,
  proposalList,
  proposalParams,
  proposalsQuery,
} from "../schemas/governance.js";

export const listProposalsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/proposals",
  tag: "governance",
  summary: "A cluster's (or initiative group's) proposals, oldest first, optionally in one state",
  params: idParams,
  query: proposalsQuery,
  response: proposalList,
  errors: ["bad_request", "not_found"],
});

export const getProposalRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/proposals/:proposalId",
  tag: "governance",
  summary: "One proposal: tally, quorum progress, deadline, state, votes and (with a bearer token) the caller's vote",
  params: proposalParams,
  response: proposalDetail,
  errors: ["bad_request", "unauthorized", "not_found"],
});

export const initiativesRoute = defineRoute({
  method: "get",
  path: "/api/initiatives",
  tag: "governance",
  summary: "Initiative groups voting: clusters in initiative or voting, open dissolution initiatives",
  response: initiativeList,
  errors: [],
});

export const applicationsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/applications",
  tag: "governance",
  summary: "Membership applications to a cluster and their outcome",
  params: idParams,
  response: applicationList,
  errors: ["bad_request", "not_found"],
});

export const lifecycleRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/lifecycle",
  tag: "governance",
  summary: "A cluster's life-cycle: status changes, wind-down and initiatives",
  params: idParams,
  response: lifecycle,
  errors: ["bad_request", "not_found"],
});

export function mountGovernance(router: Router, { db, config }: ApiDeps): void {
  mount(router, listProposalsRoute, ({ params, query }) => listProposals(db, existingCluster(db, params.id), query.state));
  mount(
    router,
    getProposalRoute,
    ({ params, res }) => {
      const found = getProposal(db, existingCluster(db, params.id), params.proposalId, maybeSessionOf(res)?.address);
      if (!found) throw notFound(`Cluster ${params.id} has no proposal ${params.proposalId}`);
      return found;
    },
    optionalSession(config.session.secret),
  );
  mount(router, initiativesRoute, () => listInitiatives(db));
  mount(router, applicationsRoute, ({ params }) => listApplications(db, existingCluster(db, params.id)));
  mount(router, lifecycleRoute, ({ params }) => {
    const found = clusterLifecycle(db, params.id);
    if (!found) throw notFound(`Cluster ${params.id} does not exist`);
    return found;
  });
}
