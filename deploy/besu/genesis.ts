import { encodeQbftExtraData, sortValidators } from "./extraData.js";

/** QBFT's fixed header mixHash ("ctical byzantine fault tolerance"). */
export const QBFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

/** A large block gas limit: gas is free here, so it bounds work per block, not spending. */
export const DEFAULT_GAS_LIMIT = "0x1fffffffffffff";

export interface QbftOptions {
  chainId: number;
  /** Validator addresses (their node keys'): sorted ascending into the extraData. Empty in contract mode. */
  validators: readonly string[];
  blockPeriodSeconds?: number;
  epochLength?: number;
  requestTimeoutSeconds?: number;
  gasLimit?: string;
  /** Contract mode: the validator-set contract's address (its code and storage must be in `alloc`). */
  validatorContract?: string;
  /** Accounts and contracts present from block 0. */
  alloc?: Record<string, { balance: string; code?: string; storage?: Record<string, string> }>;
}

/**
 * A free-gas QBFT genesis (BESU.md): London and Shanghai from block 0 with a zero base fee, the
 * validators in the extraData (header mode) or named by a contract (contract mode).
 */
export function qbftGenesis(o: QbftOptions): Record<string, unknown> {
  if (!Number.isSafeInteger(o.chainId) || o.chainId <= 0) throw new Error(`A chain id is a positive integer, not ${o.chainId}`);
  if (o.validatorContract === undefined && o.validators.length === 0) throw new Error("A QBFT network needs at least one validator");
  if (o.validatorContract !== undefined && o.validators.length !== 0) {
    throw new Error("In contract mode the validators come from the contract: the extraData lists none");
  }
  const qbft: Record<string, unknown> = {
    blockperiodseconds: o.blockPeriodSeconds ?? 2,
    epochlength: o.epochLength ?? 30_000,
    requesttimeoutseconds: o.requestTimeoutSeconds ?? 4,
  };
  if (o.validatorContract !== undefined) qbft.validatorcontractaddress = o.validatorContract.toLowerCase();
  return {
    config: {
      chainId: o.chainId,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      zeroBaseFee: true,
      qbft,
    },
    nonce: "0x0",
    timestamp: "0x0",
    gasLimit: o.gasLimit ?? DEFAULT_GAS_LIMIT,
    difficulty: "0x1",
    mixHash: QBFT_MIX_HASH,
    coinbase: "0x0000000000000000000000000000000000000000",
    alloc: Object.fromEntries(Object.entries(o.alloc ?? {}).map(([address, account]) => [address.toLowerCase().replace(/^0x/, ""), account])),
    extraData: encodeQbftExtraData(sortValidators(o.validators)),
  };
}
