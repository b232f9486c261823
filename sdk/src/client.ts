import { SiweMessage } from "siwe";

/** What signing in needs of a wallet: its address and a personal_sign of a message. */
export interface MessageSigner {
  getAddress(): Promise<string>;
  signMessage(message: string): Promise<string>;
}

/** An answer of the platform API that was not 2xx, with its error code and message. */
export class PlatformApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = "PlatformApiError";
  }
}

/** The platform's REST API (its OpenAPI document is at /api/openapi.json), optionally as a signed-in account. */
export class PlatformClient {
  private token?: string;

  constructor(readonly platformUrl: string) {}

  /** Signs in with Sign-In with Ethereum (EIP-4361) as `signer`: later calls carry the session. */
  async signIn(signer: MessageSigner, chainId: number): Promise<void> {
    const { nonce } = await this.request<{ nonce: string }>("GET", "/api/auth/nonce");
    const url = new URL(this.platformUrl);
    const message = new SiweMessage({
      domain: url.host,
      address: await signer.getAddress(),
      statement: "Sign in to the Cluster Platform.",
      uri: url.origin,
      version: "1",
      chainId,
      nonce,
      issuedAt: new Date().toISOString(),
    }).prepareMessage();
    const signature = await signer.signMessage(message);
    this.token = (await this.request<{ token: string }>("POST", "/api/auth/verify", { message, signature })).token;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(new URL(path, this.platformUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new PlatformApiError(res.status, error?.code ?? "error", error?.message ?? text);
    }
    return json as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }
}
