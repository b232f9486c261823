import { sharedChain, stopSharedChain } from "./chain.js";

/** Mocha root hooks: one hardhat node for every suite, started first and stopped last. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await sharedChain();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopSharedChain();
  },
};
