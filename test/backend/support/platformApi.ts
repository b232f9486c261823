import { createApp } from "../../../backend/api/app.js";
import { indexOf, type TestIndex } from "./index.js";
import { serveWith, testConfig, type Served } from "./server.js";
import { platformWorld, type PlatformWorld } from "./world.js";

export interface PlatformApi {
  world: PlatformWorld;
  index: TestIndex;
  served: Served;
  /** Base URL of the API, e.g. http://127.0.0.1:PORT/api. */
  api: string;
}

/**
 * Registers, in the calling describe(), hooks that build the shared platform world, index it
 * to its last block and serve the API over it; `current()` gives them to the tests.
 */
export function usePlatformApi(): { current(): PlatformApi } {
  let state: PlatformApi | undefined;
  let index: TestIndex | undefined;
  let served: Served | undefined;
  before(async function () {
    const world = await platformWorld();
    index = await indexOf(world.chain.provider, world.recordPath);
    const db = index.db;
    const indexer = index.indexer;
    served = await serveWith((url) => createApp({ db, config: testConfig({ CLUSTER_PUBLIC_URL: url }), indexer, log: () => {} }));
    state = { world, index, served, api: `${served.url}/api` };
  });
  after(async () => {
    await served?.close();
    await index?.close();
  });
  return {
    current() {
      if (!state) throw new Error("The platform API has not started: use it inside a test");
      return state;
    },
  };
}
