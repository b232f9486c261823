import type { Db } from "../../db/db.js";
import { statement } from "../../db/statements.js";
import { getMeta, setMeta } from "../../db/meta.js";
import type { Allowlists } from "../../network/desired.js";
import type { NodeReport, ValidatorsReport } from "./report.js";

export interface NodeState {
  /** The allowlists as the operator last left them: anything else found later was changed by hand. */
  applied: Allowlists | null;
  report: NodeReport | null;
}

export async function loadNodeState(db: Db, name: string): Promise<NodeState> {
  const row = (await statement(db, "SELECT applied, report FROM network_node_state WHERE name = ?").get(name)) as
    { applied: string | null; report: string } | undefined;
  if (!row) return { applied: null, report: null };
  return { applied: row.applied ? (JSON.parse(row.applied) as Allowlists) : null, report: JSON.parse(row.report) as NodeReport };
}

/** applied: what the node holds now, null when unknown (after a failed write), "keep" when the pass did not touch it. */
export async function saveNodeState(db: Db, report: NodeReport, applied: Allowlists | null | "keep"): Promise<void> {
  const keep = applied === "keep" ? 1 : 0;
  await statement(
    db,
    `INSERT INTO network_node_state (name, url, applied, report, checked_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET url = excluded.url, applied = CASE WHEN ? THEN network_node_state.applied ELSE excluded.applied END,
       report = excluded.report, checked_at = excluded.checked_at`,
  ).run(report.name, report.url, applied && applied !== "keep" ? JSON.stringify(applied) : null, JSON.stringify(report), report.checkedAt, keep);
}

/** Before a write: a crash mid-way must leave "unknown", not an old record the next pass would call drift. */
export async function forgetApplied(db: Db, name: string): Promise<void> {
  await statement(db, "UPDATE network_node_state SET applied = NULL WHERE name = ?").run(name);
}

export async function nodeReports(db: Db): Promise<NodeReport[]> {
  const rows = (await statement(db, "SELECT report FROM network_node_state ORDER BY name").all()) as { report: string }[];
  return rows.map((r) => JSON.parse(r.report) as NodeReport);
}

export interface ActionRow {
  id: number;
  at: number;
  node: string;
  action: string;
  detail: string;
  outcome: "ok" | "failed";
}

/** At most this many actions are kept: the log is for people, the metrics count the rest. */
const KEPT_ACTIONS = 5000;

export async function recordAction(db: Db, row: Omit<ActionRow, "id">): Promise<void> {
  await statement(db, "INSERT INTO network_actions (at, node, action, detail, outcome) VALUES (?, ?, ?, ?, ?)").run(
    row.at,
    row.node,
    row.action,
    row.detail,
    row.outcome,
  );
  await statement(db, "DELETE FROM network_actions WHERE id <= (SELECT MAX(id) FROM network_actions) - ?").run(KEPT_ACTIONS);
}

export async function recentActions(db: Db, limit: number): Promise<ActionRow[]> {
  return (await statement(db, "SELECT id, at, node, action, detail, outcome FROM network_actions ORDER BY id DESC LIMIT ?").all(
    limit,
  )) as unknown as ActionRow[];
}

const VALIDATORS_KEY = "network_validators" as const;

export async function saveValidatorsReport(db: Db, report: ValidatorsReport): Promise<void> {
  await setMeta(db, VALIDATORS_KEY, JSON.stringify(report));
}

export async function validatorsReport(db: Db): Promise<ValidatorsReport | null> {
  const raw = await getMeta(db, VALIDATORS_KEY);
  return raw ? (JSON.parse(raw) as ValidatorsReport) : null;
}
