import type { Router } from "express";
import { requireMember, requireSession } from "../../auth/middleware.js";
import type { ApiDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { existingCluster, configHistory, getCluster, listClusters } from "../read/clusters.js";
import { listMembers, memberDirectory } from "../read/members.js";
import { clusterNetwork } from "../read/network.js";
import { defineRoute, mount } from "../route.js";
import { idParams } from "../schemas/common.js";
import {
  clusterDetail,
  clusterList,
  clustersQuery,
  configHistory as configHistorySchema,
  directory,
  memberList,
  network,
} from "../schemas/clusters.js";

export const listClustersRoute = defineRoute({
  method: "get",
  path: "/api/clusters",
  tag: "clusters",
  summary: "Clusters and initiatives, optionally in one life-cycle status",
  query: clustersQuery,
  response: clusterList,
  errors: ["bad_request"],
});

export const getClusterRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id",
  tag: "clusters",
  summary: "One cluster: configuration, components and life-cycle history",
  params: idParams,
  response: clusterDetail,
  errors: ["bad_request", "not_found"],
});

export const configHistoryRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/config/history",
  tag: "clusters",
  summary: "Configuration changes of a cluster, newest first",
  params: idParams,
  response: configHistorySchema,
  errors: ["bad_request", "not_found"],
});

export const membersRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/members",
  tag: "clusters",
  summary: "Current members of a cluster (public profile)",
  params: idParams,
  response: memberList,
  errors: ["bad_request", "not_found"],
});

export const networkRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/network",
  tag: "clusters",
  summary: "The cluster's network: members and partners, and the links between them",
  params: idParams,
  response: network,
  errors: ["bad_request", "not_found"],
});

export const directoryRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/directory",
  tag: "clusters",
  summary: "Members with their encryption keys (members of the cluster only)",
  params: idParams,
  response: directory,
  auth: true,
  errors: ["bad_request", "unauthorized", "forbidden", "not_found"],
});

export function mountClusters(router: Router, { db, config }: ApiDeps): void {
  mount(router, listClustersRoute, ({ query }) => listClusters(db, query.status));
  mount(router, getClusterRoute, ({ params }) => {
    const found = getCluster(db, params.id);
    if (!found) throw notFound(`Cluster ${params.id} does not exist`);
    return found;
  });
  mount(router, configHistoryRoute, ({ params }) => configHistory(db, existingCluster(db, params.id)));
  mount(router, membersRoute, ({ params }) => listMembers(db, existingCluster(db, params.id)));
  mount(router, networkRoute, ({ params }) => clusterNetwork(db, existingCluster(db, params.id)));
  mount(
    router,
    directoryRoute,
    ({ params }) => memberDirectory(db, params.id),
    requireSession(config.session.secret),
    requireMember(db),
  );
}
