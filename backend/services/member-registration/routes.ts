import type { Router } from "express";
import { isCdc, isMemberOf } from "../../api/access.js";
import type { ApiDeps } from "../../api/deps.js";
import { existingCluster } from "../cluster-registration/clusters.js";
import { listApplications } from "../cluster-registration/governance.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { applicationList } from "../../../core/api/schemas/governance.js";

export const applicationsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/applications",
  tag: "governance",
  summary: "Membership applications to a cluster and their outcome",
  params: idParams,
  response: applicationList,
  audience: "Members of the cluster and the CDC see every application; anyone else only their own.",
  access: "signedIn",
  errors: ["bad_request", "not_found"],
});

export function mountApplications(router: Router, deps: ApiDeps & MountDeps): void {
  const { db } = deps;
  mount(router, deps, applicationsRoute, async ({ params, caller }) => {
    const clusterId = await existingCluster(db, params.id);
    const all = await listApplications(db, clusterId);
    if ((await isMemberOf(deps, clusterId, caller)) || (await isCdc(deps, caller))) return all;
    return all.filter((a) => a.applicant.toLowerCase() === caller);
  });
}
