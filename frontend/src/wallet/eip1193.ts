// The injected wallet (EIP-1193). Only the parts this app uses are typed.

export interface RequestArguments {
  method: string;
  params?: unknown[] | Record<string, unknown>;
}

export interface Eip1193Provider {
  request(args: RequestArguments): Promise<unknown>;
  on?(event: string, listener: (...args: unknown[]) => void): void;
  removeListener?(event: string, listener: (...args: unknown[]) => void): void;
  isMetaMask?: boolean;
}

/** The error shape EIP-1193 wallets reject with. */
export interface ProviderRpcError {
  code: number;
  message: string;
  data?: unknown;
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

export function injectedProvider(): Eip1193Provider | undefined {
  return typeof window === "undefined" ? undefined : window.ethereum;
}

export function isProviderRpcError(value: unknown): value is ProviderRpcError {
  return typeof value === "object" && value !== null && typeof (value as ProviderRpcError).code === "number";
}

/** EIP-1193 code 4001: the person declined in the wallet. */
export const USER_REJECTED = 4001;
/** EIP-3085/3326 code 4902: the wallet does not know the chain. */
export const UNRECOGNIZED_CHAIN = 4902;
