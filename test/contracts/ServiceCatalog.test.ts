import { expect } from "chai";
import { network } from "hardhat";
import { CDC_ROLE, DEFAULT_ADMIN_ROLE, Repository, ServiceStatus } from "./encodings.js";
import { platformDeployed } from "./fixtures.js";

const { networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

describe("ServiceCatalog", function () {
  describe("roles", function () {
    it("gives the constructor's admin the admin role and the CDC role", async function () {
      const { catalog, signers } = await loadFixture(platformDeployed);
      expect(await catalog.hasRole(DEFAULT_ADMIN_ROLE, signers.cdc.address)).to.equal(true);
      expect(await catalog.hasRole(CDC_ROLE, signers.cdc.address)).to.equal(true);
      expect(await catalog.CDC_ROLE()).to.equal(CDC_ROLE);
    });

    it("refuses registration, publication and deprecation by an account without the CDC role", async function () {
      const { catalog, services, signers } = await loadFixture(platformDeployed);
      const asStranger = catalog.connect(signers.stranger);
      await expect(asStranger.registerService("x", Repository.Basic, "1", "cid"))
        .to.be.revertedWithCustomError(catalog, "AccessControlUnauthorizedAccount")
        .withArgs(signers.stranger.address, CDC_ROLE);
      await expect(asStranger.publishVersion(services.crm, "2", "cid"))
        .to.be.revertedWithCustomError(catalog, "AccessControlUnauthorizedAccount")
        .withArgs(signers.stranger.address, CDC_ROLE);
      await expect(asStranger.deprecate(services.crm))
        .to.be.revertedWithCustomError(catalog, "AccessControlUnauthorizedAccount")
        .withArgs(signers.stranger.address, CDC_ROLE);
    });
  });

  describe("registerService", function () {
    it("registers a service with the next id and announces it", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      await expect(catalog.registerService("messaging", Repository.System, "1.2.0", "bafy-msg"))
        .to.emit(catalog, "ServiceRegistered")
        .withArgs(5n, "messaging", Repository.System, "1.2.0", "bafy-msg");
      expect(await catalog.serviceCount()).to.equal(5n);
      expect(await catalog.serviceIdByName("messaging")).to.equal(5n);
      expect(await catalog.isActive(5n)).to.equal(true);
      const s = await catalog.service(5n);
      expect([s.name, s.repository, s.status, s.version, s.manifestCid]).to.deep.equal([
        "messaging",
        Repository.System,
        ServiceStatus.Active,
        "1.2.0",
        "bafy-msg",
      ]);
    });

    it("numbers services from 1", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      expect(await catalog.serviceIdByName("authentication")).to.equal(1n);
      expect(await catalog.serviceIdByName("no such service")).to.equal(0n);
    });

    it("refuses a name already taken, even in another repository", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      await expect(catalog.registerService("crm", Repository.Basic, "1", "cid"))
        .to.be.revertedWithCustomError(catalog, "ServiceNameTaken")
        .withArgs("crm");
    });

    it("refuses an empty name, version or manifest CID", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      await expect(catalog.registerService("", Repository.Basic, "1", "cid"))
        .to.be.revertedWithCustomError(catalog, "EmptyField")
        .withArgs("name");
      await expect(catalog.registerService("x", Repository.Basic, "", "cid"))
        .to.be.revertedWithCustomError(catalog, "EmptyField")
        .withArgs("version");
      await expect(catalog.registerService("x", Repository.Basic, "1", ""))
        .to.be.revertedWithCustomError(catalog, "EmptyField")
        .withArgs("manifestCid");
    });
  });

  describe("publishVersion", function () {
    it("replaces version and manifest and announces them", async function () {
      const { catalog, services } = await loadFixture(platformDeployed);
      await expect(catalog.publishVersion(services.crm, "1.0.0", "bafy-crm-2"))
        .to.emit(catalog, "ServiceVersionPublished")
        .withArgs(services.crm, "1.0.0", "bafy-crm-2");
      const s = await catalog.service(services.crm);
      expect([s.version, s.manifestCid, s.status]).to.deep.equal(["1.0.0", "bafy-crm-2", ServiceStatus.Active]);
    });

    it("refuses the version the service already has", async function () {
      const { catalog, services } = await loadFixture(platformDeployed);
      await expect(catalog.publishVersion(services.crm, "0.9.0", "bafy-other"))
        .to.be.revertedWithCustomError(catalog, "VersionUnchanged")
        .withArgs(services.crm, "0.9.0");
    });

    it("refuses an empty version or manifest CID", async function () {
      const { catalog, services } = await loadFixture(platformDeployed);
      await expect(catalog.publishVersion(services.crm, "", "cid"))
        .to.be.revertedWithCustomError(catalog, "EmptyField")
        .withArgs("version");
      await expect(catalog.publishVersion(services.crm, "2", ""))
        .to.be.revertedWithCustomError(catalog, "EmptyField")
        .withArgs("manifestCid");
    });

    it("refuses a deprecated service", async function () {
      const { catalog, services } = await loadFixture(platformDeployed);
      await catalog.deprecate(services.crm);
      await expect(catalog.publishVersion(services.crm, "2", "cid"))
        .to.be.revertedWithCustomError(catalog, "ServiceIsDeprecated")
        .withArgs(services.crm);
    });

    it("refuses an unknown service", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      await expect(catalog.publishVersion(99n, "2", "cid"))
        .to.be.revertedWithCustomError(catalog, "UnknownService")
        .withArgs(99n);
    });
  });

  describe("deprecate", function () {
    it("marks the service deprecated, no longer active, and announces it", async function () {
      const { catalog, services } = await loadFixture(platformDeployed);
      await expect(catalog.deprecate(services.crm)).to.emit(catalog, "ServiceDeprecated").withArgs(services.crm);
      expect(await catalog.isActive(services.crm)).to.equal(false);
      expect((await catalog.service(services.crm)).status).to.equal(ServiceStatus.Deprecated);
    });

    it("refuses to deprecate twice", async function () {
      const { catalog, services } = await loadFixture(platformDeployed);
      await catalog.deprecate(services.crm);
      await expect(catalog.deprecate(services.crm)).to.be.revertedWithCustomError(catalog, "ServiceIsDeprecated").withArgs(services.crm);
    });

    it("refuses an unknown service", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      await expect(catalog.deprecate(0n)).to.be.revertedWithCustomError(catalog, "UnknownService").withArgs(0n);
    });
  });

  describe("views", function () {
    it("reverts on an unknown id and reports it inactive", async function () {
      const { catalog } = await loadFixture(platformDeployed);
      await expect(catalog.service(42n)).to.be.revertedWithCustomError(catalog, "UnknownService").withArgs(42n);
      expect(await catalog.isActive(42n)).to.equal(false);
      expect(await catalog.isActive(0n)).to.equal(false);
    });
  });
});
