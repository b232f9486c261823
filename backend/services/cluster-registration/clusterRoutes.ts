import type { Router } from "express";
import type { ApiDeps } from "../../api/deps.js";
import { notFound } from "../../api/errors.js";
import { existingCluster, getCluster, listClusters } from "./clusters.js";
import { listMembers, memberDirectory } from "./members.js";
import { clusterNetwork } from "./network.js";
import { answerPage } from "../../api/paging.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { clusterDetail, clusterList, clustersQuery, directory, memberList, membersQuery, network } from "../../../core/api/schemas/clusters.js";

export const listClustersRoute = defineRoute({
  method: "get",
  path: "/api/clusters",
  tag: "clusters",
  summary: "Clusters and initiatives, optionally in one life-cycle status, a page at a time",
  query: clustersQuery,
  response: clusterList,
  access: "public",
  errors: ["bad_request"],
});

export const getClusterRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id",
  tag: "clusters",
  summary: "One cluster: configuration, components and life-cycle history",
  params: idParams,
  response: clusterDetail,
  access: "public",
  errors: ["bad_request", "not_found"],
});

export const membersRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/members",
  tag: "clusters",
  summary: "Current members of a cluster (public profile), a page at a time",
  params: idParams,
  query: membersQuery,
  response: memberList,
  access: "public",
  errors: ["bad_request", "not_found"],
});

export const networkRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/network",
  tag: "clusters",
  summary: "The cluster's network: members and partners, and the links between them",
  params: idParams,
  response: network,
  access: "public",
  errors: ["bad_request", "not_found"],
});

export const directoryRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/directory",
  tag: "clusters",
  summary: "Members with their encryption keys (members of the cluster only), a page at a time",
  params: idParams,
  query: membersQuery,
  response: directory,
  access: "member",
  errors: ["bad_request", "unauthorized", "forbidden", "not_found"],
});

export function mountClusters(router: Router, deps: ApiDeps & MountDeps): void {
  const { db } = deps;
  mount(router, deps, listClustersRoute, async ({ query, req, res }) => answerPage({ req, res }, await listClusters(db, query.status, query)));
  mount(router, deps, getClusterRoute, async ({ params }) => {
    const found = await getCluster(db, params.id);
    if (!found) throw notFound(`Cluster ${params.id} does not exist`);
    return found;
  });
  mount(router, deps, membersRoute, async ({ params, query, req, res }) =>
    answerPage({ req, res }, await listMembers(db, await existingCluster(db, params.id), query)),
  );
  mount(router, deps, networkRoute, async ({ params }) => clusterNetwork(db, await existingCluster(db, params.id)));
  mount(router, deps, directoryRoute, async ({ params, query, req, res }) => answerPage({ req, res }, await memberDirectory(db, params.id, query)));
}
