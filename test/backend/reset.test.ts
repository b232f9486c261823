import { expect } from "chai";
import { join } from "node:path";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import { writeDeployment } from "../../core/node/deploymentFile.js";
import { listClusters } from "../../backend/services/cluster-registration/clusters.js";
import { getMeta } from "../../backend/db/meta.js";
import { createProvider } from "../../core/chain/provider.js";
import { waitUntil } from "../../scripts/lib/processes.js";
import type { Indexer } from "../../backend/indexer/indexer.js";
import { account, startChain, type TestChain } from "./support/chain.js";
import { indexOf, tempDir, type TestIndex } from "./support/index.js";
import { demoSpec } from "./support/world.js";

/** The next "reset" of the indexer (errors while the node is down are expected meanwhile). */
function nextReset(indexer: Indexer): Promise<string> {
  return new Promise((resolve) => indexer.once("reset", resolve));
}

describe("indexer on a chain that was reset or redeployed", function () {
  this.timeout(180_000);
  let chain: TestChain | undefined;
  let index: TestIndex | undefined;

  afterEach(async () => {
    await index?.close();
    await chain?.stop();
    index = undefined;
    chain = undefined;
  });

  it("drops and rebuilds the index when the node restarts with a new genesis and the platform is redeployed", async function () {
    chain = await startChain();
    const recordPath = join(await tempDir(), "deployment.json");
    const record = await deployPlatform(account(0, chain.provider), { recordPath });
    const spec = await demoSpec();
    const first = await createClusterFromSpec(account(0, chain.provider), record, spec);
    // The indexer's own connection: it must outlive the node it first talked to.
    const provider = createProvider(chain.url, { chainId: 31337, pollMs: 50 });
    index = await indexOf(provider, recordPath, { sync: false });
    index.indexer.start();
    await index.indexer.waitFor(first.blockNumber);
    expect((await listClusters(index.db)).rows.map((c) => c.name)).to.deep.equal([spec.name]);
    const oldGenesis = await getMeta(index.db, "genesis_hash");

    const reset = nextReset(index.indexer);
    await chain.stop();
    chain = await startChain(chain.port);
    const redeployed = await deployPlatform(account(0, chain.provider), { recordPath });
    expect(redeployed.genesisHash).not.to.equal(oldGenesis);
    const second = await createClusterFromSpec(account(0, chain.provider), redeployed, { ...spec, name: "Cluster After Reset" });
    await reset;
    await index.indexer.waitFor(second.blockNumber);

    expect((await listClusters(index.db)).rows.map((c) => c.name)).to.deep.equal(["Cluster After Reset"]);
    expect(await getMeta(index.db, "genesis_hash")).to.equal(redeployed.genesisHash);
    await index.close();
    provider.destroy();
  });

  it("rebuilds the index when the deployment record names a new deployment on the same chain", async function () {
    chain = await startChain();
    const recordPath = join(await tempDir(), "deployment.json");
    const cdc = account(0, chain.provider);
    const record = await deployPlatform(cdc, { recordPath });
    const spec = await demoSpec();
    await createClusterFromSpec(cdc, record, { ...spec, name: "On The Old Deployment" });
    index = await indexOf(chain.provider, recordPath);
    expect((await listClusters(index.db)).rows.map((c) => c.name)).to.deep.equal(["On The Old Deployment"]);

    const fresh = await deployPlatform(cdc); // no record: a second, independent platform
    const created = await createClusterFromSpec(cdc, fresh, { ...spec, name: "On The New Deployment" });
    await writeDeployment(recordPath, fresh);
    const reset = nextReset(index.indexer);
    index.indexer.start();
    await reset;
    await index.indexer.waitFor(created.blockNumber);
    await waitUntil("the new deployment to be indexed", async () => (await listClusters(index!.db)).rows.length === 1, 30_000);
    expect((await listClusters(index.db)).rows.map((c) => c.name)).to.deep.equal(["On The New Deployment"]);
  });

  it("waits without indexing while the deployment record belongs to another chain", async function () {
    chain = await startChain();
    const recordPath = join(await tempDir(), "deployment.json");
    const record = await deployPlatform(account(0, chain.provider), { recordPath });
    await writeDeployment(recordPath, { ...record, genesisHash: `0x${"11".repeat(32)}` });
    index = await indexOf(chain.provider, recordPath, { sync: false });
    index.indexer.start();
    await waitUntil("the indexer to wait", async () => index!.indexer.state.phase === "waiting", 30_000);
    expect(index.indexer.state.problem).to.match(/deploy the platform on this chain/);
    expect((await listClusters(index.db)).rows).to.deep.equal([]);
  });
});
