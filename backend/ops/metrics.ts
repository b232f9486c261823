import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RpcOutcome } from "../../core/chain/provider.js";

/** What an operator reports, whichever it is (clearing, permissioning…): its transactions and that it is still passing. */
export interface OperatorMetrics {
  /** One action it took: "ok" once done (mined), "failed" when it could not be done. */
  action(operator: string, action: string, outcome: "ok" | "failed"): void;
  /** It completed a pass over what it serves: a stale timestamp means a stuck operator. */
  pass(operator: string): void;
}

/**
 * The metrics of the work behind the API: calls to the chain and the operators. Made by the server
 * before the provider and the app exist, so they live in a registry of their own that the app's
 * /metrics merges with its own: each server of a process (tests start several) keeps its numbers.
 */
export interface BackendMetrics extends OperatorMetrics {
  readonly registry: Registry;
  /** The provider's onCall hook (core/chain/provider.ts). */
  rpc(method: string, seconds: number, outcome: RpcOutcome): void;
}

export function createBackendMetrics(): BackendMetrics {
  const registry = new Registry();
  const rpcDuration = new Histogram({
    name: "cluster_rpc_request_duration_seconds",
    help: "JSON-RPC calls to the chain by method and outcome (ok, error, timeout); a batch's calls each count its round trip",
    labelNames: ["method", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const rpcErrors = new Counter({
    name: "cluster_rpc_errors_total",
    help: "JSON-RPC calls that failed or timed out, by method",
    labelNames: ["method"] as const,
    registers: [registry],
  });
  const actions = new Counter({
    name: "cluster_operator_actions_total",
    help: "Actions of the operators by operator, action and outcome (ok, failed)",
    labelNames: ["operator", "action", "outcome"] as const,
    registers: [registry],
  });
  const lastPass = new Gauge({
    name: "cluster_operator_last_pass_timestamp_seconds",
    help: "When each operator last completed a pass (unix seconds)",
    labelNames: ["operator"] as const,
    registers: [registry],
  });
  return {
    registry,
    rpc(method, seconds, outcome) {
      rpcDuration.observe({ method, outcome }, seconds);
      if (outcome !== "ok") rpcErrors.inc({ method });
    },
    action(operator, action, outcome) {
      actions.inc({ operator, action, outcome });
    },
    pass(operator) {
      lastPass.setToCurrentTime({ operator });
    },
  };
}
