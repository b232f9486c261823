import { sharedChain, stopSharedChain } from "./chain.js";

/** Mocha root hooks: one hardhat node for every suite, started first and stopped last. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await sharedChain();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    // Every suite talked to the chain through the strict proxy: anything it refused is a call Besu would refuse too.
    const refused = [...new Set((await sharedChain()).refused)];
    await stopSharedChain();
    if (refused.length > 0) throw new Error(`The suites called methods Besu does not serve: ${refused.join(", ")}`);
  },
};
