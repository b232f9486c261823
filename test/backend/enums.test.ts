// The TypeScript side names each on-chain enum value; the compiler's AST is the source of truth.
// Lists the indexer reads by position must match the Solidity enum member for member; the API's
// lists of names must name exactly the same values (in any order, "none" where the API never shows it).
import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ADMISSION_POLICIES, CLUSTER_STATUSES, FLOW_KINDS, MEMBER_KINDS, MEMBER_ROLES, REPOSITORIES } from "../../core/chain/enums.js";
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, MILESTONE_STATUSES } from "../../backend/indexer/handlers/agreements.js";
import { DOCUMENT_KINDS } from "../../backend/indexer/handlers/documents.js";
import { PROPOSAL_KINDS } from "../../backend/indexer/handlers/governor.js";
import { AGREEMENT_KIND_NAMES, AGREEMENT_STATUS_NAMES } from "../../core/api/schemas/agreements.js";
import { CYCLE_PHASES } from "../../core/api/schemas/clearing.js";
import { DOCUMENT_KIND_NAMES } from "../../core/api/schemas/documents.js";
import { APPLICATION_STATUSES, PROPOSAL_KIND_NAMES } from "../../core/api/schemas/governance.js";

type Node = { nodeType?: string; canonicalName?: string; members?: { name: string }[] } & Record<string, unknown>;

/** Every enum the project's contracts declare, by canonical name, from `hardhat build`'s output. */
function solidityEnums(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const n = node as Node;
    if (n.nodeType === "EnumDefinition" && n.canonicalName && n.members) found.set(n.canonicalName, n.members.map((m) => m.name));
    Object.values(n).forEach(walk);
  };
  const dir = join("artifacts", "build-info");
  // Oldest first, so that where a stale build is still on disk the newest definition wins.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".output.json"))
    .sort((x, y) => statSync(join(dir, x)).mtimeMs - statSync(join(dir, y)).mtimeMs);
  for (const file of files) {
    const output = JSON.parse(readFileSync(join(dir, file), "utf8")) as { output: { sources: Record<string, { ast: unknown }> } };
    for (const [path, source] of Object.entries(output.output.sources)) if (path.includes("contracts/")) walk(source.ast);
  }
  return found;
}

/** API names are the Solidity names with a lower-case start ("RnDCentre" is "rndCentre"): compare without case. */
const same = (names: readonly string[]) => names.map((n) => n.toLowerCase());

describe("on-chain enums: the TypeScript names agree with the compiled contracts", function () {
  const enums = solidityEnums();
  const solidity = (name: string): string[] => {
    const members = enums.get(name);
    if (!members) throw new Error(`no enum ${name} in the build output: run hardhat build`);
    return members;
  };

  const positional: [string, readonly string[]][] = [
    ["IClusterRegistry.Status", CLUSTER_STATUSES],
    ["IClusterRegistry.AdmissionPolicy", ADMISSION_POLICIES],
    ["IServiceCatalog.Repository", REPOSITORIES],
    ["IMembership.MemberKind", MEMBER_KINDS],
    ["IMembership.Role", MEMBER_ROLES],
    ["IMembership.FlowKind", FLOW_KINDS],
    ["IAgreementRegistry.AgreementKind", AGREEMENT_KINDS],
    ["IAgreementRegistry.AgreementStatus", AGREEMENT_STATUSES],
    ["IAgreementRegistry.MilestoneStatus", MILESTONE_STATUSES],
    ["IDocumentRegistry.DocumentKind", DOCUMENT_KINDS],
    ["IClusterGovernor.ProposalKind", PROPOSAL_KINDS],
  ];
  for (const [name, list] of positional) {
    it(`reads ${name} by position, member for member`, function () {
      expect(same(list)).to.deep.equal(same(solidity(name)));
    });
  }

  const named: [string, readonly string[]][] = [
    ["IClearingHouse.CyclePhase", CYCLE_PHASES],
    ["IAgreementRegistry.AgreementKind", AGREEMENT_KIND_NAMES],
    ["IAgreementRegistry.AgreementStatus", AGREEMENT_STATUS_NAMES],
    ["IDocumentRegistry.DocumentKind", DOCUMENT_KIND_NAMES],
    ["IClusterGovernor.ApplicationStatus", APPLICATION_STATUSES],
    ["IClusterGovernor.ProposalKind", PROPOSAL_KIND_NAMES],
  ];
  for (const [name, list] of named) {
    it(`names every value of ${name} in the API`, function () {
      const expected = same(solidity(name));
      const withoutNone = list.includes("none") ? expected : expected.filter((n) => n !== "none");
      expect([...same(list)].sort()).to.deep.equal([...withoutNone].sort());
    });
  }
});
