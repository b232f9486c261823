import { createHmac, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { GATEWAY_TOKEN_ALG } from "../../core/services/gateway.js";

/** The gateway's secrets: the key that signs its tokens, and the master its webhook secrets derive from. */
export interface GatewayKeys {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The Standard Webhooks secret of a service ("whsec_" + base64), the same on every start. */
  webhookSecret(service: string): string;
}

interface StoredKeys {
  kid: string;
  privateJwk: JWK;
  webhookMaster: string;
}

async function generate(): Promise<StoredKeys> {
  const { privateKey } = await generateKeyPair(GATEWAY_TOKEN_ALG, { extractable: true });
  return { kid: randomBytes(8).toString("hex"), privateJwk: await exportJWK(privateKey), webhookMaster: randomBytes(32).toString("base64") };
}

/**
 * The gateway's keys, kept in `file` (created with mode 0600 on first start, so tokens and webhook
 * secrets stay valid across restarts), or held in memory only when `file` is null.
 */
export async function loadGatewayKeys(file: string | null): Promise<GatewayKeys> {
  let stored: StoredKeys | undefined;
  if (file) {
    try {
      stored = JSON.parse(await readFile(file, "utf8")) as StoredKeys;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        throw new Error(`Cannot read the gateway keys in ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (!stored) {
    stored = await generate();
    if (file) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(stored)}\n`, { mode: 0o600 });
    }
  }
  const { d: _private, ...publicJwk } = stored.privateJwk;
  const master = Buffer.from(stored.webhookMaster, "base64");
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored.privateJwk, GATEWAY_TOKEN_ALG)) as CryptoKey,
    publicJwk: { ...publicJwk, kid: stored.kid, alg: GATEWAY_TOKEN_ALG, use: "sig" },
    webhookSecret: (service) => `whsec_${createHmac("sha256", master).update(`webhook:${service}`).digest("base64")}`,
  };
}
