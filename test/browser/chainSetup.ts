import type { World } from "./world.js";

// Setup sent outside the browser (not the feature under test), then waited for in the index.

/** The demo cluster's component contracts, as the API names them. */
export async function components(world: World): Promise<{ Documents: string; Agreements: string; Membership: string }> {
  const res = await fetch(`${world.baseUrl}/api/clusters/${world.demo.clusterId}`);
  return ((await res.json()) as { components: { Documents: string; Agreements: string; Membership: string } }).components;
}

/** Sends a transaction as a hardhat account and waits until the backend has indexed it. */
export async function setup(world: World, send: () => Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<void> {
  const receipt = await (await send()).wait();
  await world.indexed(receipt!.blockNumber);
}
