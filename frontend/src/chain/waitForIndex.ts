import { api } from "../api/client.js";

const POLL_MS = 300;
const TIMEOUT_MS = 60_000;

/**
 * Resolves once the backend's index has reached `blockNumber`, so pages re-read data that
 * already contains the transaction the person just confirmed.
 */
export async function waitForIndex(blockNumber: number): Promise<boolean> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const status = await api.status();
      if (status.indexedBlock !== null && status.indexedBlock >= blockNumber) return true;
    } catch {
      // A transient API failure: keep polling until the deadline.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}
