import { usePlatformStatus } from "./StatusContext.js";
import { useApiReachability } from "./reachability.js";

/**
 * One banner for an outage, rather than an error on every card: the platform's server does not
 * answer (what is on screen stays, and refreshes by itself once it is back), or the chain does not
 * (the index still answers; transactions are refused until the chain is back).
 */
export function OutageBanner() {
  const { reachable } = useApiReachability();
  const { data: status } = usePlatformStatus();
  if (!reachable)
    return (
      <div className="banner banner-warn outage" role="status" data-testid="api-outage">
        <span className="spinner" aria-hidden="true" />
        <span>
          <strong>The platform's server does not answer; retrying…</strong> What you see was loaded before and refreshes by itself once the server is back;
          nothing can be saved meanwhile.
        </span>
      </div>
    );
  if (status && !status.chain.reachable)
    return (
      <div className="banner banner-warn outage" role="status" data-testid="chain-outage">
        <span className="dot dot-warn" aria-hidden="true" />
        <span>
          <strong>The chain does not answer: transactions are paused until it is back.</strong> What you see is the platform's index
          {status.indexedBlock === null ? "" : ` up to block ${status.indexedBlock}`}.
        </span>
      </div>
    );
  return null;
}
