import { gasOf, type GasRow } from "./report.js";
import { deployBareClone } from "../../deploy/clone.js";
import { toFactorySpec } from "../../deploy/spec.js";
import { ClusterFactory__factory, ClusterRegistry__factory, Membership__factory, ServiceCatalog__factory } from "../../types/typechain/index.js";
import { BUILT_IN_MANIFESTS } from "../../core/services/catalog/index.js";
import { localAccount } from "../lib/accounts.js";
import type { BenchWorld } from "./world.js";
import { componentKindId } from "../../core/chain/componentKinds.js";
import { governorOf, proposed, Vote } from "../../core/chain/governor.js";
import { keccak256, toUtf8Bytes } from "ethers";

export async function measureGas(world: BenchWorld): Promise<GasRow[]> {
  const { provider, cdc, record, demo } = world;
  const rows: GasRow[] = [];

  let creation = 0n;
  let created = 0;
  let wiring = 0n;
  let seeding = 0n;
  const catalogAddress = record.contracts.ServiceCatalog.address.toLowerCase();
  for (let n = world.deployBlocks[0]; n <= world.deployBlocks[1]; n++) {
    const block = await provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      const gas = (await provider.getTransactionReceipt(tx.hash))!.gasUsed;
      if (tx.to === null) {
        creation += gas;
        created++;
      } else if (tx.to.toLowerCase() === catalogAddress) seeding += gas;
      else wiring += gas;
    }
  }
  rows.push({
    operation: `platform: deploy ${created} contracts`,
    gas: creation,
    note: "catalog, registry, factory and the per-cluster templates (Membership and components)",
  });
  rows.push({ operation: "platform: grant the factory its roles, register the templates", gas: wiring });
  rows.push({ operation: "platform: seed 12 catalog services", gas: seeding });
  rows.push({ operation: "platform deployment, total", gas: creation + wiring + seeding });

  // A cluster through the factory, against the same contract deployed directly.
  const impl = record.contracts.MembershipImpl;
  const implGas = (await provider.getTransactionReceipt(impl.txHash))!.gasUsed;
  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, cdc);
  const serviceIds = await Promise.all(demo.services.map((s) => catalog.serviceIdByName(s)));
  const spec = toFactorySpec(demo, serviceIds);
  await (await registry.registerInitiative("Bench cluster", spec.cdo, spec.params, [])).wait();
  const clusterId = await registry.clusterCount();
  await (await registry.openVoting(clusterId)).wait();
  await (await registry.recordVote(clusterId, true)).wait();
  const bare = await deployBareClone(cdc, impl.address);
  const cloneGas = bare.gasUsed;
  const membership = Membership__factory.connect(bare.address, cdc);
  const initGas = await gasOf(membership.initialize(record.contracts.ClusterRegistry.address, clusterId, spec.founders, spec.partners, spec.links));
  const emptyInit = await (async () => {
    await (await registry.registerInitiative("Empty bench cluster", spec.cdo, spec.params, [])).wait();
    const id = await registry.clusterCount();
    await (await registry.openVoting(id)).wait();
    await (await registry.recordVote(id, true)).wait();
    const r = await deployBareClone(cdc, impl.address);
    return gasOf(Membership__factory.connect(r.address, cdc).initialize(record.contracts.ClusterRegistry.address, id, [], [], []));
  })();
  rows.push({ operation: "Membership deployed directly (creation)", gas: implGas });
  rows.push({ operation: "Membership as an EIP-1167 clone (creation)", gas: cloneGas, note: `${pct(cloneGas, implGas)} of the direct deployment` });
  let templatesGas = implGas;
  for (const component of Object.values(record.components)) templatesGas += (await provider.getTransactionReceipt(component.txHash))!.gasUsed;
  const templates = 1 + Object.keys(record.components).length;
  rows.push({
    operation: `all ${templates} per-cluster contracts as clones (creation)`,
    gas: cloneGas * BigInt(templates),
    note: `${pct(cloneGas * BigInt(templates), templatesGas)} of deploying them directly (${templatesGas.toLocaleString("en-US")})`,
  });
  rows.push({ operation: "initialise an empty Membership", gas: emptyInit });
  rows.push({ operation: "initialise the demo Membership (8 founders, 1 partner, 10 links)", gas: initGas });
  rows.push({
    operation: "empty cluster contracts: clone + init vs direct + init",
    gas: cloneGas + emptyInit,
    note: `${pct(cloneGas + emptyInit, implGas + emptyInit)} of ${implGas + emptyInit}`,
  });
  rows.push({
    operation: "demo cluster contracts: clone + init vs direct + init",
    gas: cloneGas + initGas,
    note: `${pct(cloneGas + initGas, implGas + initGas)} of ${implGas + initGas}`,
  });

  const factory = ClusterFactory__factory.connect(record.contracts.ClusterFactory.address, cdc);
  rows.push({
    operation: "factory.createCluster, demo spec (whole registration + activation)",
    gas: await gasOf(factory.createCluster({ ...spec, name: "Bench demo copy" })),
  });
  rows.push({
    operation: "factory.createCluster, 1 founder, no links",
    gas: await gasOf(factory.createCluster({ ...spec, name: "Bench minimal", founders: spec.founders.slice(0, 1), partners: [], links: [] })),
  });

  // Everyday writes signed by a CDO and the CDC. The CDO admits directly only under the
  // CdoDecision policy, so a copy of the demo cluster admitting that way; the CDC configures a
  // cluster directly only while it is set up (the Forming bench cluster above): an active
  // cluster's configuration is a passed proposal (see governanceGas.ts, execute params/service).
  const cdoIndex = 9;
  const cdo = localAccount(cdoIndex, provider);
  await (await factory.createCluster({ ...spec, name: "Bench CDO-admitting copy", params: { ...spec.params, admissionPolicy: 2 } })).wait();
  const cdoAdmitting = await registry.componentOf(await registry.clusterCount(), componentKindId("Membership"));
  const admittingMembership = Membership__factory.connect(cdoAdmitting, cdo);
  const demoMembership = Membership__factory.connect(world.demoCluster.membership, cdo);
  const newcomer = localAccount(11).address;
  rows.push({
    operation: "Membership.addMember under CdoDecision (seat minted and self-delegated)",
    gas: await gasOf(admittingMembership.addMember(newcomer, { name: "Gomel Composite Materials", kind: 0, registrationCid: "", encryptionKey: "0x" }, 1)),
  });
  rows.push({ operation: "Membership.addLink", gas: await gasOf(demoMembership.addLink(1, 2, 1, true)) });
  rows.push({
    operation: "ClusterRegistry.setSecurityParams (config change while being set up)",
    gas: await gasOf(registry.setSecurityParams(clusterId, { ...spec.params, quorumBps: 5500 })),
  });
  rows.push({
    operation: "ClusterRegistry.setServiceEnabled (config change while being set up)",
    gas: await gasOf(registry.setServiceEnabled(clusterId, await catalog.serviceIdByName("crm"), true)),
  });
  rows.push(...(await serviceGas(world, spec)));
  return rows;
}

/**
 * A cluster with only the system services, against the demo's services, and the cost of
 * enabling each basic or applied service that has a contract. A component is cloned when its
 * service is first enabled: by the factory at creation for the services a cluster starts with,
 * and by the registry for a running cluster when its members' vote enables one (measured as the
 * execution of that vote, against enabling a service without a contract).
 */
async function serviceGas(world: BenchWorld, spec: ReturnType<typeof toFactorySpec>): Promise<GasRow[]> {
  const { cdc, record } = world;
  const registry = ClusterRegistry__factory.connect(record.contracts.ClusterRegistry.address, cdc);
  const catalog = ServiceCatalog__factory.connect(record.contracts.ServiceCatalog.address, cdc);
  const factory = ClusterFactory__factory.connect(record.contracts.ClusterFactory.address, cdc);
  const idOf = (name: string) => catalog.serviceIdByName(name);
  const system = await Promise.all(BUILT_IN_MANIFESTS.filter((m) => m.repository === "system").map((m) => idOf(m.id)));
  // The CDC's own account as the one founder, so the bench can vote in the running cluster.
  const founder = { ...spec.founders[0]!, account: cdc.address };
  const minimal = { ...spec, founders: [founder], partners: [], links: [] };
  const systemOnly = await gasOf(factory.createCluster({ ...minimal, name: "Bench system services only", serviceIds: system }));
  const running = await registry.clusterCount();
  const demoServices = await gasOf(factory.createCluster({ ...minimal, name: "Bench demo services" }));
  const rows: GasRow[] = [
    {
      operation: `factory.createCluster, 1 founder, only the ${system.length} system services`,
      gas: systemOnly,
      note: `${pct(systemOnly, demoServices)} of the demo's services; clones only the Governor besides the Membership`,
    },
    { operation: `factory.createCluster, 1 founder, the demo's ${spec.serviceIds.length} services`, gas: demoServices },
  ];
  await (await registry.registerInitiative("Bench enabling", spec.cdo, spec.params, system)).wait();
  const forming = await registry.clusterCount();
  await (await registry.openVoting(forming)).wait();
  await (await registry.recordVote(forming, true)).wait();
  const governor = await governorOf(record.contracts.ClusterRegistry.address, running, cdc);
  const enableByVote = async (serviceId: bigint, label: string) => {
    const p = await proposed(governor, governor.proposeService(serviceId, true, `Enable ${label}`));
    await (await governor.castVote(p.proposalId, Vote.For)).wait();
    await world.provider.send("evm_increaseTime", [Number(spec.params.votingPeriod) + 1]);
    await world.provider.send("evm_mine", []);
    return gasOf(governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash));
  };
  rows.push({ operation: "execute: enable a service without a contract (crm) in a running cluster", gas: await enableByVote(await idOf("crm"), "crm") });
  for (const m of BUILT_IN_MANIFESTS.filter((m) => m.repository !== "system" && m.component)) {
    const id = await idOf(m.id);
    rows.push({
      operation: `enable ${m.id} (${m.component}) while being set up (cloned at deployment)`,
      gas: await gasOf(registry.setServiceEnabled(forming, id, true)),
    });
    rows.push({ operation: `execute: enable ${m.id} in a running cluster (clones its ${m.component})`, gas: await enableByVote(id, m.id) });
  }
  const documents = await idOf("document-management");
  rows.push({
    operation: "ClusterRegistry.setServiceSettings (settings change while being set up)",
    gas: await gasOf(registry.setServiceSettings(forming, documents, keccak256(toUtf8Bytes("bench settings")))),
  });
  return rows;
}

function pct(part: bigint, whole: bigint): string {
  return `${((Number(part) / Number(whole)) * 100).toFixed(1)}%`;
}
