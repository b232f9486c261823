import type { Signer } from "ethers";
import { REPOSITORIES } from "../core/chain/enums.js";
import type { ServiceManifest } from "../core/services/manifest.js";
import { PlatformClient } from "../sdk/src/client.js";
import { ServiceCatalog__factory } from "../types/typechain/index.js";
import type { DeploymentRecord } from "../core/deployment/record.js";

export interface RegisteredService {
  serviceId: bigint;
  manifestCid: string;
  /** Handed to the service: it verifies its webhooks with it. */
  webhookSecret: string;
}

/**
 * Registers an external service as the CDC: stores its manifest through the platform's API
 * (validated there; the CID is of its canonical JSON), records that CID in the catalog (a new
 * service, or a new version of a registered one), and fetches the service's webhook secret.
 */
export async function registerExternalService(
  cdc: Signer,
  record: DeploymentRecord,
  platformUrl: string,
  manifest: ServiceManifest,
): Promise<RegisteredService> {
  const api = new PlatformClient(platformUrl);
  await api.signIn(cdc, record.chainId);
  const { cid } = await api.request<{ cid: string }>("POST", "/api/services/manifests", manifest);
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, cdc);
  let serviceId = await catalog.serviceIdByName(manifest.id);
  if (serviceId === 0n) {
    await (await catalog.registerService(manifest.id, REPOSITORIES.indexOf(manifest.repository), manifest.version, cid)).wait();
    serviceId = await catalog.serviceIdByName(manifest.id);
  } else if ((await catalog.service(serviceId)).manifestCid !== cid) {
    await (await catalog.publishVersion(serviceId, manifest.version, cid)).wait();
  }
  // The backend reads the catalog from its index: wait until it knows the service before asking for its secret.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { secret } = await api.get<{ secret: string }>(`/api/services/${manifest.id}/webhook-secret`);
      return { serviceId, manifestCid: cid, webhookSecret: secret };
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
