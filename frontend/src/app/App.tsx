import { BrowserRouter, Route, Routes } from "react-router-dom";
import { StatusProvider } from "../api/StatusContext.js";
import { ClusterPage, ClusterSubpage, ClusterTab, FirstTab } from "../workspace/ClusterPage.js";
import { OverviewPage } from "../workspace/OverviewPage.js";
import { ExternalServiceTab } from "../services/ExternalServiceTab.js";
import { NetworkPage } from "../network/NetworkPage.js";
import { CLUSTER_SUBPAGES, CLUSTER_TABS, INSTALLED_PAGES } from "../services/installed.js";
import { WalletProvider } from "../wallet/WalletContext.js";
import { Layout } from "./Layout.js";
import { NotFoundPage } from "./NotFoundPage.js";

/** The app's routes: the installed services' pages and cluster tabs, and the platform's own network page. */
export function App() {
  return (
    <StatusProvider>
      <WalletProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<OverviewPage />} />
              {INSTALLED_PAGES.map((page) => (
                <Route key={page.path} path={page.path} element={page.element} />
              ))}
              <Route path="network" element={<NetworkPage />} />
              <Route path="clusters/:clusterId" element={<ClusterPage />}>
                <Route index element={<FirstTab />} />
                {CLUSTER_TABS.map((tab) => (
                  <Route key={tab.path} path={tab.path} element={<ClusterTab tab={tab} />} />
                ))}
                {CLUSTER_SUBPAGES.map((sub) => (
                  <Route key={sub.path} path={sub.path} element={<ClusterSubpage tab={sub.tab} element={sub.element} />} />
                ))}
                <Route path="services/:service" element={<ExternalServiceTab />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </WalletProvider>
    </StatusProvider>
  );
}
