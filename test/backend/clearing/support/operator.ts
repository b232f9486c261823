import { ZeroHash, type HDNodeWallet } from "ethers";
import { ClearingOperator } from "../../../../backend/operators/clearing/operator.js";
import { createClusterFromSpec } from "../../../../deploy/cluster.js";
import { ClusterRegistry__factory, IClearingHouse__factory, type IClearingHouse } from "../../../../types/typechain/index.js";
import { account } from "../../support/chain.js";
import { threeFoundersSpec, type ComponentApi, type ComponentWorld } from "../../support/components.js";
import { send } from "../../support/world.js";
import { componentKindId } from "../../../../core/chain/componentKinds.js";

/** Hardhat-mnemonic account the operator signs with in these tests (used by no other suite). */
export const OPERATOR_ACCOUNT = 25;

let clusters = 0;

/** A fresh cluster of a, b and c with clearing (cycles of CYCLE_LENGTH, settled in the world's token). */
export async function clearingCluster(cw: ComponentWorld): Promise<{ id: number; clearing: IClearingHouse }> {
  const { world, token } = cw;
  const created = await createClusterFromSpec(
    world.cdc,
    world.record,
    threeFoundersSpec(cw, {
      name: `Operator Test Cluster ${++clusters}`,
      cdo: account(23, world.chain.provider).address,
      services: ["authentication", "member-registration", "corporate-clearing"],
      settlementToken: (await token.getAddress()).toLowerCase(),
    }),
  );
  const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.cdc);
  const clearing = IClearingHouse__factory.connect(await registry.componentOf(created.clusterId, componentKindId("Clearing")), world.cdc);
  return { id: Number(created.clusterId), clearing };
}

/** `debtor` owes `creditor` `amount` in the open cycle (recorded and confirmed); returns its id. */
export async function owe(clearing: IClearingHouse, creditor: HDNodeWallet, debtor: HDNodeWallet, amount: bigint): Promise<number> {
  const due = BigInt(Math.floor(Date.now() / 1000) + 60 * 86_400);
  await send(clearing.connect(creditor).createObligation(debtor.address, amount, due, ZeroHash));
  const id = await clearing.obligationCount();
  await send(clearing.connect(debtor).confirmObligation(id));
  return Number(id);
}

/** The component world's outsider (no member of any cluster), with ether to send transactions. */
export async function fundedOutsider(cw: ComponentWorld): Promise<ComponentWorld["outsider"]> {
  if ((await cw.world.chain.provider.getBalance(cw.outsider.address)) < 10n ** 19n) {
    await (await cw.world.cdc.sendTransaction({ to: cw.outsider.address, value: 10n ** 20n })).wait();
  }
  return cw.outsider;
}

export interface RunningOperator {
  operator: ClearingOperator;
  address: string;
  /** Every line the operator logged. */
  log: string[];
  stop(): Promise<void>;
}

/**
 * The operator on the index of `env`, signing with a funded account of its own; the index
 * follows the chain in the background, as in the backend process.
 */
export async function startOperator(cw: ComponentWorld, env: ComponentApi): Promise<RunningOperator> {
  const wallet = account(OPERATOR_ACCOUNT, cw.world.chain.provider);
  if ((await cw.world.chain.provider.getBalance(wallet.address)) < 10n ** 19n) {
    await (await cw.world.cdc.sendTransaction({ to: wallet.address, value: 10n ** 20n })).wait();
  }
  env.index.indexer.start();
  const log: string[] = [];
  const operator = new ClearingOperator({
    db: env.index.db,
    provider: cw.world.chain.provider,
    indexer: env.index.indexer,
    privateKey: wallet.privateKey,
    pollMs: 100,
    log: (line) => log.push(line),
  });
  operator.start();
  return { operator, address: operator.address, log, stop: () => operator.stop() };
}
