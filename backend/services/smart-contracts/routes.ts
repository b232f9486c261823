import type { Router } from "express";
import type { ApiDeps } from "../../api/deps.js";
import { forbidden, notFound } from "../../api/errors.js";
import { existingCluster } from "../cluster-registration/clusters.js";
import { getAgreement, listAgreements } from "./agreements.js";
import { answerPage } from "../../api/paging.js";
import { defineRoute, mount } from "../../api/route.js";
import { agreementDetail, agreementList, agreementParams, agreementsQuery } from "../../../core/api/schemas/agreements.js";
import { idParams } from "../../../core/api/schemas/common.js";

export const listAgreementsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/agreements",
  tag: "agreements",
  summary: "Agreements between a cluster's members, optionally by status or party, a page at a time",
  params: idParams,
  query: agreementsQuery,
  response: agreementList,
  audience: "Only agreements the caller is a party to.",
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const getAgreementRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/agreements/:agreementId",
  tag: "agreements",
  summary: "One agreement with its milestones and the parties' signatures",
  params: agreementParams,
  response: agreementDetail,
  audience: "Only an agreement's parties (403 for anyone else).",
  access: "member",
  errors: ["bad_request", "not_found"],
});

/** Addresses in the index are lowercase, as is the caller's. */
function isParty(parties: readonly string[], caller: string): boolean {
  return parties.some((p) => p.toLowerCase() === caller);
}

export function mountAgreements(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  mount(router, deps, listAgreementsRoute, async ({ params, query, caller, req, res }) =>
    answerPage({ req, res }, await listAgreements(db, await existingCluster(db, params.id), caller, { status: query.status, party: query.party }, query)),
  );
  mount(router, deps, getAgreementRoute, async ({ params, caller }) => {
    const found = await getAgreement(db, await existingCluster(db, params.id), params.agreementId);
    if (!found) throw notFound(`Cluster ${params.id} has no agreement ${params.agreementId}`);
    if (!isParty(found.parties, caller)) {
      throw forbidden(`${caller} is not a party to agreement ${params.agreementId}: only its parties may read it`);
    }
    return found;
  });
}
