import { z } from "zod";
import { address } from "./common.js";
import { apiSchemas } from "./registry.js";
import { NODE_REMOVALS, NODE_STATUSES, withoutNone } from "../../chain/enums.js";

const listGap = z.object({
  size: z.number().int().describe("Entries on the node"),
  missing: z.array(z.string()).describe("Decided on chain, absent from the node"),
  extra: z.array(z.string()).describe("On the node, not decided on chain"),
});

const drift = z
  .object({
    at: z.string(),
    nodesAdded: z.array(z.string()),
    nodesRemoved: z.array(z.string()),
    accountsAdded: z.array(z.string()),
    accountsRemoved: z.array(z.string()),
  })
  .describe("The last change made on the node by someone other than the operator, corrected in the same pass");

export const networkNodeReport = z
  .object({
    name: z.string(),
    url: z.string(),
    validator: z.boolean(),
    reachable: z.boolean(),
    problem: z.string().nullable(),
    downSince: z.string().nullable(),
    failedPasses: z.number().int(),
    enode: z.string().nullable(),
    blockNumber: z.number().int().nullable(),
    peers: z.array(z.object({ enode: z.string(), name: z.string(), remoteAddress: z.string().nullable() })).nullable(),
    nodes: listGap.nullable(),
    accounts: listGap.nullable(),
    inSync: z.boolean().describe("Both allowlists equal what the chain decided after the last pass"),
    lastDrift: drift.nullable(),
    pendingVotes: z.record(z.string(), z.boolean()).nullable(),
    checkedAt: z.string(),
  })
  .register(apiSchemas, { id: "NetworkNodeReport" });

export const registeredNode = z
  .object({
    node: address.describe("The address of the node's public key (its validator address)"),
    owner: address,
    ownerName: z.string().nullable(),
    clusterId: z.number().int().describe("0 for the CDC's infrastructure nodes"),
    clusterName: z.string().nullable(),
    enode: z.string(),
    host: z.string(),
    port: z.number().int(),
    status: z.enum(withoutNone(NODE_STATUSES)),
    removal: z.enum(NODE_REMOVALS).nullable(),
    reason: z.string().nullable(),
    allowed: z.boolean().describe("Approved and its owner a member of an active or dissolving cluster: the network admits it"),
    registeredAt: z.string(),
    registeredBlock: z.number().int(),
  })
  .register(apiSchemas, { id: "RegisteredNode" });

export const registeredNodes = z.object({ items: z.array(registeredNode) });

export const networkOverview = z
  .object({
    registry: address.nullable().describe("The NodeRegistry contract; null on a deployment without one"),
    head: z.number().int().nullable(),
    indexedBlock: z.number().int().nullable(),
    lagBlocks: z.number().int().nullable(),
    desired: z.object({ nodes: z.array(z.string()), accounts: z.array(z.string()) }).describe("The allowlists the chain decides"),
    nodes: z.array(networkNodeReport).describe("What the permissioning operator last found on each node; empty when it does not run"),
    validators: z
      .object({
        mode: z.enum(["header", "contract"]),
        decided: z.array(z.string()),
        current: z.array(z.string()).nullable(),
        block: z.number().int().nullable(),
        inEffect: z.boolean(),
        signerMetrics: z.array(z.object({ address: z.string(), proposedBlockCount: z.number().int(), lastProposedBlockNumber: z.number().int() })).nullable(),
        problem: z.string().nullable(),
        checkedAt: z.string(),
      })
      .nullable(),
    registered: z.array(registeredNode),
    grantedAccounts: z.array(address),
    actions: z.array(
      z.object({ id: z.number().int(), at: z.string(), node: z.string(), action: z.string(), detail: z.string(), outcome: z.enum(["ok", "failed"]) }),
    ),
  })
  .register(apiSchemas, { id: "NetworkOverview" });
