import type { ReactNode } from "react";
import { Notice } from "../ui/Notice.js";
import { useWallet } from "./WalletContext.js";

/** Shows CDC pages only to a signed-in CDC; everyone else learns what is missing. */
export function CdcGate({ title, children }: { title: string; children: ReactNode }) {
  const wallet = useWallet();
  let problem: string | undefined;
  if (!wallet.provider) problem = "This page needs a browser wallet holding the CDC key.";
  else if (!wallet.account) problem = "Connect the CDC wallet (top right) to use this page.";
  else if (!wallet.session) problem = "Sign in with the CDC wallet (top right) to use this page.";
  else if (!wallet.me)
    return (
      <section className="page">
        <h1>{title}</h1>
        <p className="muted">Checking your roles…</p>
      </section>
    );
  else if (!wallet.isCdc) problem = `The signed-in address ${wallet.account} does not hold the CDC role, so the contracts would refuse its transactions.`;
  if (problem) {
    return (
      <section className="page">
        <h1>{title}</h1>
        <Notice tone="warn" title="For the Cluster Development Center">
          {problem}
        </Notice>
      </section>
    );
  }
  return <>{children}</>;
}
