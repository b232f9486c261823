import { expect } from "chai";
import { network } from "hardhat";
import { hexlify, randomBytes } from "ethers";
import { NodeRegistry__factory } from "../../types/typechain/index.js";
import { demoClusterCreated } from "./fixtures.js";
import { completeAfterWindDown, decideByVote, dissolveByVote } from "./dissolution.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture } = networkHelpers;

const Status = { None: 0n, Pending: 1n, Approved: 2n, Rejected: 3n, Removed: 4n } as const;
const Removal = { Withdrawn: 0n, Revoked: 1n, OwnerLeft: 2n } as const;

/** A node's 64-byte public key; its node id is the address of that key. */
function nodeKey(): { publicKey: string; id: string } {
  const publicKey = hexlify(randomBytes(64));
  return { publicKey, id: ethers.getAddress(`0x${ethers.keccak256(publicKey).slice(-40)}`) };
}

async function nodeRegistryDeployed() {
  const world = await demoClusterCreated(connection);
  const nodes = await new NodeRegistry__factory(world.signers.cdc).deploy(world.signers.cdc.address, await world.registry.getAddress());
  return { ...world, nodes };
}

describe("NodeRegistry", function () {
  it("lets a member register its node, the CDC approve it, and the network admit it", async function () {
    const { nodes, clusterId, signers } = await loadFixture(nodeRegistryDeployed);
    const { publicKey, id } = nodeKey();
    await expect(nodes.connect(signers.alice).registerNode(clusterId, publicKey, "10.20.0.11", 30303))
      .to.emit(nodes, "NodeRegistered")
      .withArgs(id, signers.alice.address, clusterId, publicKey, "10.20.0.11", 30303);
    expect(await nodes.isAllowed(id)).to.equal(false);
    await expect(nodes.approveNode(id)).to.emit(nodes, "NodeApproved").withArgs(id);
    expect(await nodes.isAllowed(id)).to.equal(true);
    const node = await nodes.node(id);
    expect([node.owner, node.clusterId, node.status, node.host, node.port, node.publicKey]).to.deep.equal([
      signers.alice.address,
      clusterId,
      Status.Approved,
      "10.20.0.11",
      30303n,
      publicKey,
    ]);
    expect(await nodes.nodeCount()).to.equal(1n);
    expect(await nodes.nodeAt(0)).to.equal(id);
  });

  it("refuses a stranger, an unknown cluster, a bad key, host or port, and a node registered twice", async function () {
    const { nodes, clusterId, signers } = await loadFixture(nodeRegistryDeployed);
    const { publicKey, id } = nodeKey();
    const asAlice = nodes.connect(signers.alice);
    await expect(nodes.connect(signers.stranger).registerNode(clusterId, publicKey, "10.0.0.1", 30303))
      .to.be.revertedWithCustomError(nodes, "NotClusterMember")
      .withArgs(clusterId, signers.stranger.address);
    await expect(asAlice.registerNode(99, publicKey, "10.0.0.1", 30303)).to.be.revertedWithCustomError(nodes, "NotClusterMember");
    await expect(asAlice.registerNode(clusterId, hexlify(randomBytes(65)), "10.0.0.1", 30303)).to.be.revertedWithCustomError(nodes, "InvalidPublicKey");
    for (const host of ["", "node.example", "10.0.0", "10.0.0.1.2", "10.0.0.256", "10.00.0.1", "10.0.0.1:1", "1.2.3.4 ", "10..0.1"]) {
      await expect(asAlice.registerNode(clusterId, publicKey, host, 30303)).to.be.revertedWithCustomError(nodes, "InvalidHost");
    }
    await expect(asAlice.registerNode(clusterId, publicKey, "10.0.0.1", 0)).to.be.revertedWithCustomError(nodes, "InvalidPort");
    await asAlice.registerNode(clusterId, publicKey, "10.0.0.1", 30303);
    await expect(nodes.connect(signers.bob).registerNode(clusterId, publicKey, "10.0.0.2", 30303))
      .to.be.revertedWithCustomError(nodes, "NodeExists")
      .withArgs(id);
    expect(await nodes.nodeCount()).to.equal(1n);
  });

  it("keeps approval, rejection, revocation and accounts to the CDC, and withdrawal to the owner", async function () {
    const { nodes, clusterId, signers } = await loadFixture(nodeRegistryDeployed);
    const { publicKey, id } = nodeKey();
    await nodes.connect(signers.alice).registerNode(clusterId, publicKey, "10.0.0.1", 30303);
    for (const call of [
      nodes.connect(signers.alice).approveNode(id),
      nodes.connect(signers.cdo).rejectNode(id, "no"),
      nodes.connect(signers.alice).revokeNode(id),
      nodes.connect(signers.alice).grantAccount(signers.stranger.address),
      nodes.connect(signers.alice).revokeAccount(signers.stranger.address),
      nodes.connect(signers.alice).addInfrastructureNode(nodeKey().publicKey, "10.0.0.4", 30303),
      nodes.connect(signers.alice).transferAdmin(signers.alice.address),
    ]) {
      await expect(call).to.be.revertedWithCustomError(nodes, "NotAdmin");
    }
    await expect(nodes.connect(signers.bob).withdrawNode(id)).to.be.revertedWithCustomError(nodes, "NotNodeOwner").withArgs(id, signers.bob.address);
    await expect(nodes.revokeNode(id)).to.be.revertedWithCustomError(nodes, "WrongNodeStatus").withArgs(id, Status.Pending);
    await expect(nodes.rejectNode(id, "unknown operator")).to.emit(nodes, "NodeRejected").withArgs(id, "unknown operator");
    await expect(nodes.approveNode(id)).to.be.revertedWithCustomError(nodes, "WrongNodeStatus").withArgs(id, Status.Rejected);
    // A rejected node may come back, under the same id.
    await nodes.connect(signers.alice).registerNode(clusterId, publicKey, "10.0.0.3", 30304);
    await nodes.approveNode(id);
    await expect(nodes.revokeNode(id)).to.emit(nodes, "NodeRemoved").withArgs(id, Removal.Revoked);
    expect(await nodes.isAllowed(id)).to.equal(false);
    await nodes.connect(signers.alice).registerNode(clusterId, publicKey, "10.0.0.3", 30304);
    await expect(nodes.connect(signers.alice).withdrawNode(id)).to.emit(nodes, "NodeRemoved").withArgs(id, Removal.Withdrawn);
    await expect(nodes.connect(signers.alice).withdrawNode(id)).to.be.revertedWithCustomError(nodes, "WrongNodeStatus");
    expect(await nodes.nodeCount()).to.equal(1n);
  });

  it("admits the CDC's infrastructure nodes at once and keeps them whatever happens to clusters", async function () {
    const { nodes } = await loadFixture(nodeRegistryDeployed);
    const { publicKey, id } = nodeKey();
    const tx = nodes.addInfrastructureNode(publicKey, "10.0.0.5", 30303);
    await expect(tx).to.emit(nodes, "NodeRegistered");
    await expect(tx).to.emit(nodes, "NodeApproved").withArgs(id);
    expect(await nodes.isAllowed(id)).to.equal(true);
    await expect(nodes.pruneNode(id)).to.be.revertedWithCustomError(nodes, "OwnerStillMember").withArgs(id);
  });

  it("stops admitting an expelled member's node at once, and anyone may then prune it", async function () {
    const world = await loadFixture(nodeRegistryDeployed);
    const { nodes, clusterId, signers } = world;
    const { publicKey, id } = nodeKey();
    await nodes.connect(signers.dave).registerNode(clusterId, publicKey, "10.0.0.6", 30303);
    await nodes.approveNode(id);
    await expect(nodes.pruneNode(id)).to.be.revertedWithCustomError(nodes, "OwnerStillMember");
    await decideByVote(world, clusterId, (g) => g.proposeExpulsion(signers.dave.address, "Expel Cargo Services"));
    expect(await nodes.isAllowed(id)).to.equal(false);
    await expect(nodes.connect(signers.stranger).pruneNode(id)).to.emit(nodes, "NodeRemoved").withArgs(id, Removal.OwnerLeft);
    await expect(nodes.pruneNode(id)).to.be.revertedWithCustomError(nodes, "WrongNodeStatus").withArgs(id, Status.Removed);
    await expect(nodes.pruneNode(nodeKey().id)).to.be.revertedWithCustomError(nodes, "WrongNodeStatus");
  });

  it("keeps nodes through the wind-down and drops them when the cluster is dissolved; a pending one cannot be approved then", async function () {
    const world = await loadFixture(nodeRegistryDeployed);
    const { nodes, clusterId, signers } = world;
    const [approved, pending] = [nodeKey(), nodeKey()];
    await nodes.connect(signers.alice).registerNode(clusterId, approved.publicKey, "10.0.0.7", 30303);
    await nodes.approveNode(approved.id);
    await nodes.connect(signers.bob).registerNode(clusterId, pending.publicKey, "10.0.0.8", 30303);
    await dissolveByVote(world, clusterId);
    expect(await nodes.isAllowed(approved.id)).to.equal(true);
    await expect(nodes.connect(signers.carol).registerNode(clusterId, nodeKey().publicKey, "10.0.0.9", 30303)).to.be.revertedWithCustomError(
      nodes,
      "NotClusterMember",
    );
    await completeAfterWindDown(world, clusterId);
    expect(await nodes.isAllowed(approved.id)).to.equal(false);
    await expect(nodes.approveNode(pending.id)).to.be.revertedWithCustomError(nodes, "NotClusterMember").withArgs(clusterId, signers.bob.address);
    await nodes.pruneNode(pending.id);
    expect((await nodes.node(pending.id)).status).to.equal(Status.Removed);
  });

  it("admits non-member accounts the CDC grants, once each", async function () {
    const { nodes, signers } = await loadFixture(nodeRegistryDeployed);
    const account = signers.stranger.address;
    await expect(nodes.grantAccount(account)).to.emit(nodes, "AccountGranted").withArgs(account);
    expect(await nodes.isGranted(account)).to.equal(true);
    await expect(nodes.grantAccount(account)).to.be.revertedWithCustomError(nodes, "AlreadyGranted").withArgs(account);
    await expect(nodes.grantAccount(ethers.ZeroAddress)).to.be.revertedWithCustomError(nodes, "ZeroAddress");
    await expect(nodes.revokeAccount(account)).to.emit(nodes, "AccountRevoked").withArgs(account);
    await expect(nodes.revokeAccount(account)).to.be.revertedWithCustomError(nodes, "NotGranted").withArgs(account);
  });

  it("hands over its admin role", async function () {
    const { nodes, signers } = await loadFixture(nodeRegistryDeployed);
    await expect(nodes.transferAdmin(ethers.ZeroAddress)).to.be.revertedWithCustomError(nodes, "ZeroAddress");
    await expect(nodes.transferAdmin(signers.cdo.address)).to.emit(nodes, "AdminTransferred").withArgs(signers.cdc.address, signers.cdo.address);
    expect(await nodes.admin()).to.equal(signers.cdo.address);
    await expect(nodes.grantAccount(signers.stranger.address)).to.be.revertedWithCustomError(nodes, "NotAdmin");
  });
});
