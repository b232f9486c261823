import { readFile } from "node:fs/promises";
import { z } from "zod";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "an address: 0x and 40 hex digits")
  .transform((a) => a.toLowerCase());

/** The operator's view of the network: the nodes whose allowlists it keeps, and how validators change. */
const networkFile = z
  .object({
    /** header: validators change by votes in block headers (qbft_proposeValidatorVote); contract: Besu reads validatorSet itself. */
    mode: z.enum(["header", "contract"]).default("header"),
    /** The ValidatorSet contract holding the decided validators; absent: validators are not managed. */
    validatorSet: address.optional(),
    /** False when the nodes run without accounts permissioning (then only node allowlists are kept). */
    accounts: z.boolean().default(true),
    nodes: z
      .array(
        z.object({
          name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lowercase letters, digits and hyphens"),
          rpcUrl: z.url({ protocol: /^https?$/ }),
          validator: z.boolean().default(false),
        }),
      )
      .min(1, "at least one node"),
  })
  .refine((f) => new Set(f.nodes.map((n) => n.name)).size === f.nodes.length, { message: "node names must be unique", path: ["nodes"] });

export type NetworkFile = z.output<typeof networkFile>;
export type NetworkNode = NetworkFile["nodes"][number];

export class NetworkFileError extends Error {}

/** Reads and checks CLUSTER_NETWORK_FILE (the network kit writes one); a bad file names its problem. */
export async function readNetworkFile(path: string): Promise<NetworkFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new NetworkFileError(`The network file ${path} cannot be read as JSON: ${(err as Error).message}`);
  }
  return parseNetworkFile(raw, path);
}

export function parseNetworkFile(raw: unknown, where = "the network file"): NetworkFile {
  const parsed = networkFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new NetworkFileError(`Invalid ${where}: ${problems.join("; ")}`);
  }
  return parsed.data;
}
