import { expect } from "chai";
import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import { confirmed, screenshot } from "./browser.js";
import { eventually } from "./eventually.js";
import { signedInOn } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";

// The network page: a member organisation registers its Besu node through the form, the CDC
// approves it on /network, and both see the network admit it. The browser world runs no
// permissioning operator, so the CDC's page says so instead of drawing empty tables.

interface RegisteredNode {
  node: string;
  status: string;
  allowed: boolean;
  clusterId: number;
}

/** A node key of its own: the enode's public key is the uncompressed key without its 04 prefix. */
const nodeKey = new Wallet(keccak256(toUtf8Bytes("network.test.ts node")));
const publicKey = nodeKey.signingKey.publicKey.slice(4);
const nodeId = nodeKey.address.toLowerCase();
const ENODE = `enode://${publicKey}@10.20.0.11:30303`;

describe("The network page, driven in Chromium with a signing wallet", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();

  it("refuses a bad enode URL in the browser, marking the field and sending nothing", async function () {
    const { page, wallet } = await signedInOn(suite, 1, "/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Network" }).click();
    await page.getByRole("heading", { name: "Network", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "Register a node" });
    const input = form.getByLabel("Enode URL");

    // Every problem at once: a short key, a host with a leading zero and a number above 255, port 0.
    await input.fill("enode://abc123@10.020.0.256:0");
    await form.getByRole("button", { name: "Register node" }).click();
    await eventually(
      () => form.getByTestId("form-errors").textContent(),
      (t) =>
        expect(t)
          .to.contain("The public key must be 128 hex digits (64 bytes); this one has 6.")
          .and.contain("Write the host's numbers without leading zeros: “020” as “20”.")
          .and.contain("Each number of the host must be at most 255; “256” is not.")
          .and.contain("The port must be between 1 and 65535; got 0."),
    );
    expect(await input.getAttribute("aria-invalid")).to.equal("true");
    expect(await form.locator("#node-enode-error").textContent()).to.contain("The public key must be 128 hex digits");
    expect(wallet.sentTransactions, "nothing signed").to.deep.equal([]);
    expect(wallet.calls, "no transaction asked for").not.to.include("eth_sendTransaction");
    await screenshot(page, "network-register-refused");
  });

  it("lets a member register a node, the CDC approve it, and shows it admitted to both", async function () {
    const { world } = suite;
    const member = await signedInOn(suite, 1, "/network");
    const form = member.page.getByRole("form", { name: "Register a node" });
    await form.getByLabel("Cluster").waitFor();
    // The demo cluster is the member's only active cluster, so it is chosen already.
    expect(await form.getByLabel("Cluster").inputValue()).to.equal(String(world.demo.clusterId));
    await form.getByLabel("Enode URL").fill(ENODE);
    expect(await form.getByTestId("enode-preview").textContent())
      .to.contain("host 10.20.0.11")
      .and.contain("port 30303");
    await form.getByRole("button", { name: "Register node" }).click();
    await confirmed(form);
    expect(await form.getByLabel("Enode URL").inputValue(), "the form is reset").to.equal("");

    const mine = member.page.getByRole("table", { name: "My nodes" }).locator(`tr[data-node="${nodeId}"]`);
    await eventually(
      () => mine.getAttribute("data-status"),
      (s) => expect(s).to.equal("pending"),
      30_000,
    );
    expect(await mine.locator("[data-allowed]").getAttribute("data-allowed")).to.equal("false");
    expect(await mine.textContent())
      .to.contain("10.20.0.11:30303")
      .and.contain(world.demo.name);
    await screenshot(member.page, "network-member-pending");

    const cdc = await signedInOn(suite, 0, "/network");
    await cdc.page.getByTestId("operator-not-configured").waitFor();
    const registry = cdc.page.getByTestId("node-registry");
    const pending = registry.getByRole("table", { name: "Pending nodes" }).locator(`tr[data-node="${nodeId}"]`);
    await pending.waitFor();
    expect(await pending.textContent()).to.contain("Nemiga Tractor Works");
    await screenshot(cdc.page, "network-cdc-pending");
    await pending.getByRole("button", { name: "Approve" }).click();
    await confirmed(registry);
    const approved = registry.getByRole("table", { name: "Approved nodes" }).locator(`tr[data-node="${nodeId}"]`);
    await eventually(
      () =>
        approved
          .locator("[data-allowed]")
          .getAttribute("data-allowed")
          .catch(() => null),
      (a) => expect(a).to.equal("true"),
      30_000,
    );
    expect(await registry.getByRole("table", { name: "Pending nodes" }).count(), "nothing pending any more").to.equal(0);
    await screenshot(cdc.page, "network-cdc-approved");

    // The member's page follows the chain by itself.
    await eventually(
      () => mine.locator("[data-allowed]").getAttribute("data-allowed"),
      (a) => expect(a).to.equal("true"),
      30_000,
    );
    expect(await mine.getAttribute("data-status")).to.equal("approved");
    expect(await mine.getByRole("button", { name: "Withdraw" }).isEnabled()).to.equal(true);
    await screenshot(member.page, "network-member-approved");

    const { items } = await world.read<{ items: RegisteredNode[] }>("/api/network/nodes", 1);
    expect(items.map((n) => ({ node: n.node, status: n.status, allowed: n.allowed, clusterId: n.clusterId }))).to.deep.equal([
      { node: nodeId, status: "approved", allowed: true, clusterId: world.demo.clusterId },
    ]);
  });
});
