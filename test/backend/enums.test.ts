// The TypeScript side names each on-chain enum value in one module (core/chain/enums.ts); the
// compiler's AST is the source of truth. Every list must match its Solidity enum member for
// member (the index of a name is its uint8 value), and every enum the project's contracts declare
// must have its list.
import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { COMPONENT_KINDS } from "../../core/chain/componentKinds.js";
import { ON_CHAIN_ENUMS } from "../../core/chain/enums.js";

type Node = { nodeType?: string; canonicalName?: string; name?: string; members?: { name: string }[]; nodes?: Node[]; value?: { value?: string } } & Record<
  string,
  unknown
>;

/** Every enum the compiled contracts (and OpenZeppelin's) declare, by canonical name, from `hardhat build`'s output. */
function solidityEnums(): Map<string, { members: string[]; project: boolean }> {
  const found = new Map<string, { members: string[]; project: boolean }>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
    if (typeof node !== "object" || node === null) return;
    const n = node as Node;
    // The component kinds are string constants of one library: their values, in declaration order.
    if (n.nodeType === "ContractDefinition" && n.name === "ComponentKinds") {
      found.set("ComponentKinds", { members: (n.nodes ?? []).map((c) => c.value?.value ?? ""), project: false });
    }
    if (n.nodeType === "EnumDefinition" && n.canonicalName && n.members) {
      found.set(n.canonicalName, { members: n.members.map((m) => m.name), project: !path.includes("@openzeppelin") });
    }
    Object.values(n).forEach((v) => walk(v, path));
  };
  const dir = join("artifacts", "build-info");
  // Oldest first, so that where a stale build is still on disk the newest definition wins.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".output.json"))
    .sort((x, y) => statSync(join(dir, x)).mtimeMs - statSync(join(dir, y)).mtimeMs);
  for (const file of files) {
    const output = JSON.parse(readFileSync(join(dir, file), "utf8")) as { output: { sources: Record<string, { ast: unknown }> } };
    for (const [path, source] of Object.entries(output.output.sources)) walk(source.ast, path);
  }
  return found;
}

/** API names are the Solidity names with a lower-case start ("RnDCentre" is "rndCentre"): compare without case. */
const same = (names: readonly string[]) => names.map((n) => n.toLowerCase());

describe("on-chain enums: the TypeScript names agree with the compiled contracts", function () {
  const enums = solidityEnums();

  for (const [name, list] of Object.entries(ON_CHAIN_ENUMS)) {
    it(`names ${name} member for member, in order`, function () {
      const solidity = enums.get(name);
      if (!solidity) throw new Error(`no enum ${name} in the build output: run hardhat build`);
      expect(same(list)).to.deep.equal(same(solidity.members));
    });
  }

  it("names the component kinds as contracts/cluster/ComponentKinds.sol declares them", function () {
    expect(enums.get("ComponentKinds")?.members).to.deep.equal([...COMPONENT_KINDS]);
  });

  it("has a list for every enum the project's contracts declare", function () {
    const declared = [...enums].filter(([, e]) => e.project).map(([name]) => name);
    expect(declared.filter((name) => !(name in ON_CHAIN_ENUMS))).to.deep.equal([]);
  });
});
