import type { ReactElement } from "react";
import { authentication } from "../../../core/services/catalog/authentication.js";
import { clusterRegistration } from "../../../core/services/catalog/clusterRegistration.js";
import { corporateClearing } from "../../../core/services/catalog/corporateClearing.js";
import { documentManagement } from "../../../core/services/catalog/documentManagement.js";
import { memberRegistration } from "../../../core/services/catalog/memberRegistration.js";
import { messaging } from "../../../core/services/catalog/messaging.js";
import { serviceConfiguration } from "../../../core/services/catalog/serviceConfiguration.js";
import { smartContracts } from "../../../core/services/catalog/smartContracts.js";
import type { ServiceManifest } from "../../../core/services/manifest.js";
import { AgreementsTab } from "../agreements/AgreementsTab.js";
import { CatalogPage } from "../catalog/CatalogPage.js";
import { ClearingTab } from "../clearing/ClearingTab.js";
import { DocumentsTab } from "../documents/DocumentsTab.js";
import { RegisterClusterPage } from "../cdc/RegisterClusterPage.js";
import { InitiativesPage } from "../governance/InitiativesPage.js";
import { ProposalPage } from "../governance/ProposalPage.js";
import { ProposalsTab } from "../governance/ProposalsTab.js";
import { MembersTab } from "../members/MembersTab.js";
import { NetworkTab } from "../members/NetworkTab.js";
import { ConfigurationTab } from "../workspace/ConfigurationTab.js";
import { ConfigureClusterPage } from "../cdc/ConfigureClusterPage.js";
import { AccountPage } from "../wallet/AccountPage.js";

/**
 * A service's part of the web app: what each page its manifest declares shows. The paths and
 * titles are the manifest's; a page the manifest declares without an element here (or the
 * reverse) is refused when the app starts, so the two cannot drift.
 */
export interface FrontendService {
  manifest: ServiceManifest;
  elements: Record<string, ReactElement>;
  /**
   * Pages below one of its cluster tabs, by route path ("proposals/:proposalId"): reached from
   * the tab and by links, not navigation entries, so not in the manifest. The first segment
   * names the tab, whose service must be enabled for them too.
   */
  subpages?: Record<string, ReactElement>;
}

export const FRONTEND_SERVICES: readonly FrontendService[] = [
  { manifest: authentication, elements: { account: <AccountPage /> } },
  { manifest: messaging, elements: {} },
  {
    manifest: clusterRegistration,
    elements: {
      initiatives: <InitiativesPage />,
      "cdc/register": <RegisterClusterPage />,
      network: <NetworkTab />,
      members: <MembersTab />,
      proposals: <ProposalsTab />,
    },
    subpages: { "proposals/:proposalId": <ProposalPage /> },
  },
  {
    manifest: serviceConfiguration,
    elements: { catalog: <CatalogPage />, "cdc/configure": <ConfigureClusterPage />, configuration: <ConfigurationTab /> },
  },
  { manifest: memberRegistration, elements: {} },
  { manifest: documentManagement, elements: { documents: <DocumentsTab /> } },
  { manifest: smartContracts, elements: { agreements: <AgreementsTab /> } },
  { manifest: corporateClearing, elements: { clearing: <ClearingTab /> } },
];

for (const { manifest, elements } of FRONTEND_SERVICES) {
  const declared = manifest.pages.map((p) => p.path);
  const drawn = Object.keys(elements);
  const missing = declared.filter((p) => !drawn.includes(p));
  const extra = drawn.filter((p) => !declared.includes(p));
  if (missing.length || extra.length) {
    throw new Error(`Service ${manifest.id}: pages without an element [${missing.join(", ")}], elements without a page [${extra.join(", ")}]`);
  }
}

export interface InstalledPage {
  service: ServiceManifest;
  path: string;
  title: string;
  element: ReactElement;
}

function pagesOf(kind: "page" | "cluster-tab"): InstalledPage[] {
  return FRONTEND_SERVICES.flatMap(({ manifest, elements }) =>
    manifest.pages.filter((p) => p.kind === kind).map((p) => ({ service: manifest, path: p.path, title: p.title, element: elements[p.path]! })),
  );
}

/** Pages of their own (the catalog, initiatives, the CDC's forms, the account). */
export const INSTALLED_PAGES = pagesOf("page");

/** Tabs of a cluster's workspace, each shown only where its service is enabled (system services everywhere). */
export const CLUSTER_TABS = pagesOf("cluster-tab");

export interface InstalledSubpage {
  tab: InstalledPage;
  path: string;
  element: ReactElement;
}

/** Pages below a cluster tab (one proposal), each under its tab's path and shown where the tab is. */
export const CLUSTER_SUBPAGES: InstalledSubpage[] = FRONTEND_SERVICES.flatMap(({ manifest, subpages }) =>
  Object.entries(subpages ?? {}).map(([path, element]) => {
    const tab = CLUSTER_TABS.find((t) => t.service === manifest && t.path === path.split("/")[0]);
    if (!tab) throw new Error(`Service ${manifest.id}: subpage ${path} is below no cluster tab of its own`);
    return { tab, path, element };
  }),
);

/** Whether a cluster whose configuration enables `enabledNames` shows this service's tabs. */
export function serviceShown(service: ServiceManifest, enabledNames: ReadonlySet<string>): boolean {
  return service.repository === "system" || enabledNames.has(service.id);
}
