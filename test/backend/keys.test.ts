import { expect } from "chai";
import { Wallet, encryptKeystoreJson } from "ethers";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { KeyError, LOCAL_CHAIN_ID, loadPrivateKey, refuseWellKnownKey, wellKnownAccount } from "../../core/node/keys.js";
import { createProvider } from "../../core/chain/provider.js";
import { ConfigError, loadConfig } from "../../backend/config.js";
import { startServer, StartupError } from "../../backend/server.js";
import { loadSigner } from "../../deploy/signer.js";
import { tempDir } from "./support/index.js";
import { testConfig } from "./support/server.js";
import { platformWorld } from "./support/world.js";

const NAMES = { key: "CLUSTER_X_KEY", keyFile: "CLUSTER_X_KEY_FILE", password: "CLUSTER_KEYSTORE_PASSWORD" };
const PASSWORD = "correct horse battery staple";

/** A JSON-RPC endpoint that says it is chain 1 (a public network) and knows nothing else. */
async function foreignNode(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const calls = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[];
      const answer = (c: { id: number; method: string }) =>
        c.method === "eth_chainId" ? { jsonrpc: "2.0", id: c.id, result: "0x1" } : { jsonrpc: "2.0", id: c.id, error: { code: -32601, message: "not here" } };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(Array.isArray(calls) ? calls.map(answer) : answer(calls)));
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** Fails unless `promise` rejects with a KeyError matching `pattern` that shows none of `secrets`. */
async function refused(promise: Promise<unknown>, pattern: RegExp, secrets: string[] = []): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(KeyError);
  const message = (err as Error).message;
  expect(message).to.match(pattern);
  for (const secret of secrets) expect(message).not.to.include(secret);
}

describe("operator keys: where they come from and which are refused", function () {
  const own = Wallet.createRandom();
  let dir: string;
  let keystore: string;
  before(async function () {
    dir = await tempDir();
    keystore = join(dir, "operator.json");
    await writeFile(
      keystore,
      await encryptKeystoreJson({ address: own.address, privateKey: own.privateKey }, PASSWORD, {
        scrypt: { N: 1 << 10 },
      }),
    );
  });

  describe("loading a key", function () {
    it("reads a hex key given directly or in a file, with or without 0x", async function () {
      expect(await loadPrivateKey({ key: own.privateKey, names: NAMES })).to.equal(own.privateKey);
      const file = join(dir, "key.txt");
      await writeFile(file, `${own.privateKey.slice(2).toUpperCase()}\n`);
      expect(await loadPrivateKey({ keyFile: file, names: NAMES })).to.equal(own.privateKey);
    });

    it("opens an encrypted JSON keystore with its password", async function () {
      expect(await loadPrivateKey({ keyFile: keystore, password: PASSWORD, names: NAMES })).to.equal(own.privateKey);
    });

    it("refuses a keystore without a password or with a wrong one, echoing neither password nor key", async function () {
      await refused(loadPrivateKey({ keyFile: keystore, names: NAMES }), /is a keystore: set CLUSTER_KEYSTORE_PASSWORD/);
      await refused(loadPrivateKey({ keyFile: keystore, password: "wrong-password", names: NAMES }), /cannot decrypt the keystore/, [
        "wrong-password",
        own.privateKey.slice(2),
      ]);
    });

    it("refuses a file that holds neither a key nor a keystore without showing its content", async function () {
      const file = join(dir, "junk.txt");
      const almostAKey = `${own.privateKey.slice(2, 60)}zz`;
      await writeFile(file, almostAKey);
      await refused(loadPrivateKey({ keyFile: file, names: NAMES }), /holds neither a private key .* nor a JSON keystore/, [almostAKey]);
      await refused(loadPrivateKey({ key: almostAKey, names: NAMES }), /CLUSTER_X_KEY is not a private key/, [almostAKey]);
      await refused(loadPrivateKey({ key: `0x${"0".repeat(64)}`, names: NAMES }), /is not a private key/);
      await refused(loadPrivateKey({ keyFile: join(dir, "missing"), names: NAMES }), /cannot read .*missing \(ENOENT\)/);
      await refused(loadPrivateKey({ key: own.privateKey, keyFile: keystore, names: NAMES }), /either CLUSTER_X_KEY or CLUSTER_X_KEY_FILE, not both/);
    });
  });

  describe("the well-known development keys", function () {
    it("are accepted on the local chain only, and a key of one's own everywhere", function () {
      for (const index of [0, 9, 19]) {
        const address = wellKnownAccount(index).address;
        expect(() => refuseWellKnownKey(address, LOCAL_CHAIN_ID, "deployer")).not.to.throw();
        for (const chainId of [1, LOCAL_CHAIN_ID - 1, LOCAL_CHAIN_ID + 1, 1337, null]) {
          expect(() => refuseWellKnownKey(address, chainId, "deployer"), String(chainId)).to.throw(KeyError, /well-known development accounts/);
        }
      }
      expect(() => refuseWellKnownKey(own.address, 1, "deployer")).not.to.throw();
    });

    it("are refused as the deployer's key on another chain, and a key of one's own is not", async function () {
      const node = await foreignNode();
      const provider = createProvider(node.url);
      try {
        const key = wellKnownAccount(0).privateKey;
        await refused(loadSigner({ key }, provider), /The deployer key \(0x[0-9a-fA-F]{40}\) is one of the well-known .* refused on chain 1 /, [key.slice(2)]);
        expect(await (await loadSigner({ key: own.privateKey }, provider)).getAddress()).to.equal(own.address);
      } finally {
        provider.destroy();
        node.close();
      }
    });
  });

  describe("the clearing operator in the backend process", function () {
    this.timeout(120_000);
    const env = (extra: NodeJS.ProcessEnv) => ({
      CLUSTER_DEPLOYMENT: join(dir, "no-deployment.json"),
      CLUSTER_DB: join(dir, "index.sqlite"),
      CLUSTER_API_PORT: "0",
      CLUSTER_IPFS_DIR: join(dir, "ipfs"),
      ...extra,
    });

    async function startRefusal(extra: NodeJS.ProcessEnv): Promise<string> {
      return startServer(testConfig(env(extra)), () => {}).then(
        async (running) => {
          await running.stop();
          return "started";
        },
        (e: unknown) => (e instanceof StartupError ? e.message : `unexpected: ${String(e)}`),
      );
    }

    it("refuses a well-known key as the clearing operator's on a chain that is not the local one, or that cannot be identified", async function () {
      const node = await foreignNode();
      try {
        const key = wellKnownAccount(19).privateKey;
        expect(await startRefusal({ CLUSTER_RPC_URL: node.url, CLUSTER_CLEARING_OPERATOR_KEY: key })).to.match(
          /^Refusing to start: The clearing operator key \(0x[0-9a-fA-F]{40}\) is one of the well-known development accounts .* refused on chain 1 /,
        );
        const file = join(dir, "hardhat19.txt");
        await writeFile(file, key);
        const fromFile = await startRefusal({ CLUSTER_RPC_URL: node.url, CLUSTER_CLEARING_OPERATOR_KEY_FILE: file });
        expect(fromFile).to.match(/refused on chain 1 /);
        expect(fromFile).not.to.include(key.slice(2));
        expect(await startRefusal({ CLUSTER_RPC_URL: "http://127.0.0.1:9", CLUSTER_CLEARING_OPERATOR_KEY: key })).to.match(
          /refused on a chain that did not say its id/,
        );
      } finally {
        node.close();
      }
    });

    it("refuses a configuration with both a key and a key file, showing neither the key nor the password", function () {
      const key = wellKnownAccount(19).privateKey;
      const both = () =>
        loadConfig({
          CLUSTER_SESSION_SECRET: "x".repeat(32),
          CLUSTER_CLEARING_OPERATOR_KEY: key,
          CLUSTER_CLEARING_OPERATOR_KEY_FILE: keystore,
          CLUSTER_KEYSTORE_PASSWORD: PASSWORD,
        });
      expect(both).to.throw(ConfigError, /set CLUSTER_CLEARING_OPERATOR_KEY or CLUSTER_CLEARING_OPERATOR_KEY_FILE, not both/);
      expect(() => loadConfig({ CLUSTER_SESSION_SECRET: "x".repeat(32), CLUSTER_CLEARING_OPERATOR_KEY: "zz" + key.slice(4) }))
        .to.throw(ConfigError)
        .with.property("message")
        .that.does.not.include(key.slice(4));
    });

    it("refuses a keystore it cannot open, naming the setting, not the password", async function () {
      const message = await startRefusal({
        CLUSTER_RPC_URL: "http://127.0.0.1:9",
        CLUSTER_CLEARING_OPERATOR_KEY_FILE: keystore,
        CLUSTER_KEYSTORE_PASSWORD: "not-the-password",
      });
      expect(message).to.match(/^Refusing to start: CLUSTER_CLEARING_OPERATOR_KEY_FILE: cannot decrypt the keystore/);
      expect(message).not.to.include("not-the-password");
    });

    it("signs with the key of an encrypted keystore, and with a well-known key on the local chain", async function () {
      const world = await platformWorld();
      const local = { CLUSTER_RPC_URL: world.chain.url, CLUSTER_DEPLOYMENT: world.recordPath };
      const running = await startServer(
        testConfig(env({ ...local, CLUSTER_CLEARING_OPERATOR_KEY_FILE: keystore, CLUSTER_KEYSTORE_PASSWORD: PASSWORD })),
        () => {},
      );
      try {
        expect(running.operator?.address).to.equal(own.address.toLowerCase());
      } finally {
        await running.stop();
      }
      const hardhat = await startServer(
        testConfig(
          env({
            ...local,
            CLUSTER_DB: join(dir, "local.sqlite"),
            CLUSTER_CLEARING_OPERATOR_KEY: wellKnownAccount(18).privateKey,
          }),
        ),
        () => {},
      );
      try {
        expect(hardhat.operator?.address).to.equal(wellKnownAccount(18).address.toLowerCase());
      } finally {
        await hardhat.stop();
      }
    });
  });
});
