import { useEffect, useRef, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router-dom";
import { usePlatformStatus } from "../api/StatusContext.js";
import { useWallet } from "../wallet/WalletContext.js";
import { WalletControl } from "../wallet/WalletControl.js";
import { NotificationBell } from "../governance/NotificationBell.js";
import { ChainClockNote } from "../chain/ChainClockNote.js";
import { OutageBanner } from "../api/OutageBanner.js";
import { useOrphanTransactions } from "../chain/useTransaction.js";
import { TxStatus } from "../ui/TxStatus.js";

export function Layout() {
  const { isCdc, session, error, clearError, notice, clearNotice, wrongChain, chainId, expectedChainId, switchChain, busy } = useWallet();
  const menu = useHeaderMenu();
  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/" className="brand" aria-label="Cluster Platform, overview">
            <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
              <ellipse cx="16" cy="16" rx="14" ry="12" fill="none" stroke="currentColor" strokeWidth="2.5" />
              <ellipse cx="16" cy="16" rx="6" ry="5" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 2" />
              <circle cx="16" cy="16" r="2.2" fill="currentColor" />
            </svg>
            <span>Cluster Platform</span>
          </NavLink>
          <button
            type="button"
            ref={menu.button}
            className="menu-button icon-button"
            aria-label="Menu"
            aria-expanded={menu.open}
            aria-controls="topbar-menu"
            onClick={menu.toggle}
            data-testid="menu-button"
          >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              {menu.open ? (
                <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              ) : (
                <path d="M4 7h16M4 12h16M4 17h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              )}
            </svg>
          </button>
          {/* On a phone the navigation and the wallet fold away behind the menu button. */}
          <div id="topbar-menu" className={`topbar-menu${menu.open ? " open" : ""}`}>
            <nav className="mainnav" aria-label="Main">
              <NavLink to="/" end>
                Overview
              </NavLink>
              <NavLink to="/catalog">Catalog</NavLink>
              <NavLink to="/initiatives">Initiatives</NavLink>
              {session && <NavLink to="/network">Network</NavLink>}
              {isCdc && (
                <>
                  <span className="nav-sep" aria-hidden="true" />
                  <NavLink to="/cdc/register">Register cluster</NavLink>
                  <NavLink to="/cdc/configure">Configure cluster</NavLink>
                </>
              )}
            </nav>
            <NotificationBell />
            <WalletControl />
          </div>
        </div>
        {/* In the sticky header: an outage stays in view however far the page is scrolled. */}
        <OutageBanner />
      </header>
      {wrongChain && (
        // Where the header folds behind its menu, its switch button is out of sight: this says it.
        <div className="banner banner-warn wrong-chain-banner" role="status" data-testid="wrong-chain">
          <span>
            Your wallet is on chain {chainId}, not the platform's chain {expectedChainId}: transactions are refused until you switch.
          </span>
          <button type="button" className="button warn" onClick={() => void switchChain()} disabled={busy !== undefined}>
            Switch network
          </button>
        </div>
      )}
      {notice && (
        <div className="banner banner-info" role="status" data-testid="wallet-notice">
          <span>{notice}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={clearNotice}>
            ×
          </button>
        </div>
      )}
      {error && (
        <div className="banner banner-error" role="alert" data-testid="wallet-error">
          <span>{error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={clearError}>
            ×
          </button>
        </div>
      )}
      <main className="content">
        <OrphanTransactions />
        <Outlet />
      </main>
      <Footer />
    </div>
  );
}

/** The phone header's menu: shut again by Escape (focus back on its button) and by moving to another page. */
function useHeaderMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return { open, button, toggle: () => setOpen((o) => !o) };
}

/** Transactions whose form went away mid-flight (an account switch ends the session): how they end. */
function OrphanTransactions() {
  const { transactions, dismiss } = useOrphanTransactions();
  if (transactions.size === 0) return null;
  return (
    <section className="orphan-transactions" aria-label="Transactions under way" data-testid="orphan-transactions">
      {[...transactions].map(([id, state]) => (
        <TxStatus key={id} state={state} onDismiss={() => dismiss(id)} />
      ))}
    </section>
  );
}

function Footer() {
  const { data: status, error } = usePlatformStatus();
  return (
    <footer className="footer">
      {error && !status && <span className="dot dot-bad" />}
      {status ? (
        <span>
          <span
            className={`dot ${error || !status.chain.reachable || status.chainId === null || (status.headBlock ?? 0) - (status.indexedBlock ?? 0) > 5 ? "dot-warn" : "dot-good"}`}
          />{" "}
          {status.chainId === null
            ? "Waiting for the platform deployment on the chain"
            : `Chain ${status.chainId} · head block ${status.headBlock ?? "—"} · indexed ${status.indexedBlock ?? "—"} · ${status.clusterCount} clusters · ${status.serviceCount} services`}
        </span>
      ) : (
        <span>{error ? `Platform API unreachable: ${error.message}` : "Connecting to the platform…"}</span>
      )}
      <ChainClockNote headBlock={status?.headBlock} />
    </footer>
  );
}
