import { Link } from "react-router-dom";
import { Address } from "../ui/Address.js";
import { ROLE_LABEL } from "../ui/labels.js";
import { Notice } from "../ui/Notice.js";
import { formatTime } from "../ui/format.js";
import { useWallet } from "./WalletContext.js";
import { TableScroll } from "../ui/TableScroll.js";
import { usePageTitle } from "../ui/usePageTitle.js";

export function AccountPage() {
  usePageTitle("Account");
  const wallet = useWallet();
  if (!wallet.account) {
    return (
      <section className="page">
        <h1>Account</h1>
        <Notice tone="info" title="No wallet connected">
          Connect your wallet in the top right corner, then sign in to see your roles.
        </Notice>
      </section>
    );
  }
  return (
    <section className="page">
      <h1>Account</h1>
      <div className="card">
        <dl className="facts">
          <dt>Address</dt>
          <dd>
            <Address value={wallet.account} full />
          </dd>
          <dt>Wallet chain</dt>
          <dd>
            {wallet.chainId}
            {wallet.wrongChain && <span className="badge tone-warn">the platform runs on chain {wallet.expectedChainId}</span>}
          </dd>
          <dt>Session</dt>
          <dd>{wallet.session ? `Signed in until ${formatTime(wallet.session.expiresAt)}` : "Not signed in"}</dd>
          <dt>Platform role</dt>
          <dd data-testid="account-cdc">{wallet.isCdc ? "Cluster Development Center (CDC)" : "—"}</dd>
        </dl>
      </div>
      {wallet.me && (
        <div className="card">
          <h2>Clusters</h2>
          {wallet.me.roles.clusters.length === 0 ? (
            <p className="muted">This address holds no role in any cluster.</p>
          ) : (
            <TableScroll label="Your roles">
              <table className="table">
                <thead>
                  <tr>
                    <th>Cluster</th>
                    <th>CDO</th>
                    <th>Membership</th>
                    <th>As</th>
                  </tr>
                </thead>
                <tbody>
                  {wallet.me.roles.clusters.map((r) => (
                    <tr key={r.clusterId}>
                      <td>
                        <Link to={`/clusters/${r.clusterId}`}>{r.clusterName}</Link>
                      </td>
                      <td>{r.cdo ? "Yes" : "—"}</td>
                      <td>{r.role ? ROLE_LABEL[r.role] : "—"}</td>
                      <td>{r.memberName ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      )}
    </section>
  );
}
