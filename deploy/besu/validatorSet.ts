import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { getAddress, keccak256, toBeHex, zeroPadValue, AbiCoder, type Signer } from "ethers";
import { ValidatorSet__factory } from "../../types/typechain/index.js";
import { decodeQbftExtraData } from "./extraData.js";

/** Where the kit places the validator-set contract in contract mode (any fixed address would do). */
export const VALIDATOR_SET_ADDRESS = "0x0000000000000000000000000000000000001000";

// ValidatorSet.sol's storage layout (its header says never to reorder it).
const ADMIN_SLOT = 0n;
const VALIDATORS_SLOT = 1n;
const POSITIONS_SLOT = 2n;

const word = (value: bigint | string) => zeroPadValue(typeof value === "bigint" ? toBeHex(value) : value, 32);

/**
 * The genesis account of the validator-set contract: its runtime code and the storage its
 * constructor would have written for `admin` and `validators` (order kept: Besu reads the array).
 */
export function validatorSetAlloc(admin: string, validators: readonly string[], runtimeCode: string) {
  if (validators.length === 0) throw new Error("The validator set needs at least one validator");
  const checked = validators.map((v) => getAddress(v));
  const twice = checked.find((v, i) => checked.indexOf(v) !== i);
  if (twice) throw new Error(`Validator ${twice} is listed twice`);
  const storage: Record<string, string> = {
    [word(ADMIN_SLOT)]: word(getAddress(admin)),
    [word(VALIDATORS_SLOT)]: word(BigInt(checked.length)),
  };
  // A dynamic array's elements start at keccak256(its slot); a mapping's entry is at keccak256(key . slot).
  const first = BigInt(keccak256(word(VALIDATORS_SLOT)));
  const coder = AbiCoder.defaultAbiCoder();
  checked.forEach((v, i) => {
    storage[word(first + BigInt(i))] = word(v);
    storage[keccak256(coder.encode(["address", "uint256"], [v, POSITIONS_SLOT]))] = word(BigInt(i + 1));
  });
  return { balance: "0x0", code: runtimeCode, storage };
}

/** The compiled runtime code of ValidatorSet (from the Hardhat build, `hardhat build`). */
export async function validatorSetRuntime(root: string): Promise<string> {
  const path = join(root, "artifacts", "contracts", "network", "ValidatorSet.sol", "ValidatorSet.json");
  const artifact = JSON.parse(await readFile(path, "utf8")) as { deployedBytecode?: string };
  if (!artifact.deployedBytecode || artifact.deployedBytecode === "0x") throw new Error(`No runtime code in ${path}: run the contracts' build first`);
  return artifact.deployedBytecode;
}

/**
 * Header mode's on-chain decision: a ValidatorSet holding the genesis validators (read from its
 * extraData), changed by the deployer's account; the permissioning operator carries its changes
 * out by votes. Its address goes into the operator's network file (written there when given).
 */
export async function deployHeaderModeValidatorSet(signer: Signer, genesisPath: string, networkPath?: string): Promise<string> {
  const genesis = JSON.parse(await readFile(genesisPath, "utf8")) as { extraData?: string; config?: { qbft?: { validatorcontractaddress?: string } } };
  if (genesis.config?.qbft?.validatorcontractaddress) {
    throw new Error(`${genesisPath} is in contract mode: its validator set is the genesis contract at ${genesis.config.qbft.validatorcontractaddress}`);
  }
  const { validators } = decodeQbftExtraData(genesis.extraData ?? "0x");
  if (validators.length === 0) throw new Error(`${genesisPath} lists no validator in its extraData`);
  const set = await new ValidatorSet__factory(signer).deploy(await signer.getAddress(), validators);
  await set.waitForDeployment();
  const address = (await set.getAddress()).toLowerCase();
  if (networkPath) {
    const network = JSON.parse(await readFile(networkPath, "utf8")) as Record<string, unknown>;
    await writeFile(networkPath, `${JSON.stringify({ ...network, validatorSet: address }, null, 2)}\n`);
  }
  return address;
}
