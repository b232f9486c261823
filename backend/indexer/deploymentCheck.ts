import type { JsonRpcProvider } from "ethers";
import type { DeploymentRecord } from "../../core/deployment/record.js";

/**
 * What is wrong between a deployment record and the chain at the RPC URL, or null when the chain
 * is the one the record describes: its chain id, its genesis block and code at every recorded
 * contract address. Checked before anything in the index is dropped, so that a foreign node at
 * the RPC URL (another genesis, another network) never costs the index of the real one.
 */
export async function deploymentProblem(provider: JsonRpcProvider, record: DeploymentRecord): Promise<string | null> {
  const contracts = [...Object.entries(record.contracts), ...Object.entries(record.components)];
  const [chainIdHex, genesis, ...codes] = await Promise.all([
    provider.send("eth_chainId", []) as Promise<string>,
    provider.getBlock(0),
    ...contracts.map(([, c]) => provider.getCode(c.address)),
  ]);
  const problems: string[] = [];
  const chainId = Number(BigInt(chainIdHex));
  if (chainId !== record.chainId) problems.push(`the node's chain id is ${chainId}, the record's ${record.chainId}`);
  if (!genesis?.hash) problems.push("the node did not return its genesis block");
  else if (genesis.hash !== record.genesisHash) {
    problems.push(`the node's genesis is ${genesis.hash}, the record's ${record.genesisHash}`);
  }
  const missing = contracts.filter((_, i) => codes[i] === "0x").map(([name, c]) => `${name} (${c.address})`);
  if (problems.length === 0 && missing.length > 0) problems.push(`no code at ${missing.join(", ")}`);
  return problems.length === 0 ? null : `The deployment record does not match the chain: ${problems.join("; ")}`;
}
