import { useWallet } from "../wallet/WalletContext.js";
import { Field, invalidProps } from "./Field.js";

/** The CDO's address in a cluster form, with a button that fills in the signed-in wallet's. */
export function CdoField({ value, onChange, error, hint }: { value: string; onChange: (cdo: string) => void; error?: string; hint?: string }) {
  const wallet = useWallet();
  return (
    <Field id="cluster-cdo" label="CDO address" hint={hint} error={error}>
      <div className="input-group">
        <input
          id="cluster-cdo"
          className="mono"
          value={value}
          spellCheck={false}
          placeholder="0x…"
          onChange={(e) => onChange(e.target.value)}
          {...invalidProps("cluster-cdo", error)}
        />
        {wallet.account && (
          <button type="button" className="button small" onClick={() => onChange(wallet.account!)}>
            Use mine
          </button>
        )}
      </div>
    </Field>
  );
}
