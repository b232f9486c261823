import { kuboCid } from "../content/kuboCid.js";
import { manifestBytes, type ServiceManifest } from "./manifest.js";

/** The CID of a manifest's canonical JSON, as the catalog records it and any Kubo node would compute it. */
export function manifestCid(manifest: ServiceManifest): Promise<string> {
  return kuboCid(manifestBytes(manifest));
}
