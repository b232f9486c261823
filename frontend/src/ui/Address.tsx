import { usePlatformStatus } from "../api/StatusContext.js";
import { CopyButton } from "./CopyButton.js";
import { useAccountName } from "./names.js";

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The block explorer's page for a transaction or an account, when one is configured (CLUSTER_EXPLORER_URL). */
function useExplorerLink(kind: "tx" | "address", value: string): string | undefined {
  const explorer = usePlatformStatus().data?.explorerUrl;
  return explorer ? `${explorer}/${kind}/${value}` : undefined;
}

function ExplorerLink({ href, what }: { href: string | undefined; what: string }) {
  if (!href) return null;
  return (
    <a
      className="explorer-link"
      href={href}
      target="_blank"
      rel="noreferrer"
      aria-label={`Open the ${what} in the block explorer`}
      title="Open in the block explorer"
    >
      <span aria-hidden="true">↗</span>
    </a>
  );
}

/**
 * An account as people know it: the member's (or role's) name with the address on hover, or the
 * address shortened when the platform knows no name; `full` shows the whole address too.
 * Copyable, and linked to the block explorer when one is configured. `bare` leaves out the
 * buttons, for an address inside a link or a button; `named={false}` shows the address where the
 * name is beside it already.
 */
export function Address({ value, full = false, bare = false, named = true }: { value: string; full?: boolean; bare?: boolean; named?: boolean }) {
  const valid = ADDRESS.test(value) && named;
  const name = useAccountName(valid ? value : "0x");
  const href = useExplorerLink("address", value);
  const known = valid ? name : null;
  const code = (
    <code className="address" title={value}>
      {full ? value : shortAddress(value)}
    </code>
  );
  return (
    <span className="account" data-address={value.toLowerCase()}>
      {known ? (
        <span className="account-name" title={`${known.detail} · ${value}`} data-testid="account-name">
          {known.name}
        </span>
      ) : (
        code
      )}
      {known && full && code}
      {!bare && ADDRESS.test(value) && (
        <>
          <CopyButton value={value} what="address" />
          <ExplorerLink href={href} what="account" />
        </>
      )}
    </span>
  );
}

/** A transaction hash: shortened, copyable, and linked to the block explorer when one is configured. */
export function TxHash({ value }: { value: string }) {
  const href = useExplorerLink("tx", value);
  return (
    <span className="account">
      <code className="hash" title={value}>
        {value.slice(0, 10)}…
      </code>
      <CopyButton value={value} what="transaction hash" />
      <ExplorerLink href={href} what="transaction" />
    </span>
  );
}
