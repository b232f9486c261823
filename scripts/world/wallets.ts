import { keccak256, parseEther, toUtf8Bytes, Wallet } from "ethers";
import { localAccount } from "../lib/accounts.js";
import type { Call, Sender } from "./sender.js";

/**
 * A world account's key, derived from its label and the seed: the same world gets the same
 * addresses, and no key is stored anywhere. Local and test chains only, like the well-known keys.
 */
export function worldWallet(seed: number, label: string): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`cluster world ${seed} ${label}`)));
}

/** Hardhat's funded accounts #10-#18 pay for the world's senders: #0 is the CDC, the demo uses #1-#9 and #19. */
const FUNDERS = [10, 11, 12, 13, 14, 15, 16, 17, 18];

/**
 * Gives each account its ether, from the funders in turn. Amounts are far above what any sender
 * spends at 1-2 gwei (a member sends a few hundred transactions of ~150k gas at most).
 */
export async function fund(sender: Sender, accounts: { address: string; ether: string }[]): Promise<void> {
  const funders = FUNDERS.map((i) => localAccount(i));
  const calls: Call[] = accounts.map((a, i) => ({
    from: funders[i % funders.length]!,
    to: a.address,
    data: "0x",
    value: parseEther(a.ether),
    shape: "transfer",
  }));
  await sender.send("funding", calls);
}
