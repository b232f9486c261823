import type { ApplyContext } from "./context.js";

/** Component events carry no cluster id: the clone's address says which cluster it is. */
export function clusterOfComponent(ctx: ApplyContext): number {
  const clusterId = ctx.clusterOfMembership(ctx.at.address);
  if (clusterId === undefined) {
    throw new Error(`Log ${ctx.at.blockHash}/${ctx.at.logIndex} comes from ${ctx.at.address}, which no cluster announced`);
  }
  return clusterId;
}
