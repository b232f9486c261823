import type { HDNodeWallet, Provider } from "ethers";
import { HARDHAT_MNEMONIC, wellKnownAccount } from "../../core/node/keys.js";

/** The mnemonic of `hardhat node`'s funded accounts: local and test chains only (the backend refuses them elsewhere). */
export { HARDHAT_MNEMONIC };

/** Local account `index` (#0 is the CDC, #9 the demo cluster's CDO), signing locally as on Besu. */
export function localAccount(index: number, provider?: Provider): HDNodeWallet {
  const wallet = wellKnownAccount(index);
  return provider ? wallet.connect(provider) : wallet;
}
