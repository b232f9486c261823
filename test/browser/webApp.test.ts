import { expect } from "chai";
import { join } from "node:path";
import { ClusterRegistry__factory, ServiceCatalog__factory, type ClusterRegistry } from "../../types/typechain/index.js";
import { screenshot, signIn } from "./browser.js";
import { eventually } from "./eventually.js";
import { execute, proposalCard, signedInOn, travelPastProposals, votersVoteFor } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";
import { ARTIFACTS, hardhatAccount, type World } from "./world.js";

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The registry's default security parameters as a plain struct (a decoded Result is read-only). */
async function defaultParamsOf(registry: ClusterRegistry) {
  const p = await registry.defaultParams();
  return {
    votingPeriod: p.votingPeriod,
    quorumBps: p.quorumBps,
    approvalThresholdBps: p.approvalThresholdBps,
    admissionPolicy: p.admissionPolicy,
    documentsMustBeEncrypted: p.documentsMustBeEncrypted,
    coreVeto: p.coreVeto,
    clearingCycleLength: p.clearingCycleLength,
    settlementToken: p.settlementToken,
  };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("The web app, driven in Chromium with a signing wallet", function () {
  // Generous: real chain, real backend, real browser; also right when run without .mocharc.json.
  this.timeout(300_000);
  const suite = useBrowserWorld();
  const open = suite.open;
  let world: World;
  before(() => {
    world = suite.world;
  });

  it("signs the CDC in with Ethereum and shows its address and CDC role", async function () {
    const { page, wallet } = await open(0);
    await page.goto("/");
    await page.getByRole("button", { name: "Connect wallet" }).click();
    // The header names the account by what it is on the platform, its address on hover.
    const chip = page.getByTestId("wallet-address");
    expect(await chip.locator("[data-address]").getAttribute("data-address")).to.equal(wallet.address.toLowerCase());
    await eventually(
      () => chip.textContent(),
      (v) => expect(v).to.equal("Cluster Development Center"),
    );
    expect(await chip.locator('[data-testid="account-name"]').getAttribute("title")).to.contain(wallet.address.toLowerCase());
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('[data-role="cdc"]').waitFor();
    // Everything the signed-in CDC's header holds fits a desktop window.
    const header = await page
      .locator("header")
      .first()
      .evaluate((h) => ({ scroll: h.scrollWidth, client: h.clientWidth }));
    expect(header.scroll, "the header's content fits its width").to.be.at.most(header.client);
    await page.getByRole("button", { name: "Sign out" }).waitFor({ state: "visible" });

    expect(wallet.calls).to.include("personal_sign");
    const stored = await page.evaluate(() => sessionStorage.getItem("cluster-platform.session"));
    expect(JSON.parse(stored ?? "{}")).to.include({ address: wallet.address });
    await eventually(
      () => page.getByRole("link", { name: "Register cluster" }).first().isVisible(),
      (v) => expect(v).to.equal(true),
    );

    await page.getByTestId("wallet-address").click();
    await eventually(
      () => page.getByTestId("account-cdc").textContent(),
      (v) => expect(v).to.equal("Cluster Development Center (CDC)"),
    );
    await page.goto("/");
    await page.getByTestId("cluster-table").waitFor();
    await screenshot(page, "overview-signed-in");
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.locator('[data-repository="applied"] tr[data-service-id]').first().waitFor();
    await screenshot(page, "catalog");
  });

  it("keeps the CDC pages closed to a signed-in member without the CDC role", async function () {
    const { page } = await open(1); // a core member of the demo cluster
    await page.goto("/");
    await signIn(page);
    // The header names the member and its cluster, not "Member ×1" and an address.
    await page.getByTestId("wallet-roles").getByText("Member of Dnepr-Sozh Machine-Building Cluster").waitFor();
    await eventually(
      () => page.getByTestId("wallet-address").textContent(),
      (t) => expect(t).to.equal("Nemiga Tractor Works"),
    );
    expect(await page.locator('[data-role="cdc"]').count()).to.equal(0);
    expect(await page.getByRole("link", { name: "Register cluster" }).count()).to.equal(0);

    await page.goto("/cdc/register");
    await eventually(
      () => page.getByRole("status").filter({ hasText: "For the Cluster Development Center" }).textContent(),
      (v) => expect(v).to.contain("does not hold the CDC role"),
    );
  });

  it("refuses an incomplete registration form with clear messages before anything is sent", async function () {
    const { page, wallet } = await open(0);
    await page.goto("/");
    await signIn(page);
    await page.getByRole("link", { name: "Register cluster" }).first().click();
    await page.getByLabel("CDO address").fill("0x1234");
    await page.getByLabel("Quorum (%)").fill("150");
    await page.getByRole("button", { name: "Register cluster" }).click();

    const summary = page.getByTestId("form-errors");
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).to.contain("Cluster name is required.");
    expect(text).to.contain("CDO address must be a 0x-prefixed address of 40 hex digits.");
    expect(text).to.contain("Quorum must be between 0.01 % and 100 %.");
    expect(text).to.contain("Member 1: address is required.");
    expect(wallet.calls).to.not.include("eth_sendTransaction");
    expect(wallet.calls).to.not.include("eth_estimateGas");
    await screenshot(page, "register-invalid");
  });

  it("registers a cluster from the CDC page and lists it on the overview", async function () {
    const { page, wallet } = await open(0);
    const name = "Gomel Agro-Machinery Cluster";
    await page.goto("/");
    await signIn(page);
    await page.getByRole("link", { name: "Register cluster" }).first().click();

    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("CDO address").fill(hardhatAccount(12).address);
    await page.getByLabel("Voting period", { exact: true }).fill("5");
    for (const service of ["authentication", "document-management", "corporate-clearing"]) await page.getByLabel(service).check();

    await page.getByLabel("Member 1 address").fill(hardhatAccount(13).address);
    await page.getByLabel("Member 1 name").fill("Gomselmash Combine Works");
    await page.getByLabel("Member 1 role").selectOption("core");
    await page.getByRole("button", { name: "+ Add member" }).click();
    await page.getByLabel("Member 2 address").fill(hardhatAccount(14).address.toLowerCase());
    await page.getByLabel("Member 2 name").fill("Gomel State Technical University");
    await page.getByLabel("Member 2 kind").selectOption("university");
    await page.getByRole("button", { name: "+ Add partner" }).click();
    await page.getByLabel("Partner 1 name").fill("Baltic Port Services");
    await page.getByRole("button", { name: "+ Add link" }).click();
    await page.getByLabel("Link 1 from").selectOption({ label: "#2 Gomel State Technical University" });
    await page.getByLabel("Link 1 to").selectOption({ label: "#1 Gomselmash Combine Works" });
    await page.getByLabel("Link 1 flow").selectOption("intellectual");
    await page.getByRole("button", { name: "+ Add link" }).click();
    await page.getByLabel("Link 2 from").selectOption({ label: "#3 Baltic Port Services (partner)" });
    await page.getByLabel("Link 2 to").selectOption({ label: "#1 Gomselmash Combine Works" });
    await page.getByLabel("Link 2 flow").selectOption("service");
    await page.getByLabel("Link 2 is cluster activity").uncheck();
    await screenshot(page, "register-form");

    await page.getByRole("button", { name: "Register cluster" }).click();
    const success = page.getByTestId("register-success");
    await success.waitFor({ timeout: 60_000 });
    expect(await success.textContent()).to.match(new RegExp(`Cluster #\\d+ “${name}” is registered and active`));
    expect(wallet.sentTransactions).to.have.length(1);

    await page.getByRole("link", { name: "Back to the overview" }).click();
    const row = page.getByTestId("cluster-table").locator("tr", { hasText: name });
    await row.waitFor();
    await eventually(
      () => row.locator("[data-status]").getAttribute("data-status"),
      (v) => expect(v).to.equal("active"),
    );
    await eventually(
      () => row.locator("td").nth(3).textContent(),
      (v) => expect(v).to.equal("2"),
    );
    await screenshot(page, "overview-after-register");

    await row.getByRole("link", { name }).click();
    await page.getByTestId("network-diagram").waitFor();
    expect(await page.locator('[data-testid="network-diagram"] [data-node-type="member"]').count()).to.equal(2);
    expect(await page.locator('[data-testid="network-diagram"] path.link.dashed').count()).to.equal(1);
  });

  it("draws the demo cluster's network like figure 1: boundary, core contour, partners outside, dashed links", async function () {
    const { page } = await open(0);
    const spec = world.demo.spec;
    await page.goto(`/clusters/${world.demo.clusterId}/network`);
    const svg = page.getByTestId("network-diagram");
    await svg.waitFor();

    const members = svg.locator('[data-node-type="member"]');
    const partners = svg.locator('[data-node-type="partner"]');
    expect(await members.count()).to.equal(8);
    expect(await partners.count())
      .to.equal(spec.partners?.length ?? 0)
      .and.to.be.greaterThan(0);
    expect(await svg.locator('[data-node-type="member"][data-role="core"]').count()).to.equal(3);
    expect(await svg.getByTestId("core-contour").count()).to.equal(1);
    expect(await svg.getByTestId("cluster-boundary").count()).to.equal(1);
    const nonCluster = (spec.links ?? []).filter((l) => l.clusterActivity === false).length;
    expect(await svg.locator("path.link").count()).to.equal(spec.links?.length);
    expect(await svg.locator('path.link[stroke-dasharray][data-cluster-activity="false"]').count())
      .to.equal(nonCluster)
      .and.to.be.greaterThan(0);
    for (const kind of ["material", "intellectual", "service"]) expect(await svg.locator(`path.link[data-kind="${kind}"]`).count()).to.be.greaterThan(0);
    await eventually(
      () => page.getByTestId("network-legend").textContent(),
      (v) => expect(v).to.contain("Not cluster activity"),
    );

    // Geometry of figure 1: the core inside its contour, every member inside the boundary,
    // every partner outside it; and no two node labels on top of each other.
    const geometry = await page.evaluate(() => {
      const svgEl = document.querySelector('[data-testid="network-diagram"]')!;
      const ellipse = (id: string) => {
        const e = svgEl.querySelector(`[data-testid="${id}"] ellipse`)!;
        return ["cx", "cy", "rx", "ry"].map((a) => Number(e.getAttribute(a)));
      };
      const nodes = [...svgEl.querySelectorAll<SVGGElement>("g.node")].map((g) => {
        const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute("transform") ?? "")!;
        const label = g.querySelector<SVGTextElement>(".node-label")!.getBoundingClientRect();
        return {
          type: g.dataset.nodeType,
          role: g.dataset.role,
          x: Number(m[1]),
          y: Number(m[2]),
          label: { x: label.x, y: label.y, width: label.width, height: label.height },
        };
      });
      return { core: ellipse("core-contour"), boundary: ellipse("cluster-boundary"), nodes };
    });
    const inside = ([cx, cy, rx, ry]: number[], x: number, y: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1;
    for (const n of geometry.nodes) {
      if (n.type === "partner") expect(inside(geometry.boundary, n.x, n.y), "partner outside the boundary").to.equal(false);
      else expect(inside(geometry.boundary, n.x, n.y), "member inside the boundary").to.equal(true);
      if (n.type === "member") expect(inside(geometry.core, n.x, n.y), `${n.role} vs core contour`).to.equal(n.role === "core");
    }
    for (let i = 0; i < geometry.nodes.length; i++)
      for (let j = i + 1; j < geometry.nodes.length; j++)
        expect(overlaps(geometry.nodes[i].label, geometry.nodes[j].label), `labels ${i} and ${j} overlap`).to.equal(false);

    await screenshot(page, "demo-network");
    await svg.screenshot({ path: join(ARTIFACTS, "demo-network-diagram.png") });

    await page.getByRole("link", { name: "Members" }).click();
    const rows = page.getByTestId("member-table").locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(8);
    await screenshot(page, "demo-members");
  });

  it("lets the CDC propose a security parameter change that the members carry, and shows the configuration history grow", async function () {
    const { page, wallet } = await open(0);
    const clusterId = world.demo.clusterId;
    await page.goto(`/clusters/${clusterId}/configuration`);
    await signIn(page);
    const history = page.getByTestId("config-history").locator("> li");
    await history.first().waitFor();
    const before = await history.count();
    const quorumBefore = await page.locator('[data-param="quorumBps"] dd').textContent();

    // The cluster is active: the CDC proposes, it does not impose (issue 9).
    await page.getByRole("link", { name: "Propose a change" }).click();
    const quorum = page.getByLabel("Quorum (%)");
    await quorum.waitFor();
    const next = quorumBefore === "55 %" ? "65" : "55";
    await quorum.fill(next);
    await eventually(
      () => page.getByTestId("pending-changes").textContent(),
      (v) => expect(v).to.contain(`Quorum: ${quorumBefore} → ${next} %`),
    );
    await page.getByRole("button", { name: "Propose parameters" }).click();
    await page.locator('[data-tx-phase="confirmed"]').waitFor({ timeout: 60_000 });
    expect(wallet.sentTransactions).to.have.length(1);
    const proposals = `/clusters/${clusterId}/proposals`;
    const proposed = "The CDC proposes";
    await page.goto(proposals);
    await proposalCard(page, proposed).waitFor({ timeout: 60_000 });
    await page.goto(`/clusters/${clusterId}/configuration`);
    await eventually(
      () => page.locator('[data-param="quorumBps"] dd').textContent(),
      (v) => expect(v).to.equal(quorumBefore),
    );

    // 5 of the demo's 8 members vote For (quorum 50 %, threshold 60 %); one executes it.
    await votersVoteFor(suite, [1, 2, 3, 4, 5], proposals, [proposed]);
    await travelPastProposals(world, clusterId);
    const member = await signedInOn(suite, 1, proposals);
    await execute(proposalCard(member.page, proposed));
    await member.context.close();

    await page.goto(`/clusters/${clusterId}/configuration`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="config-history"] > li').length === n, before + 1);
    const newest = history.first();
    expect(await newest.textContent())
      .to.contain("Security parameters changed")
      .and.to.contain(`Quorum: ${quorumBefore} → ${next} %`);
    await eventually(
      () => page.locator('[data-param="quorumBps"] dd').textContent(),
      (v) => expect(v).to.equal(`${next} %`),
    );
    await screenshot(page, "config-history");
  });

  it("explains a contract refusal in words when the page is out of date (ServiceAlreadyEnabled)", async function () {
    const { page, wallet } = await open(0);
    // A cluster being set up: the CDC configures it directly.
    const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, hardhatAccount(0).connect(world.provider));
    const params = await defaultParamsOf(registry);
    const registered = await (await registry.registerInitiative("Brest Dairy Initiative", hardhatAccount(12).address, params, [])).wait();
    await world.indexed(registered!.blockNumber);
    const clusterId = Number(await registry.clusterCount());
    await page.goto(`/cdc/configure?cluster=${clusterId}`);
    await signIn(page);
    const toggle = page.getByLabel("crm enabled");
    await toggle.waitFor();
    expect(await toggle.isChecked()).to.equal(false);
    const serviceId = Number(await toggle.getAttribute("data-service-id"));

    // Someone else enables the service while this page still shows it disabled.
    const receipt = await (await registry.setServiceEnabled(clusterId, serviceId, true)).wait();
    await world.indexed(receipt!.blockNumber);

    await page.getByText("crm", { exact: true }).click();
    const failure = page.locator('[data-tx-phase="failed"]');
    await failure.waitFor({ timeout: 30_000 });
    const text = await failure.textContent();
    expect(text).to.contain(`Service ${serviceId} is already enabled in cluster ${clusterId}.`);
    expect(text).to.contain(`ServiceAlreadyEnabled(${clusterId}, ${serviceId})`);
    expect(wallet.sentTransactions, "refused before signing").to.have.length(0);
    await screenshot(page, "configure-refused");
  });

  it("shows a cluster's workspace as exactly its enabled services, following the chain without a reload", async function () {
    const { page } = await open(1);
    const cdc = hardhatAccount(0).connect(world.provider);
    const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, cdc);
    const catalog = ServiceCatalog__factory.connect(world.record.contracts.ServiceCatalog.address, cdc);
    const params = await defaultParamsOf(registry);
    const registered = await (await registry.registerInitiative("Gomel Textile Initiative", hardhatAccount(13).address, params, [])).wait();
    await world.indexed(registered!.blockNumber);
    const clusterId = Number(await registry.clusterCount());
    const toggle = async (name: string, enabled: boolean) => {
      const receipt = await (await registry.setServiceEnabled(clusterId, await catalog.serviceIdByName(name), enabled)).wait();
      await world.indexed(receipt!.blockNumber);
    };
    const tabs = page.getByRole("navigation", { name: "Cluster sections" });
    const tabNames = async () => (await tabs.locator("a, .tab-unavailable").allTextContents()).join(", ");

    await page.goto(`/clusters/${clusterId}/documents`);
    // Nothing enabled yet: only the system services, and the documents tab says why it is empty.
    await eventually(tabNames, (v) => expect(v).to.equal("Network, Members, Proposals, Configuration"));
    await page.getByText("Documents is not enabled in this cluster").waitFor();
    expect(await tabs.getByRole("group", { name: "Basic services" }).count()).to.equal(0);

    // The CDC enables two services on chain; the open page follows within seconds, no reload.
    await toggle("document-management", true);
    await toggle("crm", true);
    await eventually(tabNames, (v) => expect(v).to.equal("Network, Members, Proposals, Configuration, Documents, CRM"), 15_000);
    await eventually(
      () => page.getByText("Documents is not enabled in this cluster").count(),
      (n) => expect(n).to.equal(0),
    );
    expect(await tabs.getByRole("group", { name: "Basic services" }).getByRole("link").allTextContents()).to.deep.equal(["Documents"]);
    const crm = tabs.locator('[data-service="crm"]');
    expect(await crm.getAttribute("title")).to.contain("not installed");
    await screenshot(page, "workspace-enabled");

    await toggle("document-management", false);
    await eventually(tabNames, (v) => expect(v).to.equal("Network, Members, Proposals, Configuration, CRM"), 15_000);
    await page.getByText("Documents is not enabled in this cluster").waitFor();
  });
});
