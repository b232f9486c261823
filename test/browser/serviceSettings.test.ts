import { expect } from "chai";
import { confirmed, screenshot } from "./browser.js";
import { eventually } from "./eventually.js";
import { proposalCard, signedInOn } from "./governanceSteps.js";
import { useBrowserWorld } from "./suite.js";

// A service's settings in the Configuration tab: the demo cluster is active and enables
// document-management, whose manifest declares maxUploadBytes (1024 to 104857600, default
// 104857600). A member proposes a change; the members' vote would apply it.

describe("Service settings in the web app, driven in Chromium with a signing wallet", function () {
  this.timeout(300_000);
  const suite = useBrowserWorld();

  it("refuses an out-of-range value in the browser, then lets a member propose new settings that the Proposals tab lists", async function () {
    const { world } = suite;
    const clusterId = world.demo.clusterId;
    const { page, wallet } = await signedInOn(suite, 1, `/clusters/${clusterId}/configuration`);
    const stored: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith(`/api/clusters/${clusterId}/settings/document-management`)) stored.push(r.postData() ?? "");
    });

    const section = page.getByRole("region", { name: "Settings of Documents" });
    const fact = section.locator('[data-setting="maxUploadBytes"]');
    await eventually(
      () => fact.textContent(),
      (t) => expect(t).to.contain("Largest upload (bytes)").and.contain("104857600").and.contain("default"),
      30_000,
    );
    const form = section.getByRole("form", { name: "Change the settings of Documents" });
    const input = form.getByLabel("Largest upload (bytes)");
    expect(await input.inputValue()).to.equal("104857600");

    // Below the schema's minimum: refused before anything is stored or signed.
    await input.fill("10");
    await form.getByRole("button", { name: "Propose settings" }).click();
    await eventually(
      () => form.getByTestId("form-errors").textContent(),
      (t) => expect(t).to.contain("Largest upload (bytes) must be between 1024 and 104857600."),
    );
    expect(await input.getAttribute("aria-invalid")).to.equal("true");
    expect(stored, "nothing stored").to.deep.equal([]);
    expect(wallet.sentTransactions, "nothing signed").to.deep.equal([]);
    await screenshot(page, "service-settings-refused");

    await input.fill("1048576");
    await form.getByRole("button", { name: "Propose settings" }).click();
    await confirmed(form);
    expect(await form.getByTestId("settings-outcome").textContent()).to.contain("A vote was opened");
    expect(stored.map((body) => JSON.parse(body) as unknown)).to.deep.equal([{ maxUploadBytes: 1048576 }]);
    expect(wallet.sentTransactions).to.have.length(1);
    // The vote is open, so the settings in force (and the form, reset) still show the default.
    expect(await input.inputValue()).to.equal("104857600");
    expect(await fact.textContent()).to.contain("104857600");
    await screenshot(page, "service-settings-proposed");

    await form.getByRole("link", { name: "Follow the proposals" }).click();
    const card = proposalCard(page, "Settings of Documents: maxUploadBytes 1048576");
    await card.waitFor({ timeout: 60_000 });
    expect(await card.getAttribute("data-kind")).to.equal("settings");
    expect(await card.textContent())
      .to.contain("Service settings")
      .and.contain("New settings for service #");
    await screenshot(page, "service-settings-proposal");
  });
});
