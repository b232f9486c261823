import { encodeBytes32String, type Signer } from "ethers";
import { SettlementToken__factory } from "../types/typechain/index.js";

/**
 * A settlement token for a local or test platform: an ERC-20 "tokenised deposit" whose
 * issuer (the settlement agent) is `agent`. Production clusters name a real one in their
 * configuration instead.
 */
export async function deploySettlementToken(admin: Signer, agent: string, name = "Cluster Settlement Rouble", symbol = "CSR"): Promise<string> {
  const token = await new SettlementToken__factory(admin).deploy(name, symbol, await admin.getAddress(), agent);
  await token.waitForDeployment();
  return (await token.getAddress()).toLowerCase();
}

/** Issues `amount` (in the token's minor units) to each account, as the agent would against deposits. */
export async function issueDeposits(agent: Signer, token: string, accounts: string[], amount: bigint): Promise<void> {
  const contract = SettlementToken__factory.connect(token, agent);
  for (const account of accounts) {
    await (await contract.issue(account, amount, encodeBytes32String("opening deposit"))).wait();
  }
}
