import { Link } from "react-router-dom";
import { Address } from "../ui/Address.js";
import { useWallet } from "./WalletContext.js";

/** The header's wallet state: connect, switch network, sign in, and who is signed in. */
export function WalletControl() {
  const wallet = useWallet();
  const { account, session, me, busy } = wallet;

  if (!wallet.provider) {
    return (
      <div className="wallet" data-wallet="none">
        <span className="chip muted" title="Install an Ethereum wallet extension to sign in">
          No wallet detected
        </span>
      </div>
    );
  }
  if (!account) {
    return (
      <div className="wallet" data-wallet="disconnected">
        <button type="button" className="button primary" onClick={() => void wallet.connect()} disabled={busy !== undefined}>
          {busy === "connecting" ? "Connecting…" : "Connect wallet"}
        </button>
      </div>
    );
  }
  const clusterRoles = me?.roles.clusters ?? [];
  const cdoCount = clusterRoles.filter((r) => r.cdo).length;
  const memberships = clusterRoles.filter((r) => r.role !== null);
  const memberCount = memberships.length;
  return (
    <div className="wallet" data-wallet={session ? "signed-in" : "connected"}>
      {wallet.wrongChain ? (
        <button type="button" className="button warn" onClick={() => void wallet.switchChain()} disabled={busy !== undefined}>
          {busy === "switching" ? "Switching…" : `Wrong network · switch to ${wallet.expectedChainId}`}
        </button>
      ) : (
        <span className="chip chain" title={`Wallet chain id ${wallet.chainId}`}>
          <span className="dot dot-good" /> <span className="chain-label">Chain {wallet.chainId}</span>
        </span>
      )}
      <Link to="/account" className="chip account" title="Your account and roles" data-testid="wallet-address">
        <span className="avatar" style={{ background: avatarColour(account) }} aria-hidden="true" />
        <Address value={account} bare />
      </Link>
      {session ? (
        <>
          <span className="roles" data-testid="wallet-roles">
            {wallet.isCdc && (
              <span className="badge tone-accent" data-role="cdc" title="Cluster Development Center">
                CDC
              </span>
            )}
            {cdoCount > 0 && (
              <span
                className="badge tone-info"
                title={`CDO of ${clusterRoles
                  .filter((r) => r.cdo)
                  .map((r) => r.clusterName)
                  .join(", ")}`}
              >
                CDO ×{cdoCount}
              </span>
            )}
            {memberCount > 0 && (
              <span className="badge tone-good" title={`Member of ${memberships.map((r) => `${r.clusterName} as ${r.memberName ?? "a member"}`).join("; ")}`}>
                {memberCount === 1 ? `Member of ${memberships[0]!.clusterName}` : `Member of ${memberCount} clusters`}
              </span>
            )}
            {!wallet.isCdc && cdoCount === 0 && memberCount === 0 && me && <span className="badge tone-neutral">No roles</span>}
          </span>
          <button type="button" className="button ghost" onClick={wallet.signOut}>
            Sign out
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button primary"
          onClick={() => void wallet.signIn()}
          disabled={busy !== undefined || wallet.wrongChain || wallet.expectedChainId === undefined}
        >
          {busy === "signing" ? "Check your wallet…" : "Sign in"}
        </button>
      )}
    </div>
  );
}

// A stable colour per address, so people recognise "their" account at a glance.
function avatarColour(address: string): string {
  const hue = parseInt(address.slice(2, 8), 16) % 360;
  return `linear-gradient(135deg, hsl(${hue} 65% 55%), hsl(${(hue + 60) % 360} 65% 45%))`;
}
