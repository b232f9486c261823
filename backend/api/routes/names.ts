import type { Router } from "express";
import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import { CDC_ROLE } from "../../auth/roles.js";
import type { ApiDeps } from "../deps.js";
import { defineRoute, mount } from "../route.js";
import { accountNames, namesQuery, type accountName } from "../../../core/api/schemas/names.js";

type AccountName = z.infer<typeof accountName>;

export const namesRoute = defineRoute({
  method: "get",
  path: "/api/names",
  tag: "platform",
  summary: "What people call the given accounts: members and applicants by their organisation's name, the CDC, CDOs and the platform's operators by role",
  query: namesQuery,
  response: accountNames,
  access: "public",
  errors: ["bad_request"],
});

const ROLE_WORD = { core: "Core member", participant: "Member" } as const;

/** The platform's own operator accounts, named by what they do. */
export interface OperatorAccounts {
  clearing: string | null;
  permissioning: string | null;
}

/**
 * Names read across the services' tables (members, applications, clusters, role grants) on
 * purpose: one account appears in many of them, and the first that names it wins, from the
 * most telling (an organisation's own name) to the least (a role). Only public facts: the
 * members and applications routes publish the same names.
 */
export async function namesOf(db: Db, addresses: readonly string[], registry: string | null, operators: OperatorAccounts): Promise<AccountName[]> {
  const found = new Map<string, AccountName>();
  const unnamed = () => [...new Set(addresses)].filter((a) => !found.has(a));
  const marks = (n: number) => Array(n).fill("?").join(",");

  let ask = unnamed();
  // A member of several clusters: the newest cluster that is still going names it.
  const members = (await statement(
    db,
    `SELECT m.address, m.name, m.role, c.name AS cluster FROM members m JOIN clusters c ON c.id = m.cluster_id
     WHERE m.address IN (${marks(ask.length)})
     ORDER BY c.status IN ('dissolved', 'rejected'), c.id DESC`,
  ).all(...ask)) as { address: string; name: string; role: "core" | "participant"; cluster: string }[];
  for (const m of members) {
    if (!found.has(m.address)) found.set(m.address, { address: m.address, name: m.name, kind: "member", detail: `${ROLE_WORD[m.role]} of ${m.cluster}` });
  }
  ask = unnamed();
  if (ask.length > 0) {
    const applicants = (await statement(
      db,
      `SELECT a.applicant AS address, a.name, c.name AS cluster FROM applications a JOIN clusters c ON c.id = a.cluster_id
       WHERE a.applicant IN (${marks(ask.length)}) ORDER BY a.submitted_block DESC`,
    ).all(...ask)) as { address: string; name: string; cluster: string }[];
    for (const a of applicants) {
      if (!found.has(a.address)) found.set(a.address, { address: a.address, name: a.name, kind: "applicant", detail: `Applicant to ${a.cluster}` });
    }
  }
  ask = unnamed();
  if (ask.length > 0 && registry) {
    const cdc = (await statement(db, `SELECT account FROM role_grants WHERE contract = ? AND role = ? AND account IN (${marks(ask.length)})`).all(
      registry.toLowerCase(),
      CDC_ROLE,
      ...ask,
    )) as { account: string }[];
    for (const { account } of cdc)
      found.set(account, { address: account, name: "Cluster Development Center", kind: "cdc", detail: "The platform's operator (CDC)" });
  }
  for (const [account, what] of [
    [operators.clearing, "Clearing operator"],
    [operators.permissioning, "Network permissioning operator"],
  ] as const) {
    const a = account?.toLowerCase();
    if (a && addresses.includes(a) && !found.has(a)) found.set(a, { address: a, name: what, kind: "operator", detail: "An account of the platform's backend" });
  }
  ask = unnamed();
  if (ask.length > 0) {
    const cdos = (await statement(db, `SELECT cdo, name FROM clusters WHERE cdo IN (${marks(ask.length)}) AND status <> 'none' ORDER BY id`).all(...ask)) as {
      cdo: string;
      name: string;
    }[];
    // The CDO of several clusters is named by their number, each cluster in the detail.
    for (const a of ask) {
      const of = cdos.filter((c) => c.cdo === a).map((c) => c.name);
      if (of.length === 0) continue;
      const name = of.length === 1 ? `CDO of ${of[0]}` : `CDO of ${of.length} clusters`;
      found.set(a, { address: a, name, kind: "cdo", detail: `The cluster development officer of ${of.join(", ")}` });
    }
  }
  return addresses.flatMap((a, i) => (addresses.indexOf(a) === i && found.has(a) ? [found.get(a)!] : []));
}

export function mountNames(router: Router, deps: ApiDeps): void {
  mount(router, deps, namesRoute, async ({ query, res }) => {
    // Names change only with the chain; a short cache spares a page of many addresses its repeats.
    res.setHeader("Cache-Control", "public, max-age=10");
    const registry = deps.indexer.state.record?.contracts.ClusterRegistry?.address ?? null;
    return { names: await namesOf(deps.db, query.addresses, registry, deps.operators ?? { clearing: null, permissioning: null }) };
  });
}
