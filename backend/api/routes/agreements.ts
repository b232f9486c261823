import type { Router } from "express";
import type { ApiDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { existingCluster } from "../read/clusters.js";
import { getAgreement, listAgreements } from "../read/agreements.js";
import { defineRoute, mount } from "../route.js";
import { agreementDetail, agreementList, agreementParams, agreementsQuery } from "../schemas/agreements.js";
import { idParams } from "../schemas/common.js";

export const listAgreementsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/agreements",
  tag: "agreements",
  summary: "Agreements between a cluster's members, optionally by status or party",
  params: idParams,
  query: agreementsQuery,
  response: agreementList,
  errors: ["bad_request", "not_found"],
});

export const getAgreementRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/agreements/:agreementId",
  tag: "agreements",
  summary: "One agreement with its milestones and the parties' signatures",
  params: agreementParams,
  response: agreementDetail,
  errors: ["bad_request", "not_found"],
});

export function mountAgreements(router: Router, { db }: ApiDeps): void {
  mount(router, listAgreementsRoute, ({ params, query }) => listAgreements(db, existingCluster(db, params.id), query));
  mount(router, getAgreementRoute, ({ params }) => {
    const found = getAgreement(db, existingCluster(db, params.id), params.agreementId);
    if (!found) throw notFound(`Cluster ${params.id} has no agreement ${params.agreementId}`);
    return found;
  });
}
