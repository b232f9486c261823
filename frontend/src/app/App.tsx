import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { StatusProvider } from "../api/StatusContext.js";
import { AgreementsTab } from "../agreements/AgreementsTab.js";
import { ClearingTab } from "../clearing/ClearingTab.js";
import { DocumentsTab } from "../documents/DocumentsTab.js";
import { CatalogPage } from "../catalog/CatalogPage.js";
import { RegisterClusterPage } from "../factory/RegisterClusterPage.js";
import { InitiativesPage } from "../governance/InitiativesPage.js";
import { ProposalsTab } from "../governance/ProposalsTab.js";
import { MembersTab } from "../membership/MembersTab.js";
import { NetworkTab } from "../membership/NetworkTab.js";
import { ClusterPage } from "../registry/ClusterPage.js";
import { ConfigurationTab } from "../registry/ConfigurationTab.js";
import { ConfigureClusterPage } from "../registry/ConfigureClusterPage.js";
import { OverviewPage } from "../registry/OverviewPage.js";
import { AccountPage } from "../wallet/AccountPage.js";
import { WalletProvider } from "../wallet/WalletContext.js";
import { Layout } from "./Layout.js";
import { NotFoundPage } from "./NotFoundPage.js";

export function App() {
  return (
    <StatusProvider>
      <WalletProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<OverviewPage />} />
              <Route path="catalog" element={<CatalogPage />} />
              <Route path="initiatives" element={<InitiativesPage />} />
              <Route path="clusters/:clusterId" element={<ClusterPage />}>
                <Route index element={<Navigate to="network" replace />} />
                <Route path="network" element={<NetworkTab />} />
                <Route path="members" element={<MembersTab />} />
                <Route path="configuration" element={<ConfigurationTab />} />
                <Route path="documents" element={<DocumentsTab />} />
                <Route path="agreements" element={<AgreementsTab />} />
                <Route path="clearing" element={<ClearingTab />} />
                <Route path="proposals" element={<ProposalsTab />} />
              </Route>
              <Route path="cdc/register" element={<RegisterClusterPage />} />
              <Route path="cdc/configure" element={<ConfigureClusterPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </WalletProvider>
    </StatusProvider>
  );
}
