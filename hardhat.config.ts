import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// solc comes from the `solc` npm package: Hardhat cannot download compilers here.
const SOLC_VERSION = "0.8.30";

/** The pinned solc, offline, for Shanghai, optimised for `runs` calls per deployment. */
function compiler(runs: number) {
  return {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs }, evmVersion: "shanghai" },
  };
}

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    compilers: [compiler(200)],
    overrides: {
      // The governor carries OpenZeppelin's Governor and the cluster's typed proposals and
      // applications: optimised for size (runs 1) it stays under the 24,576-byte code limit.
      // Its hot path (castVote) costs only a few hundred gas more than at runs 200.
      "contracts/governance/ClusterGovernor.sol": compiler(1),
    },
  },
  paths: {
    tests: { mocha: "test/contracts" },
  },
  typechain: { outDir: "types/typechain" },
  networks: {
    hardhat: { type: "edr-simulated", chainType: "l1", hardfork: "shanghai" },
    localhost: { type: "http", chainType: "l1", url: process.env.CLUSTER_RPC_URL ?? "http://127.0.0.1:8545" },
  },
});
