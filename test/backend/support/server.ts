import type { Express } from "express";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig, type Config } from "../../../backend/config.js";
import { storeEnv } from "./store.js";

export interface Served {
  url: string;
  host: string;
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1. */
export function serve(app: Express): Promise<Served> {
  return serveWith(() => app);
}

/**
 * Listens on a free port of 127.0.0.1 and builds the app once its URL is known, so that its
 * configuration can name it (CLUSTER_PUBLIC_URL: sign-in messages must be for it).
 */
export async function serveWith(build: (publicUrl: string) => Express): Promise<Served> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on("request", build(`http://${host}`));
  return {
    url: `http://${host}`,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The session secret of testConfig(): tokens signed with it are accepted by a test app. */
export const TEST_SESSION_SECRET = "test-secret-test-secret-test-secret!";

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    CLUSTER_SESSION_SECRET: TEST_SESSION_SECRET,
    CLUSTER_FRONTEND_DIST: "/nonexistent/frontend",
    // The suite's store: an index file named here lives in PostgreSQL when the suite runs on it.
    ...(overrides.CLUSTER_DB && !overrides.CLUSTER_DATABASE_URL ? storeEnv(overrides.CLUSTER_DB) : {}),
    ...overrides,
  });
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; type: string }> {
  const res = await fetch(url, init);
  const type = res.headers.get("content-type") ?? "";
  const text = await res.text();
  return { status: res.status, type, body: type.includes("json") ? JSON.parse(text) : text };
}
