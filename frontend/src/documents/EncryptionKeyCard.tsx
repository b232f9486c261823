import { useEffect, useState } from "react";
import { getBytes } from "ethers";
import { membershipAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import type { ClusterDetail } from "../api/types.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { createKey, loadKey, type StoredKey } from "./keyStore.js";

/**
 * A member's document key: generated in the browser, the secret half kept there for this account
 * as a non-extractable key (see keyStore), the public half published on chain with
 * Membership.setEncryptionKey.
 */
export function EncryptionKeyCard({
  cluster,
  account,
  published,
  onPublished,
}: {
  cluster: ClusterDetail;
  account: string;
  published: string | null;
  onPublished: () => void;
}) {
  const membership = cluster.components.Membership;
  const tx = useTransaction();
  // undefined while this browser's key store is read; then the key, or null when it holds none.
  const [stored, setStored] = useState<StoredKey | null>();
  const [keyError, setKeyError] = useState<string>();
  useEffect(() => {
    if (!membership) return;
    let current = true;
    setStored(undefined);
    setKeyError(undefined);
    loadKey(membership, account).then(
      (key) => current && setStored(key ?? null),
      (cause: unknown) => {
        if (!current) return;
        setStored(null);
        setKeyError(cause instanceof Error ? cause.message : String(cause));
      },
    );
    return () => {
      current = false;
    };
  }, [membership, account]);
  if (!membership) return null;
  const matches = !!stored && published !== null && stored.publicKeyHex.toLowerCase() === published.toLowerCase();

  const publish = async () => {
    setKeyError(undefined);
    let key: StoredKey;
    try {
      key = stored && !matches ? stored : await createKey(membership, account);
    } catch (cause) {
      setKeyError(cause instanceof Error ? cause.message : String(cause));
      return;
    }
    setStored(key);
    await tx.run("Publish encryption key", (signer) => membershipAt(membership, signer).setEncryptionKey(getBytes(key.publicKeyHex)), onPublished);
  };

  return (
    <div className="card" data-testid="encryption-key">
      <h2>Your document key</h2>
      <p className="muted small">
        Documents for you are encrypted with your public key, published on chain. The secret key is generated in this browser and stays there, for this account,
        as a key that no script (this page's included) can read out — another browser or a cleared profile cannot read documents encrypted for it, and there is
        no export.
      </p>
      {keyError && (
        <Notice tone="error" title="Your document key">
          {keyError}
        </Notice>
      )}
      {stored === undefined ? (
        <p className="muted loading" data-testid="key-state">
          Looking for your key in this browser…
        </p>
      ) : matches ? (
        <Notice tone="success" title="Key published">
          <span data-testid="key-state">Your public key {published?.slice(0, 18)}… is on chain and its secret key is in this browser.</span>
        </Notice>
      ) : published ? (
        <Notice tone="warn" title="Key published from elsewhere">
          <span data-testid="key-state">A key is on chain, but its secret key is not in this browser. Publish a new key to read new documents here.</span>
        </Notice>
      ) : (
        <Notice tone="info">
          <span data-testid="key-state">You have no published key yet: nobody can encrypt documents for you.</span>
        </Notice>
      )}
      {stored !== undefined && !matches && (
        <div className="actions">
          <button type="button" className="button" disabled={tx.busy} onClick={() => void publish()}>
            {published ? "Generate and publish a new key" : "Generate and publish key"}
          </button>
        </div>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
