import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// solc comes from the `solc` npm package: Hardhat cannot download compilers here.
const SOLC_VERSION = "0.8.30";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "shanghai",
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
