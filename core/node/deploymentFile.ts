import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { deploymentRecord, type DeploymentRecord } from "../deployment/record.js";

export async function readDeployment(path: string): Promise<DeploymentRecord> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`No deployment record at ${path}: deploy the platform first (${(err as Error).message})`, { cause: err });
  }
  const parsed = deploymentRecord.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Deployment record ${path} is malformed: ${parsed.error.message}`);
  return parsed.data;
}

/** Written to a temporary file and renamed, so a crash never leaves half a record. */
export async function writeDeployment(path: string, record: DeploymentRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + "\n");
  await rename(tmp, path);
}
