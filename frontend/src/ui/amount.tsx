import { BrowserProvider, ZeroAddress } from "ethers";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { settlementTokenAt } from "../chain/contracts.js";
import { useWallet } from "../wallet/WalletContext.js";
import { formatAmount, formatRelative, formatTime, type TokenUnit } from "./format.js";

// The settlement token's decimals and symbol, read once per token from the chain, and the
// elements that show amounts and deadlines with them. Formatting lives in format.ts.

/** The cluster's settlement token, for every amount its tabs show or read; undefined until read. */
const TokenUnitContext = createContext<TokenUnit | undefined>(undefined);

export function TokenUnitProvider({ unit, children }: { unit: TokenUnit | undefined; children: ReactNode }) {
  return <TokenUnitContext.Provider value={unit}>{children}</TokenUnitContext.Provider>;
}

export function useTokenUnit(): TokenUnit | undefined {
  return useContext(TokenUnitContext);
}

/** A cluster without a settlement token counts amounts in whole units: agreements still hold them. */
export const NO_TOKEN: TokenUnit = { decimals: 0, symbol: "units" };

/** Per token address: what it said (a token's decimals and symbol do not change). */
const known = new Map<string, Promise<TokenUnit>>();

/**
 * The decimals and symbol of the token at `address`: as the platform read them (`indexed`, from
 * the cluster's detail), or else through the wallet (the web app has no chain connection of its
 * own); NO_TOKEN when there is none (no address, or the zero one). Undefined until known: without
 * a wallet before the platform read the token, on the wrong chain; a failed read is tried again
 * on the next render that asks.
 */
export function useSettlementToken(address: string | null | undefined, indexed?: TokenUnit | null): TokenUnit | undefined {
  const { provider, wrongChain } = useWallet();
  const key = address && address.toLowerCase() !== ZeroAddress ? address.toLowerCase() : undefined;
  const [unit, setUnit] = useState<{ key: string; unit: TokenUnit }>();
  useEffect(() => {
    if (!key || indexed || !provider || wrongChain) return;
    let live = true;
    let read = known.get(key);
    if (!read) {
      const token = settlementTokenAt(key, new BrowserProvider(provider));
      read = Promise.all([token.decimals(), token.symbol()]).then(([decimals, symbol]) => ({ decimals: Number(decimals), symbol }));
      known.set(key, read);
      read.catch(() => known.delete(key));
    }
    read.then(
      (u) => live && setUnit({ key, unit: u }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [key, indexed, provider, wrongChain]);
  if (!key) return NO_TOKEN;
  if (indexed) return indexed;
  return unit && unit.key === key ? unit.unit : undefined;
}

/** An amount in the token's smallest units, formatted for the reader with the symbol; never wrapped. */
export function Amount({ value, testId }: { value: bigint | string | null | undefined; testId?: string }) {
  const unit = useTokenUnit();
  if (value === null || value === undefined) return <>—</>;
  return (
    <span className="amount" data-amount={String(value)} data-testid={testId}>
      {formatAmount(value, unit)}
    </span>
  );
}

/** Amounts as text, for button labels and transaction titles: (base units) -> "1,234.56 CSR". */
export function useFormatAmount(): (value: bigint | string) => string {
  const unit = useTokenUnit();
  return useCallback((value) => formatAmount(value, unit), [unit]);
}

/**
 * A deadline (unix seconds, or an ISO time): the date, and beside it how far away it is on the
 * chain's clock (`now`, from useChainTime): "12 Jan 2027, 10:00 (in 2 days)", "(3 hours ago)".
 */
export function Deadline({ seconds, iso, now }: { seconds?: number; iso?: string; now: number }) {
  const ms = seconds !== undefined ? seconds * 1000 : Date.parse(iso ?? "");
  if (Number.isNaN(ms)) return <>{iso ?? "—"}</>;
  const future = ms >= now;
  return (
    <>
      {formatTime(new Date(ms).toISOString())}{" "}
      <span className={`relative-time${future ? "" : " muted"}`} data-relative={future ? "future" : "past"}>
        ({formatRelative(ms, now)})
      </span>
    </>
  );
}
