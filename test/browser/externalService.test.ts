import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { registerExternalService } from "../../deploy/externalService.js";
import { bulletinManifest } from "../../examples/bulletin/manifest.js";
import { startBulletin, type BulletinProcess } from "../../scripts/lib/bulletin.js";
import { freePort } from "../../scripts/lib/processes.js";
import { screenshot, signIn } from "./browser.js";
import { eventually } from "./eventually.js";
import { useBrowserWorld } from "./suite.js";
import { ARTIFACTS, hardhatAccount } from "./world.js";

describe("An external service in the web app, in its own process behind the gateway", function () {
  const suite = useBrowserWorld();
  const open = suite.open;
  let bulletin: BulletinProcess | undefined;
  let dir: string;

  after(async () => {
    await bulletin?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("registers the example service, enables it in a new cluster, and shows its tab drawn from its view: webhooks' welcomes, a member's notice, an outsider refused", async function () {
    const { world } = suite;
    dir = await mkdtemp(join(tmpdir(), "cluster-bulletin-"));
    const cdc = hardhatAccount(0).connect(world.provider);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { webhookSecret } = await registerExternalService(cdc, world.record, world.baseUrl, bulletinManifest(url));
    bulletin = await startBulletin({
      platformUrl: world.baseUrl,
      webhookSecret,
      port,
      dbPath: join(dir, "bulletin.sqlite"),
      logFile: join(ARTIFACTS, "browser-logs", "bulletin.log"),
    });

    const spec = world.demo.spec;
    const founders = spec.founders.slice(0, 3);
    const created = await createClusterFromSpec(cdc, world.record, {
      ...spec,
      name: "Vitebsk Optics Cluster",
      services: [...spec.services, "bulletin"],
      founders,
      partners: [],
      links: [],
    });
    await world.indexed(created.blockNumber);
    const clusterId = Number(created.clusterId);

    const { page } = await open(1);
    await page.goto(`/clusters/${clusterId}/network`);
    await signIn(page);
    const tabs = page.getByRole("navigation", { name: "Cluster sections" });
    const tab = tabs.getByRole("group", { name: "Applied services" }).getByRole("link", { name: "Bulletin" });
    await tab.click();
    const board = page.locator('[data-external-service="bulletin"]');
    await board.getByRole("heading", { name: "Bulletin board" }).waitFor();

    // The founders' MemberAdded events reached the service as signed webhooks: one welcome each.
    const rows = () => board.locator("tbody tr").allTextContents();
    await eventually(rows, (r) => expect(r.filter((t) => t.includes("Welcome to the cluster"))).to.have.length(founders.length), 30_000);

    // A member posts through the gateway; the service knows them by the token's verified identity.
    await board.getByLabel("Notice", { exact: true }).fill("Optics bench free on Thursdays");
    await board.getByRole("button", { name: "Post" }).click();
    await eventually(rows, (r) => expect(r.some((t) => t.includes("Optics bench free on Thursdays") && t.includes(founders[0]!.name))).to.equal(true));
    expect(await board.getByLabel("Notice", { exact: true }).inputValue(), "the form is reset after a post").to.equal("");
    await screenshot(page, "external-service-tab");

    // An outsider (account 5 is no founder of this cluster) sees the board but gets no form.
    const outsider = await open(5);
    await outsider.page.goto(`/clusters/${clusterId}/services/bulletin`);
    await signIn(outsider.page);
    await outsider.page.getByText("Only members of this cluster post notices.").waitFor();
    expect(await outsider.page.getByLabel("Notice", { exact: true }).count()).to.equal(0);

    // The demo cluster never enabled it: its address names the service as not enabled.
    await page.goto(`/clusters/${world.demo.clusterId}/services/bulletin`);
    await page.getByText("Bulletin board is not enabled in this cluster").waitFor();
  });
});
