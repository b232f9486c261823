import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { DocumentRegistry__factory, type DocumentRegistry } from "../../types/typechain/index.js";
import { deployBareClone } from "../../deploy/clone.js";
import { MEMBERSHIP, Status } from "./encodings.js";
import { completeAfterWindDown, dissolveByVote } from "./dissolution.js";
import { defaultParams } from "./fixtures.js";
import {
  DOCUMENTS,
  DOCUMENT_SIGNATURE_TYPES,
  DocumentKind,
  DocumentStatus,
  SignerStatus,
  documentsClusterCreated,
  serviceSetByVote,
  signingDomain,
} from "./fixturesDocuments.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** A CID digest and plaintext hash standing for a file called `label`. */
function file(label: string) {
  return { cid: ethers.sha256(ethers.toUtf8Bytes(`cid:${label}`)), hash: ethers.sha256(ethers.toUtf8Bytes(`plain:${label}`)) };
}

/** The file of the fixture's contract (document 1). */
const CONTRACT = file("supply contract");

async function signatureOf(signer: HardhatEthersSigner, documents: DocumentRegistry, documentId: bigint, f = CONTRACT) {
  return signer.signTypedData(await signingDomain(documents), DOCUMENT_SIGNATURE_TYPES, { documentId, cidDigest: f.cid, contentHash: f.hash });
}

/** The demo cluster with one contract (id 1) anchored by Alice, Bob and Carol named to sign it, Dave to read it. */
async function contractAnchored(connection: Parameters<typeof documentsClusterCreated>[0]) {
  const world = await documentsClusterCreated(connection);
  const { alice, bob, carol, dave } = world.signers;
  const f = CONTRACT;
  await world.documents.connect(alice).anchor(f.cid, f.hash, DocumentKind.Contract, "Supply contract", 0, [bob.address, carol.address], [dave.address]);
  return { ...world, contractId: 1n, contractFile: f };
}

describe("DocumentRegistry", function () {
  describe("initialisation", function () {
    it("is cloned for every new cluster and knows its registry, cluster, Membership and service", async function () {
      const { documents, registry, clusterId, membership, services } = await loadFixture(documentsClusterCreated);
      expect(await documents.registry()).to.equal(await registry.getAddress());
      expect(await documents.clusterId()).to.equal(clusterId);
      expect(await documents.membership()).to.equal(await membership.getAddress());
      expect(await documents.serviceId()).to.equal(services.documents);
      expect(await documents.documentCount()).to.equal(0n);
      const domain = await documents.eip712Domain();
      expect([domain.name, domain.version, domain.verifyingContract]).to.deep.equal(["Cluster Documents", "1", await documents.getAddress()]);
    });

    it("cannot be initialised a second time, nor can the implementation be initialised", async function () {
      const { documents, documentsImpl, registry, clusterId } = await loadFixture(documentsClusterCreated);
      await expect(documents.initialize(await registry.getAddress(), clusterId)).to.be.revertedWithCustomError(documents, "InvalidInitialization");
      await expect(documentsImpl.initialize(await registry.getAddress(), clusterId)).to.be.revertedWithCustomError(documentsImpl, "InvalidInitialization");
    });

    it("refuses a zero or foreign registry and a cluster without a Membership", async function () {
      const { documentsImpl, registry, signers } = await loadFixture(documentsClusterCreated);
      const clone = DocumentRegistry__factory.connect((await deployBareClone(signers.stranger, await documentsImpl.getAddress())).address, signers.stranger);
      await expect(clone.initialize(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(clone, "ZeroRegistry");
      await expect(clone.initialize(signers.stranger.address, 1n))
        .to.be.revertedWithCustomError(clone, "ForeignRegistry")
        .withArgs(signers.stranger.address, await registry.getAddress());
      await registry.registerInitiative("Bare initiative", signers.cdo.address, defaultParams, []);
      const bare = await registry.clusterCount();
      await expect(clone.initialize(await registry.getAddress(), bare))
        .to.be.revertedWithCustomError(clone, "MembershipMissing")
        .withArgs(bare);
    });
  });

  describe("anchoring", function () {
    it("anchors a member's document and announces its CID, hash, kind, title, signers and recipients", async function () {
      const { documents, signers } = await loadFixture(documentsClusterCreated);
      const { alice, bob, carol, dave } = signers;
      const f = file("annual report");
      const tx = documents.connect(alice).anchor(f.cid, f.hash, DocumentKind.Report, "Annual report 2025", 0, [bob.address], [carol.address, dave.address]);
      await expect(tx)
        .to.emit(documents, "DocumentAnchored")
        .withArgs(1n, alice.address, f.cid, f.hash, DocumentKind.Report, 0n, "Annual report 2025", [bob.address], [carol.address, dave.address]);
      const block = await ethers.provider.getBlock((await (await tx).wait())!.blockNumber);
      const d = await documents.document(1n);
      expect([d.author, d.anchoredAt, d.kind, d.status, d.pendingSignatures]).to.deep.equal([
        alice.address,
        BigInt(block!.timestamp),
        DocumentKind.Report,
        DocumentStatus.Active,
        1n,
      ]);
      expect(await documents.signerStatus(1n, bob.address)).to.equal(SignerStatus.Pending);
      expect(await documents.signerStatus(1n, carol.address)).to.equal(SignerStatus.None);
    });

    it("numbers documents from 1 in anchoring order", async function () {
      const { documents, signers } = await loadFixture(documentsClusterCreated);
      for (const [i, who] of [signers.alice, signers.bob, signers.erin].entries()) {
        const f = file(`doc ${i}`);
        await expect(documents.connect(who).anchor(f.cid, f.hash, DocumentKind.Other, "", 0, [], []))
          .to.emit(documents, "DocumentAnchored")
          .withArgs(BigInt(i + 1), who.address, f.cid, f.hash, DocumentKind.Other, 0n, "", [], []);
      }
      expect(await documents.documentCount()).to.equal(3n);
    });

    it("refuses an account that is not a member", async function () {
      const { documents, signers } = await loadFixture(documentsClusterCreated);
      const f = file("outsider");
      await expect(documents.connect(signers.stranger).anchor(f.cid, f.hash, DocumentKind.Other, "x", 0, [], []))
        .to.be.revertedWithCustomError(documents, "NotMember")
        .withArgs(signers.stranger.address);
    });

    it("refuses an empty CID digest or content hash", async function () {
      const { documents } = await loadFixture(documentsClusterCreated);
      const f = file("x");
      await expect(documents.anchor(ethers.ZeroHash, f.hash, DocumentKind.Other, "x", 0, [], []))
        .to.be.revertedWithCustomError(documents, "EmptyField")
        .withArgs("cidDigest");
      await expect(documents.anchor(f.cid, ethers.ZeroHash, DocumentKind.Other, "x", 0, [], []))
        .to.be.revertedWithCustomError(documents, "EmptyField")
        .withArgs("contentHash");
    });

    it("refuses a zero signer, a signer named twice and more than 64 signers", async function () {
      const { documents, signers } = await loadFixture(documentsClusterCreated);
      const f = file("x");
      await expect(documents.anchor(f.cid, f.hash, DocumentKind.Contract, "x", 0, [ethers.ZeroAddress], [])).to.be.revertedWithCustomError(
        documents,
        "ZeroSigner",
      );
      await expect(documents.anchor(f.cid, f.hash, DocumentKind.Contract, "x", 0, [signers.bob.address, signers.bob.address], []))
        .to.be.revertedWithCustomError(documents, "DuplicateSigner")
        .withArgs(signers.bob.address);
      const many = Array.from({ length: 65 }, (_, i) => ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(i + 1), 20)));
      await expect(documents.anchor(f.cid, f.hash, DocumentKind.Contract, "x", 0, many, []))
        .to.be.revertedWithCustomError(documents, "TooManySigners")
        .withArgs(65n, 64n);
    });
  });

  describe("signing", function () {
    it("records each named signer once and announces when the last one has signed", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const { bob, carol } = signers;
      await expect(documents.connect(bob).sign(contractId, CONTRACT.cid, CONTRACT.hash))
        .to.emit(documents, "DocumentSigned")
        .withArgs(contractId, bob.address);
      expect((await documents.document(contractId)).pendingSignatures).to.equal(1n);
      expect(await documents.signerStatus(contractId, bob.address)).to.equal(SignerStatus.Signed);

      const last = documents.connect(carol).sign(contractId, CONTRACT.cid, CONTRACT.hash);
      await expect(last).to.emit(documents, "DocumentSigned").withArgs(contractId, carol.address);
      await expect(last).to.emit(documents, "DocumentFullySigned").withArgs(contractId);
      expect((await documents.document(contractId)).pendingSignatures).to.equal(0n);
    });

    it("lets the author sign its own document without being named", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const tx = documents.connect(signers.alice).sign(contractId, CONTRACT.cid, CONTRACT.hash);
      await expect(tx).to.emit(documents, "DocumentSigned").withArgs(contractId, signers.alice.address);
      await expect(tx).not.to.emit(documents, "DocumentFullySigned");
      expect(await documents.signerStatus(contractId, signers.alice.address)).to.equal(SignerStatus.Signed);
      expect((await documents.document(contractId)).pendingSignatures).to.equal(2n);
    });

    it("refuses a signer who was not named, member or not", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      for (const who of [signers.dave, signers.stranger]) {
        await expect(documents.connect(who).sign(contractId, CONTRACT.cid, CONTRACT.hash))
          .to.be.revertedWithCustomError(documents, "NotSigner")
          .withArgs(contractId, who.address);
      }
    });

    it("refuses a second signature by the same signer", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      await documents.connect(signers.bob).sign(contractId, CONTRACT.cid, CONTRACT.hash);
      await expect(documents.connect(signers.bob).sign(contractId, CONTRACT.cid, CONTRACT.hash))
        .to.be.revertedWithCustomError(documents, "AlreadySigned")
        .withArgs(contractId, signers.bob.address);
      await documents.connect(signers.alice).sign(contractId, CONTRACT.cid, CONTRACT.hash);
      await expect(documents.connect(signers.alice).sign(contractId, CONTRACT.cid, CONTRACT.hash))
        .to.be.revertedWithCustomError(documents, "AlreadySigned")
        .withArgs(contractId, signers.alice.address);
    });

    it("records a signer's EIP-712 signature submitted by anyone", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const signature = await signatureOf(signers.bob, documents, contractId);
      await expect(documents.connect(signers.stranger).signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, signature))
        .to.emit(documents, "DocumentSigned")
        .withArgs(contractId, signers.bob.address);
      expect(await documents.signerStatus(contractId, signers.bob.address)).to.equal(SignerStatus.Signed);
    });

    it("publishes the digest a wallet signs", async function () {
      const { documents, contractId } = await loadFixture(contractAnchored);
      const expected = ethers.TypedDataEncoder.hash(await signingDomain(documents), DOCUMENT_SIGNATURE_TYPES, {
        documentId: contractId,
        cidDigest: CONTRACT.cid,
        contentHash: CONTRACT.hash,
      });
      expect(await documents.signatureDigest(contractId, CONTRACT.cid, CONTRACT.hash)).to.equal(expected);
      const abiCoder = ethers.AbiCoder.defaultAbiCoder();
      const content = ethers.keccak256(abiCoder.encode(["bytes32", "bytes32"], [CONTRACT.cid, CONTRACT.hash]));
      expect(await documents.contentDigest(CONTRACT.cid, CONTRACT.hash)).to.equal(content);
      expect((await documents.document(contractId)).content).to.equal(content);
    });

    it("refuses a replayed signature", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const signature = await signatureOf(signers.bob, documents, contractId);
      await documents.connect(signers.stranger).signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, signature);
      await expect(documents.connect(signers.dave).signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, signature))
        .to.be.revertedWithCustomError(documents, "AlreadySigned")
        .withArgs(contractId, signers.bob.address);
    });

    it("refuses a signature made by someone other than the signer it claims", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const byCarol = await signatureOf(signers.carol, documents, contractId);
      await expect(documents.signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, byCarol))
        .to.be.revertedWithCustomError(documents, "InvalidSignature")
        .withArgs(contractId, signers.bob.address);
      await expect(documents.signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, "0x1234"))
        .to.be.revertedWithCustomError(documents, "InvalidSignature")
        .withArgs(contractId, signers.bob.address);
    });

    it("refuses a signature made for another document or another contract's domain", async function () {
      const { documents, agreements, signers, contractId } = await loadFixture(contractAnchored);
      const f = file("second");
      await documents.anchor(f.cid, f.hash, DocumentKind.Contract, "Second", 0, [signers.bob.address], []);
      const forSecond = await signatureOf(signers.bob, documents, 2n, f);
      await expect(documents.signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, forSecond))
        .to.be.revertedWithCustomError(documents, "InvalidSignature")
        .withArgs(contractId, signers.bob.address);
      const elsewhere = await signers.bob.signTypedData(
        { ...(await signingDomain(documents)), verifyingContract: await agreements.getAddress() },
        DOCUMENT_SIGNATURE_TYPES,
        { documentId: contractId, cidDigest: CONTRACT.cid, contentHash: CONTRACT.hash },
      );
      await expect(documents.signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.bob.address, elsewhere))
        .to.be.revertedWithCustomError(documents, "InvalidSignature")
        .withArgs(contractId, signers.bob.address);
    });

    it("refuses a direct signature naming other content than the document anchors", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const other = file("other terms");
      const anchored = await documents.contentDigest(CONTRACT.cid, CONTRACT.hash);
      for (const [cid, hash] of [
        [other.cid, CONTRACT.hash],
        [CONTRACT.cid, other.hash],
      ]) {
        await expect(documents.connect(signers.bob).sign(contractId, cid, hash))
          .to.be.revertedWithCustomError(documents, "ContentMismatch")
          .withArgs(contractId, anchored, await documents.contentDigest(cid, hash));
      }
      expect(await documents.signerStatus(contractId, signers.bob.address)).to.equal(SignerStatus.Pending);
    });

    it("refuses a signature prepared for an id before anchoring when other content is anchored under that id (front-running)", async function () {
      const { documents, signers } = await loadFixture(contractAnchored);
      const { bob, carol } = signers;
      // Bob signs, ahead of time, Alice's next document (id 2) as the terms they agreed.
      const agreed = file("agreed terms");
      const nextId = (await documents.documentCount()) + 1n;
      const prepared = await signatureOf(bob, documents, nextId, agreed);
      // Carol sees it and gets other content anchored as id 2 first, naming Bob as signer.
      const swapped = file("swapped terms");
      await documents.connect(carol).anchor(swapped.cid, swapped.hash, DocumentKind.Contract, "Agreed terms", 0, [bob.address], []);
      expect(await documents.documentCount()).to.equal(nextId);
      await expect(documents.connect(carol).signBySig(nextId, agreed.cid, agreed.hash, bob.address, prepared))
        .to.be.revertedWithCustomError(documents, "ContentMismatch")
        .withArgs(nextId, await documents.contentDigest(swapped.cid, swapped.hash), await documents.contentDigest(agreed.cid, agreed.hash));
      // Claiming the swapped content with the prepared signature fails the signature check.
      await expect(documents.connect(carol).signBySig(nextId, swapped.cid, swapped.hash, bob.address, prepared))
        .to.be.revertedWithCustomError(documents, "InvalidSignature")
        .withArgs(nextId, bob.address);
      expect(await documents.signerStatus(nextId, bob.address)).to.equal(SignerStatus.Pending);
    });

    it("refuses to sign an unknown, revoked or superseded document", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      await expect(documents.connect(signers.bob).sign(99n, CONTRACT.cid, CONTRACT.hash))
        .to.be.revertedWithCustomError(documents, "UnknownDocument")
        .withArgs(99n);
      const f = file("v2");
      await documents.connect(signers.alice).anchor(f.cid, f.hash, DocumentKind.Contract, "v2", contractId, [signers.bob.address], []);
      await expect(documents.connect(signers.bob).sign(contractId, CONTRACT.cid, CONTRACT.hash))
        .to.be.revertedWithCustomError(documents, "DocumentNotActive")
        .withArgs(contractId, DocumentStatus.Superseded);
      await documents.connect(signers.alice).revoke(2n);
      await expect(documents.connect(signers.bob).sign(2n, f.cid, f.hash))
        .to.be.revertedWithCustomError(documents, "DocumentNotActive")
        .withArgs(2n, DocumentStatus.Revoked);
    });
  });

  describe("revoking and superseding", function () {
    it("lets the author revoke an active document, keeping the signatures given", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      await documents.connect(signers.bob).sign(contractId, CONTRACT.cid, CONTRACT.hash);
      await expect(documents.connect(signers.alice).revoke(contractId)).to.emit(documents, "DocumentRevoked").withArgs(contractId, signers.alice.address);
      expect((await documents.document(contractId)).status).to.equal(DocumentStatus.Revoked);
      expect(await documents.signerStatus(contractId, signers.bob.address)).to.equal(SignerStatus.Signed);
    });

    it("refuses revocation by anyone but the author", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      await expect(documents.connect(signers.bob).revoke(contractId))
        .to.be.revertedWithCustomError(documents, "NotAuthor")
        .withArgs(contractId, signers.bob.address);
    });

    it("refuses revoking an unknown or already revoked document", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      await expect(documents.revoke(7n)).to.be.revertedWithCustomError(documents, "UnknownDocument").withArgs(7n);
      await documents.connect(signers.alice).revoke(contractId);
      await expect(documents.connect(signers.alice).revoke(contractId))
        .to.be.revertedWithCustomError(documents, "DocumentNotActive")
        .withArgs(contractId, DocumentStatus.Revoked);
    });

    it("supersedes the previous version when the author anchors a new one naming it", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const f = file("supply contract v2");
      const tx = documents.connect(signers.alice).anchor(f.cid, f.hash, DocumentKind.Contract, "Supply contract v2", contractId, [], []);
      await expect(tx).to.emit(documents, "DocumentSuperseded").withArgs(contractId, 2n);
      await expect(tx)
        .to.emit(documents, "DocumentAnchored")
        .withArgs(2n, signers.alice.address, f.cid, f.hash, DocumentKind.Contract, contractId, "Supply contract v2", [], []);
      expect((await documents.document(contractId)).status).to.equal(DocumentStatus.Superseded);
      expect((await documents.document(2n)).status).to.equal(DocumentStatus.Active);
    });

    it("refuses a new version of another member's, an unknown or an inactive document", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const f = file("v2");
      await expect(documents.connect(signers.bob).anchor(f.cid, f.hash, DocumentKind.Contract, "v2", contractId, [], []))
        .to.be.revertedWithCustomError(documents, "NotAuthor")
        .withArgs(contractId, signers.bob.address);
      await expect(documents.connect(signers.alice).anchor(f.cid, f.hash, DocumentKind.Contract, "v2", 42n, [], []))
        .to.be.revertedWithCustomError(documents, "UnknownDocument")
        .withArgs(42n);
      await documents.connect(signers.alice).revoke(contractId);
      await expect(documents.connect(signers.alice).anchor(f.cid, f.hash, DocumentKind.Contract, "v2", contractId, [], []))
        .to.be.revertedWithCustomError(documents, "DocumentNotActive")
        .withArgs(contractId, DocumentStatus.Revoked);
    });

    it("refuses to read an unknown document", async function () {
      const { documents } = await loadFixture(contractAnchored);
      await expect(documents.document(0n)).to.be.revertedWithCustomError(documents, "UnknownDocument").withArgs(0n);
    });
  });

  describe("the cluster's state and configuration", function () {
    /** Every write, as its rightful caller would make it against the anchored contract. */
    async function everyWrite(world: Awaited<ReturnType<typeof contractAnchored>>) {
      const { documents, signers, contractId } = world;
      const signature = await signatureOf(signers.carol, documents, contractId);
      const f = file("late");
      return [
        { name: "anchor", call: () => documents.connect(signers.alice).anchor(f.cid, f.hash, DocumentKind.Other, "late", 0, [], []) },
        { name: "sign", call: () => documents.connect(signers.bob).sign(contractId, CONTRACT.cid, CONTRACT.hash) },
        { name: "signBySig", call: () => documents.signBySig(contractId, CONTRACT.cid, CONTRACT.hash, signers.carol.address, signature) },
        { name: "revoke", call: () => documents.connect(signers.alice).revoke(contractId) },
      ];
    }

    it("refuses every write while the cluster is dissolving or dissolved", async function () {
      const world = await loadFixture(contractAnchored);
      const { clusterId, documents } = world;
      const writes = await everyWrite(world);
      await dissolveByVote(world, clusterId);
      for (const w of writes) {
        await expect(w.call(), w.name).to.be.revertedWithCustomError(documents, "ClusterNotActive").withArgs(clusterId, Status.Dissolving);
      }
      await completeAfterWindDown(world, clusterId);
      for (const w of writes) {
        await expect(w.call(), w.name).to.be.revertedWithCustomError(documents, "ClusterNotActive").withArgs(clusterId, Status.Dissolved);
      }
    });

    it("refuses every write while document management is disabled, and accepts them once it is enabled again", async function () {
      const world = await loadFixture(contractAnchored);
      const { clusterId, documents, services } = world;
      const writes = await everyWrite(world);
      await serviceSetByVote(world, clusterId, services.documents, false);
      for (const w of writes) {
        await expect(w.call(), w.name).to.be.revertedWithCustomError(documents, "ServiceDisabled").withArgs(clusterId, services.documents);
      }
      await serviceSetByVote(world, clusterId, services.documents, true);
      for (const w of writes) await expect(w.call(), w.name).not.to.revert(ethers);
    });

    it("keeps the anchoring time as the proof of when a document existed", async function () {
      const { documents, signers, contractId } = await loadFixture(contractAnchored);
      const anchoredAt = (await documents.document(contractId)).anchoredAt;
      await time.increase(30 * 24 * 3600);
      await documents.connect(signers.bob).sign(contractId, CONTRACT.cid, CONTRACT.hash);
      expect((await documents.document(contractId)).anchoredAt).to.equal(anchoredAt);
    });

    it("is found through the registry as the cluster's Documents component", async function () {
      const { registry, clusterId, documents } = await loadFixture(documentsClusterCreated);
      expect(await registry.componentOf(clusterId, DOCUMENTS)).to.equal(await documents.getAddress());
      expect(await registry.componentOf(clusterId, MEMBERSHIP)).to.equal(await documents.membership());
    });
  });
});
