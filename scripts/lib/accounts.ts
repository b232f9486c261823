import { HDNodeWallet, Mnemonic, type Provider } from "ethers";

/** The mnemonic of `hardhat node`'s funded accounts: local and test chains only. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Local account `index` (#0 is the CDC, #9 the demo cluster's CDO), signing locally as on Besu. */
export function localAccount(index: number, provider?: Provider): HDNodeWallet {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return provider ? wallet.connect(provider) : wallet;
}
