import { hexlify, toUtf8Bytes } from "ethers";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, api } from "../api/client.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import type { Me } from "../api/types.js";
import { injectedProvider, isProviderRpcError, UNRECOGNIZED_CHAIN, USER_REJECTED, type Eip1193Provider } from "./eip1193.js";
import { clearSession, loadSession, saveSession, type Session } from "./session.js";
import { buildSiweMessage } from "./siweMessage.js";

export interface WalletState {
  provider: Eip1193Provider | undefined;
  /** The wallet's selected account, lowercase; undefined until connected. */
  account: string | undefined;
  chainId: number | undefined;
  /** The chain the platform runs on (from /api/status). */
  expectedChainId: number | undefined;
  wrongChain: boolean;
  session: Session | undefined;
  me: Me | undefined;
  isCdc: boolean;
  busy: "connecting" | "switching" | "signing" | undefined;
  error: string | undefined;
  /** What changed in the wallet that the person should know of (a session ended by an account switch). */
  notice: string | undefined;
  connect(): Promise<void>;
  switchChain(): Promise<void>;
  signIn(): Promise<void>;
  signOut(): void;
  refreshMe(): void;
  clearError(): void;
  clearNotice(): void;
}

const WalletContext = createContext<WalletState | undefined>(undefined);

const SIWE_STATEMENT = "Sign in to the Cluster Platform.";
const SIWE_LIFETIME_MS = 10 * 60 * 1000;

function firstAccount(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === "string" ? value[0].toLowerCase() : undefined;
}

function walletErrorText(cause: unknown, action: string): string {
  if (isProviderRpcError(cause) && cause.code === USER_REJECTED) return `You declined to ${action} in your wallet.`;
  if (cause instanceof ApiError) return cause.message;
  if (cause instanceof Error) return `Could not ${action}: ${cause.message}`;
  if (isProviderRpcError(cause)) return `Could not ${action}: ${cause.message}`;
  return `Could not ${action}.`;
}

export function WalletProvider({ children }: { children: ReactNode }) {
  const provider = useMemo(injectedProvider, []);
  const { data: status } = usePlatformStatus();
  const expectedChainId = status?.chainId ?? undefined;
  const [account, setAccount] = useState<string>();
  const [chainId, setChainId] = useState<number>();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [me, setMe] = useState<Me>();
  const [busy, setBusy] = useState<WalletState["busy"]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [meGeneration, setMeGeneration] = useState(0);

  // Pick up an already-authorised account without prompting, and follow the wallet's changes.
  useEffect(() => {
    if (!provider) return;
    let live = true;
    void provider.request({ method: "eth_accounts" }).then(
      (a) => live && setAccount(firstAccount(a)),
      () => {},
    );
    void provider.request({ method: "eth_chainId" }).then(
      (c) => live && setChainId(Number(c)),
      () => {},
    );
    const onAccounts = (a: unknown) => setAccount(firstAccount(a));
    const onChain = (c: unknown) => setChainId(Number(c));
    provider.on?.("accountsChanged", onAccounts);
    provider.on?.("chainChanged", onChain);
    return () => {
      live = false;
      provider.removeListener?.("accountsChanged", onAccounts);
      provider.removeListener?.("chainChanged", onChain);
    };
  }, [provider]);

  // A session belongs to one address: switching accounts in the wallet ends it, and says so.
  useEffect(() => {
    if (session && account && session.address.toLowerCase() !== account) {
      clearSession();
      setSession(undefined);
      setMe(undefined);
      setNotice("Your wallet switched to another account, which ended the session of the previous one. Sign in again to act as the account now selected.");
    }
  }, [account, session]);

  useEffect(() => {
    if (!session) {
      setMe(undefined);
      return;
    }
    let live = true;
    api.me(session.token).then(
      (value) => live && setMe(value),
      (cause: unknown) => {
        if (!live) return;
        if (cause instanceof ApiError && cause.status === 401) {
          clearSession();
          setSession(undefined);
          setError("Your session has expired. Sign in again.");
        }
      },
    );
    return () => {
      live = false;
    };
  }, [session, meGeneration]);

  const connect = useCallback(async () => {
    if (!provider) {
      setError("No browser wallet found. Install an Ethereum wallet extension to sign in and send transactions.");
      return;
    }
    setBusy("connecting");
    setError(undefined);
    try {
      setAccount(firstAccount(await provider.request({ method: "eth_requestAccounts" })));
      setChainId(Number(await provider.request({ method: "eth_chainId" })));
    } catch (cause) {
      setError(walletErrorText(cause, "connect the wallet"));
    } finally {
      setBusy(undefined);
    }
  }, [provider]);

  const switchChain = useCallback(async () => {
    if (!provider || expectedChainId === undefined) return;
    setBusy("switching");
    setError(undefined);
    try {
      await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: `0x${expectedChainId.toString(16)}` }] });
      setChainId(Number(await provider.request({ method: "eth_chainId" })));
    } catch (cause) {
      setError(
        isProviderRpcError(cause) && cause.code === UNRECOGNIZED_CHAIN
          ? `Your wallet does not know chain ${expectedChainId}. Add the platform's network to the wallet first.`
          : walletErrorText(cause, "switch the network"),
      );
    } finally {
      setBusy(undefined);
    }
  }, [provider, expectedChainId]);

  const signIn = useCallback(async () => {
    if (!provider || !account || expectedChainId === undefined) return;
    setBusy("signing");
    setError(undefined);
    try {
      const { nonce } = await api.nonce();
      const issuedAt = new Date();
      const message = buildSiweMessage({
        domain: window.location.host,
        address: account,
        statement: SIWE_STATEMENT,
        uri: window.location.origin,
        chainId: expectedChainId,
        nonce,
        issuedAt,
        expirationTime: new Date(issuedAt.getTime() + SIWE_LIFETIME_MS),
      });
      const signature = await provider.request({
        method: "personal_sign",
        params: [hexlify(toUtf8Bytes(message)), account],
      });
      if (typeof signature !== "string") throw new Error("the wallet returned no signature");
      const result = await api.verify(message, signature);
      const next: Session = { token: result.token, address: result.address, expiresAt: result.expiresAt, roles: result.roles };
      saveSession(next);
      setSession(next);
      setNotice(undefined);
    } catch (cause) {
      setError(walletErrorText(cause, "sign in"));
    } finally {
      setBusy(undefined);
    }
  }, [provider, account, expectedChainId]);

  const signOut = useCallback(() => {
    clearSession();
    setSession(undefined);
    setMe(undefined);
  }, []);

  const refreshMe = useCallback(() => setMeGeneration((g) => g + 1), []);
  const clearError = useCallback(() => setError(undefined), []);
  const clearNotice = useCallback(() => setNotice(undefined), []);

  const value: WalletState = {
    provider,
    account,
    chainId,
    expectedChainId,
    wrongChain: chainId !== undefined && expectedChainId !== undefined && chainId !== expectedChainId,
    session,
    me,
    isCdc: Boolean(me?.roles.cdc ?? session?.roles.cdc),
    busy,
    error,
    notice,
    connect,
    switchChain,
    signIn,
    signOut,
    refreshMe,
    clearError,
    clearNotice,
  };
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}

/** The session token, if signed in; usable outside <WalletProvider> (then always undefined). */
export function useSessionToken(): string | undefined {
  return useContext(WalletContext)?.session?.token;
}

export function useWallet(): WalletState {
  const value = useContext(WalletContext);
  if (!value) throw new Error("useWallet must be used inside <WalletProvider>");
  return value;
}
