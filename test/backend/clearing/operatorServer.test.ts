import { expect } from "chai";
import { Wallet } from "ethers";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { startServer } from "../../../backend/server.js";
import { account } from "../support/chain.js";
import { tempDir } from "../support/index.js";
import { testConfig } from "../support/server.js";
import { platformWorld } from "../support/world.js";
import { OPERATOR_ACCOUNT } from "./support/operator.js";

describe("clearing operator in the backend process", function () {
  it("runs in the backend process when CLUSTER_CLEARING_OPERATOR_KEY is set, and stops with it", async function () {
    const world = await platformWorld();
    const dir = await tempDir();
    // A key of its own, so its transactions can never collide with another operator's nonces.
    const key = account(OPERATOR_ACCOUNT + 1, world.chain.provider).privateKey;
    const lines: string[] = [];
    const env = {
      CLUSTER_RPC_URL: world.chain.url,
      CLUSTER_DEPLOYMENT: world.recordPath,
      CLUSTER_DB: join(dir, "index.sqlite"),
      CLUSTER_API_PORT: "0",
      CLUSTER_IPFS_DIR: join(dir, "ipfs"),
    };
    const running = await startServer(testConfig({ ...env, CLUSTER_CLEARING_OPERATOR_KEY: key }), (line) => lines.push(line));
    try {
      expect(running.operator?.address).to.equal(new Wallet(key).address.toLowerCase());
      expect(lines).to.include(`clearing operator: started, signing as ${running.operator!.address}`);
    } finally {
      await running.stop();
    }
    const off = await startServer(testConfig({ ...env, CLUSTER_DB: join(dir, "off.sqlite") }), () => {});
    expect(off.operator).to.equal(null);
    await off.stop();
    await rm(dir, { recursive: true, force: true });
  });
});
