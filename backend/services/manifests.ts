import { BUILT_IN_MANIFESTS } from "../../core/services/catalog/index.js";
import { manifestBytes, serviceManifest, type ServiceManifest } from "../../core/services/manifest.js";
import { manifestCid } from "../../core/services/manifestCid.js";
import type { ContentStore } from "../storage/contentStore.js";

/** Manifests above this size are not read from the store (a catalog entry pointing at a large file). */
const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * The manifests behind the catalog's CIDs. Content under a CID never changes, so each is read
 * once: first among the built-in manifests (the platform computes their CIDs itself), then from
 * the content store, whose reads are verified against the CID block by block. A CID whose bytes
 * are missing or are not a valid manifest resolves to null (the catalog still lists the service).
 */
export class ManifestLibrary {
  private builtIn?: Promise<Map<string, ServiceManifest>>;
  private readonly resolved = new Map<string, Promise<ServiceManifest | null>>();

  constructor(private readonly store?: ContentStore) {}

  private builtIns(): Promise<Map<string, ServiceManifest>> {
    return (this.builtIn ??= Promise.all(BUILT_IN_MANIFESTS.map(async (m) => [await manifestCid(m), m] as const)).then((pairs) => new Map(pairs)));
  }

  /** The manifest stored under `cid`, or null when it cannot be read or does not validate. */
  manifest(cid: string): Promise<ServiceManifest | null> {
    let found = this.resolved.get(cid);
    if (!found) {
      found = this.read(cid);
      this.resolved.set(cid, found);
      // A store that was down must not pin a null forever.
      void found.then((m) => m === null && this.resolved.delete(cid));
    }
    return found;
  }

  private async read(cid: string): Promise<ServiceManifest | null> {
    const builtIn = (await this.builtIns()).get(cid);
    if (builtIn) return builtIn;
    if (!this.store) return null;
    try {
      const { size } = await this.store.stat(cid);
      if (size > MAX_MANIFEST_BYTES) return null;
      const chunks: Uint8Array[] = [];
      for await (const chunk of this.store.cat(cid)) chunks.push(chunk);
      const parsed = serviceManifest.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Puts the built-in manifests into the store, so their CIDs resolve wherever the store is read (Kubo too). */
  async publishBuiltIns(): Promise<void> {
    if (!this.store) return;
    for (const [cid, manifest] of await this.builtIns()) {
      // Content under a CID never changes: what an earlier start stored is not written again.
      if (await this.store.has(cid)) continue;
      const added = await this.store.add(manifestBytes(manifest));
      if (added.cid !== cid) throw new Error(`The content store gave ${added.cid} for the manifest of ${manifest.id}, not ${cid}`);
    }
  }
}
