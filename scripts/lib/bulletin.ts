import { join } from "node:path";
import { BIN, startService, waitUntil, type Service } from "./processes.js";

export interface BulletinProcess extends Service {
  url: string;
}

/** Starts the example external service (examples/bulletin) as its own process and waits for its health check. */
export async function startBulletin(opts: {
  platformUrl: string;
  webhookSecret: string;
  port: number;
  dbPath: string;
  logFile: string;
}): Promise<BulletinProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  const service = await startService("bulletin", join(BIN, "tsx"), ["examples/bulletin/service.ts"], {
    logFile: opts.logFile,
    env: {
      BULLETIN_PLATFORM_URL: opts.platformUrl,
      BULLETIN_WEBHOOK_SECRET: opts.webhookSecret,
      BULLETIN_PORT: String(opts.port),
      BULLETIN_BASE_URL: url,
      BULLETIN_DB: opts.dbPath,
    },
  });
  const exited = () => (service.child.exitCode !== null ? `it exited with ${service.child.exitCode} (see ${opts.logFile})` : undefined);
  await waitUntil("the bulletin service", async () => (await fetch(`${url}/health`)).ok, 60_000, exited);
  return { ...service, url };
}
