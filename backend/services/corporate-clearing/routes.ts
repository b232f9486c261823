import type { Router } from "express";
import type { ApiDeps } from "../../api/deps.js";
import { forbidden } from "../../api/errors.js";
import { clearingOverviewOf } from "./clearing.js";
import { memberObligationsOf } from "./memberObligations.js";
import { standingProposalOf } from "./clearingProposal.js";
import { cycleUnwind } from "./clearingUnwind.js";
import { cycleHistoryOf } from "./clearingHistory.js";
import { cycleDetailOf, cycleFlowsOf, cycleObligationsOf, keptSolution } from "./clearingCycle.js";
import { answerCountedPage } from "../../api/paging.js";
import { existingCluster } from "../cluster-registration/clusters.js";
import { defineRoute, mount } from "../../api/route.js";
import {
  clearingOverview,
  cycleDetail,
  cycleFlows,
  cycleFlowsQuery,
  cycleHistory,
  cycleObligations,
  cycleObligationsQuery,
  cycleParams,
  cyclesQuery,
  obligations,
  obligationsQuery,
  solution,
  standingProposal,
  unwindSolution,
} from "../../../core/api/schemas/clearing.js";
import { idParams } from "../../../core/api/schemas/common.js";

export const obligationsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/obligations",
  tag: "clearing",
  summary:
    "The caller's obligations, incoming and outgoing, a page at a time: those in the clearing and its agreements' payment obligations (`show`), searched and sorted",
  params: idParams,
  query: obligationsQuery,
  response: obligations,
  audience: "Only the caller's own obligations, incoming and outgoing; a member query naming anyone else: 403.",
  access: "member",
  counted: true,
  errors: ["bad_request", "not_found"],
});

export const clearingRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing",
  tag: "clearing",
  summary:
    "The cluster's clearing: open cycle, the cycle being cleared with its standing proposal, the latest finished cycles with their reports and any older one where the caller still has a payout to withdraw",
  params: idParams,
  response: clearingOverview,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const solutionRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles/:cycle/solution",
  tag: "clearing",
  summary: "The maximum set-off of a closed cycle, computed from the index: the proposal to submit with ClearingHouse.propose",
  params: cycleParams,
  response: solution,
  access: "member",
  errors: ["bad_request", "not_found", "conflict"],
});

export const unwindRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles/:cycle/unwind",
  tag: "clearing",
  summary: "The least unwind of a cycle whose funding fell short, computed from the index: the proposal to submit with ClearingHouse.propose",
  params: cycleParams,
  response: unwindSolution,
  access: "member",
  errors: ["bad_request", "not_found", "conflict"],
});

export const proposalRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles/:cycle/proposal",
  tag: "clearing",
  summary:
    "The cycle's standing proposal (set-off, or unwind after a default) with its lines as submitted, chunk by chunk: what ClearingHouse.applySetOff takes",
  params: cycleParams,
  response: standingProposal,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const cyclesRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles",
  tag: "clearing",
  summary:
    "The cluster's finished (settled or defaulted) clearing cycles, newest first, a page at a time: net positions, funding, withdrawals and payouts per member",
  params: idParams,
  query: cyclesQuery,
  response: cycleHistory,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const cycleRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles/:cycle",
  tag: "clearing",
  summary:
    "One clearing cycle in any phase: the totals of its flows (its obligations summed per debtor → creditor pair) with what its set-off cancels, and the largest flows, which its graphs draw",
  params: cycleParams,
  response: cycleDetail,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const cycleFlowsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles/:cycle/flows",
  tag: "clearing",
  summary:
    "A page of a clearing cycle's flows (its obligations summed per debtor → creditor pair, with what the set-off cancels of each), sorted and searched; X-Total-Count gives how many match",
  params: cycleParams,
  query: cycleFlowsQuery,
  counted: true,
  response: cycleFlows,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const cycleObligationsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/clearing/cycles/:cycle/obligations",
  tag: "clearing",
  summary:
    "A page of the obligations a clearing cycle clears, with what its set-off cancelled of each, sorted and searched; X-Total-Count gives how many match",
  params: cycleParams,
  query: cycleObligationsQuery,
  counted: true,
  response: cycleObligations,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export function mountClearing(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  mount(router, deps, obligationsRoute, async ({ params, query, caller, req, res }) => {
    if (query.member !== undefined && query.member.toLowerCase() !== caller) {
      throw forbidden(`${caller} may read only its own obligations, not ${query.member.toLowerCase()}'s`);
    }
    return answerCountedPage({ req, res }, await memberObligationsOf(db, await existingCluster(db, params.id), caller, query.show, query));
  });
  mount(router, deps, clearingRoute, async ({ params, caller }) => clearingOverviewOf(db, await existingCluster(db, params.id), caller));
  mount(router, deps, cyclesRoute, async ({ params, query }) => cycleHistoryOf(db, await existingCluster(db, params.id), query));
  mount(router, deps, cycleRoute, async ({ params }) => cycleDetailOf(db, await existingCluster(db, params.id), params.cycle));
  mount(router, deps, cycleFlowsRoute, async ({ params, query, req, res }) =>
    answerCountedPage({ req, res }, await cycleFlowsOf(db, await existingCluster(db, params.id), params.cycle, query)),
  );
  mount(router, deps, cycleObligationsRoute, async ({ params, query, req, res }) =>
    answerCountedPage({ req, res }, await cycleObligationsOf(db, await existingCluster(db, params.id), params.cycle, query)),
  );
  mount(router, deps, solutionRoute, async ({ params }) => keptSolution(db, await existingCluster(db, params.id), params.cycle));
  mount(router, deps, unwindRoute, async ({ params }) => cycleUnwind(db, await existingCluster(db, params.id), params.cycle));
  mount(router, deps, proposalRoute, async ({ params }) => standingProposalOf(db, await existingCluster(db, params.id), params.cycle));
}
