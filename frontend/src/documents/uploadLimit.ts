import { api } from "../api/client.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import { useApi } from "../api/useApi.js";

// The largest file a cluster's store takes: the platform's limit (CLUSTER_MAX_UPLOAD_BYTES, in
// /api/status), lowered by the cluster's document-management settings. The API refuses a larger
// upload with 413; the web app refuses it first, from the file's size, before reading a byte.

const DOCUMENT_MANAGEMENT = "document-management";

/** The cluster's upload limit in bytes; undefined until known. Its settings are read by members only (others get the platform's limit). */
export function useUploadLimit(clusterId: number, member: boolean, configVersion = 0): number | undefined {
  const platform = usePlatformStatus().data?.maxUploadBytes;
  const settings = useApi(
    () => (member ? api.serviceSettings(clusterId, DOCUMENT_MANAGEMENT) : Promise.resolve(undefined)),
    `upload-limit-${clusterId}-${member}-${configVersion}`,
  );
  const own = Number(settings.data?.settings.maxUploadBytes);
  if (platform === undefined) return undefined;
  return Number.isSafeInteger(own) && own > 0 ? Math.min(platform, own) : platform;
}

/** Why the cluster will not take `file`, or nothing: its size alone decides, so nothing is read. */
export function fileTooLarge(file: File, maxBytes: number | undefined): string | undefined {
  if (maxBytes === undefined || file.size <= maxBytes) return undefined;
  const exact = (n: number) => new Intl.NumberFormat("en").format(n);
  return `“${file.name}” is ${exact(file.size)} bytes; this cluster stores files up to ${exact(maxBytes)} bytes (${formatBytes(maxBytes)}).`;
}

/** A size for people: 1.5 MB, 800 KB, 512 bytes (1 KB = 1024 bytes, as the settings count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "KB"] : [bytes / (1024 * 1024), "MB"];
  return `${new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}
