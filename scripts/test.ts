/**
 * Runs every test suite (types, lint, contracts, backend, browser) and ends with one line
 * `N passed, N failed` over all of them. `npm test -- backend` runs only the named suites.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startThrowawayPostgres } from "./lib/postgres.js";
import { BIN, ROOT } from "./lib/processes.js";

interface Suite {
  name: string;
  command: string;
  args: string[];
  /** Starts what the suite needs and gives its environment; the returned stop runs after it. */
  setup?: () => Promise<{ env: NodeJS.ProcessEnv; stop(): Promise<void> }>;
}

/** The backend suite again, on a throwaway PostgreSQL server (Debian's postgresql package). */
async function postgresSetup(): Promise<{ env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  const server = await startThrowawayPostgres();
  console.log(`PostgreSQL for the suite at ${server.url} (data in ${server.dir}, removed afterwards)`);
  return { env: { CLUSTER_TEST_DATABASE_URL: server.url }, stop: server.stop };
}

const MOCHA = join(BIN, "mocha");
const SUITES: Suite[] = [
  { name: "typecheck", command: join(BIN, "tsc"), args: ["--noEmit", "-p", "tsconfig.json"] },
  { name: "typecheck:frontend", command: join(BIN, "tsc"), args: ["--noEmit", "-p", "frontend/tsconfig.json"] },
  // Style is checked, not argued: `npm run format` fixes what these refuse.
  { name: "lint:eslint", command: join(BIN, "eslint"), args: ["--max-warnings", "0", "."] },
  { name: "lint:prettier", command: join(BIN, "prettier"), args: ["--check", "."] },
  { name: "lint:solhint", command: join(BIN, "solhint"), args: ["--max-warnings", "0", "contracts/**/*.sol"] },
  { name: "contracts", command: join(BIN, "hardhat"), args: ["test", "mocha"] },
  { name: "backend", command: MOCHA, args: ["--config", "test/backend/.mocharc.json"] },
  { name: "backend:postgres", command: MOCHA, args: ["--config", "test/backend/.mocharc.json"], setup: postgresSetup },
  { name: "browser", command: MOCHA, args: ["--config", "test/browser/.mocharc.json"] },
];

interface Outcome {
  passed: number;
  failed: number;
  pending: number;
}

function count(output: string, word: string): number {
  const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, "gm"))];
  return matches.reduce((sum, m) => sum + Number(m[1]), 0);
}

async function runSuite(suite: Suite): Promise<Outcome> {
  console.log(`\n━━ ${suite.name} ━━`);
  let setup: Awaited<ReturnType<NonNullable<Suite["setup"]>>> | undefined;
  try {
    setup = await suite.setup?.();
  } catch (err) {
    console.log(`${suite.name} could not start: ${(err as Error).message}`);
    return { passed: 0, failed: 1, pending: 0 };
  }
  try {
    return await runChild(suite, setup?.env ?? {});
  } finally {
    await setup?.stop();
  }
}

async function runChild(suite: Suite, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const child = spawn(suite.command, suite.args, { cwd: ROOT, env: { ...process.env, ...env, FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const tee = (d: Buffer) => {
    output += d;
    process.stdout.write(d);
  };
  child.stdout.on("data", tee);
  child.stderr.on("data", tee);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (suite.name.startsWith("typecheck") || suite.name.startsWith("lint")) return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, pending: 0 };
  const outcome = { passed: count(output, "passing"), failed: count(output, "failing"), pending: count(output, "pending") };
  // A runner that dies before its summary still fails the run.
  if (code !== 0 && outcome.failed === 0) outcome.failed = 1;
  return outcome;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
  if (unknown.length) throw new Error(`Unknown suite(s) ${unknown.join(", ")}; known: ${SUITES.map((s) => s.name).join(", ")}`);
  const selected = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;

  // Types and artifacts are what the suites run against; the browser world builds its own web app.
  const build: Suite = { name: "build:contracts", command: join(BIN, "hardhat"), args: ["build", "--quiet"] };
  if ((await runSuite(build)).failed) throw new Error(`${build.name} failed: no suite can run`);

  const results: [string, Outcome][] = [];
  for (const suite of selected) results.push([suite.name, await runSuite(suite)]);

  console.log("\n━━ summary ━━");
  for (const [name, o] of results) console.log(`${name.padEnd(20)} ${o.passed} passed, ${o.failed} failed${o.pending ? `, ${o.pending} pending` : ""}`);
  const passed = results.reduce((n, [, o]) => n + o.passed, 0);
  const failed = results.reduce((n, [, o]) => n + o.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err: Error) => {
  console.error(err.message);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
