import type { Router } from "express";
import { isCdc, isMemberOf } from "../../api/access.js";
import type { ApiDeps } from "../../api/deps.js";
import { existingCluster } from "../cluster-registration/clusters.js";
import { listApplications } from "../cluster-registration/governance.js";
import { answerPage } from "../../api/paging.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { applicationList, applicationsQuery } from "../../../core/api/schemas/governance.js";

export const applicationsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/applications",
  tag: "governance",
  summary: "Membership applications to a cluster and their outcome, a page at a time",
  params: idParams,
  query: applicationsQuery,
  response: applicationList,
  audience: "Members of the cluster and the CDC see every application; anyone else only their own.",
  access: "signedIn",
  errors: ["bad_request", "not_found"],
});

export function mountApplications(router: Router, deps: ApiDeps & MountDeps): void {
  const { db } = deps;
  mount(router, deps, applicationsRoute, async ({ params, query, caller, req, res }) => {
    const clusterId = await existingCluster(db, params.id);
    const seesAll = (await isMemberOf(deps, clusterId, caller)) || (await isCdc(deps, caller));
    return answerPage({ req, res }, await listApplications(db, clusterId, seesAll ? undefined : caller, query));
  });
}
