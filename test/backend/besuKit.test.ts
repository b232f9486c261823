import { expect } from "chai";
import { parseNetworkFile } from "../../backend/operators/permissioning/networkFile.js";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { decodeQbftExtraData, encodeQbftExtraData, sortValidators } from "../../deploy/besu/extraData.js";
import { QBFT_MIX_HASH, qbftGenesis } from "../../deploy/besu/genesis.js";
import { generateKit } from "../../deploy/besu/kit.js";
import { nodeKeyFromPrivate, nodeKeyFromPublic, readNodeKey } from "../../deploy/besu/nodeKeys.js";
import { deployHeaderModeValidatorSet, VALIDATOR_SET_ADDRESS } from "../../deploy/besu/validatorSet.js";
import { ValidatorSet__factory } from "../../types/typechain/index.js";
import { account, sharedChain } from "./support/chain.js";
import { drawKit } from "../../scripts/besuKit.js";

// BESU.md's worked example from Besu's QBFT documentation: four validators, not sorted.
const EXAMPLE_VALIDATORS = [
  "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
  "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
  "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
  "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
];
const EXAMPLE_EXTRA_DATA =
  "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f854944592c8e45706cc08b8f44b11e43cba0cfc5892cb9406e23768a0f59cf365e18c2e0c89e151bcdedc7094c5327f96ee02d7bcbc1bf1236b8c15148971e1de94ab5e7f4061c605820d3744227eed91ff8e2c8908c080c0";

/** The message a promise is refused with (the test fails if it is not refused). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "refused").to.be.instanceOf(Error);
  return (error as Error).message;
}

describe("Besu network kit: QBFT genesis, node configuration, permissioning files and compose", function () {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), "cluster-besu-kit-"))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  describe("extraData", function () {
    it("encodes Besu's worked example byte for byte, in the order given", function () {
      expect(encodeQbftExtraData(EXAMPLE_VALIDATORS)).to.equal(EXAMPLE_EXTRA_DATA);
    });

    it("decodes what it encodes: one validator, several unsorted, none (contract mode)", function () {
      const one = [Wallet.createRandom().address];
      for (const validators of [one, EXAMPLE_VALIDATORS, []]) {
        const decoded = decodeQbftExtraData(encodeQbftExtraData(validators));
        expect(decoded.validators.map((v) => v.toLowerCase())).to.deep.equal(validators.map((v) => v.toLowerCase()));
        expect(decoded).to.include({ round: 0, vanity: `0x${"00".repeat(32)}` });
      }
      expect(encodeQbftExtraData([])).to.equal("0xe5a00000000000000000000000000000000000000000000000000000000000000000c0c080c0");
    });

    it("refuses what is not a validator list or not an extraData", function () {
      expect(() => encodeQbftExtraData(["0x1234"])).to.throw("Not an address: 0x1234");
      expect(() => encodeQbftExtraData([EXAMPLE_VALIDATORS[0]!, EXAMPLE_VALIDATORS[0]!.toUpperCase().replace("0X", "0x")])).to.throw("listed twice");
      expect(() => decodeQbftExtraData("0xc0")).to.throw("expected a list of 5 items");
    });

    it("sorts validators ascending, as Besu's docs advise for a genesis", function () {
      expect(sortValidators(EXAMPLE_VALIDATORS)).to.deep.equal([EXAMPLE_VALIDATORS[1], EXAMPLE_VALIDATORS[0], EXAMPLE_VALIDATORS[3], EXAMPLE_VALIDATORS[2]]);
    });
  });

  describe("genesis", function () {
    it("is a free-gas QBFT genesis with the validators sorted into its extraData", function () {
      const genesis = qbftGenesis({ chainId: 2026, validators: EXAMPLE_VALIDATORS, blockPeriodSeconds: 5 }) as {
        config: Record<string, unknown>;
        extraData: string;
        difficulty: string;
        mixHash: string;
        gasLimit: string;
      };
      expect(genesis.config).to.deep.include({ chainId: 2026, londonBlock: 0, shanghaiTime: 0, zeroBaseFee: true });
      expect(genesis.config.qbft).to.deep.equal({ blockperiodseconds: 5, epochlength: 30_000, requesttimeoutseconds: 4 });
      expect(genesis).to.include({ difficulty: "0x1", mixHash: QBFT_MIX_HASH, gasLimit: "0x1fffffffffffff" });
      expect(decodeQbftExtraData(genesis.extraData).validators.map((v) => v.toLowerCase())).to.deep.equal(sortValidators(EXAMPLE_VALIDATORS));
    });

    it("names the validator contract in contract mode, with no validator in the extraData", function () {
      const contract = Wallet.createRandom().address;
      const genesis = qbftGenesis({ chainId: 2026, validators: [], validatorContract: contract }) as {
        config: { qbft: Record<string, unknown> };
        extraData: string;
      };
      expect(genesis.config.qbft.validatorcontractaddress).to.equal(contract.toLowerCase());
      expect(decodeQbftExtraData(genesis.extraData).validators).to.deep.equal([]);
      expect(() => qbftGenesis({ chainId: 2026, validators: EXAMPLE_VALIDATORS, validatorContract: contract })).to.throw("contract mode");
      expect(() => qbftGenesis({ chainId: 2026, validators: [] })).to.throw("at least one validator");
      expect(() => qbftGenesis({ chainId: 0, validators: EXAMPLE_VALIDATORS })).to.throw("positive integer");
    });
  });

  describe("node keys", function () {
    it("derives the enode id and validator address from a private or a public key alike", function () {
      const wallet = Wallet.createRandom();
      const fromPrivate = nodeKeyFromPrivate(wallet.privateKey);
      expect(fromPrivate.address).to.equal(wallet.address);
      expect(fromPrivate.enodeId).to.match(/^[0-9a-f]{128}$/);
      for (const given of [wallet.signingKey.publicKey, wallet.signingKey.publicKey.slice(4), `0x${fromPrivate.enodeId}`]) {
        expect(nodeKeyFromPublic(given)).to.deep.equal({ enodeId: fromPrivate.enodeId, address: wallet.address });
      }
      expect(() => nodeKeyFromPublic(`0x04${"00".repeat(64)}`)).to.throw();
      expect(() => nodeKeyFromPublic("0x1234")).to.throw("Not an uncompressed secp256k1 public key");
    });
  });

  describe("the kit", function () {
    it("writes genesis, keys readable by their owner only, node configurations, permissions and a compose file", async function () {
      const cdc = Wallet.createRandom().address;
      const own = Wallet.createRandom();
      const kit = await generateKit({
        outDir: dir,
        chainId: 2026,
        validators: [
          { name: "alpha-works" },
          { name: "beta-institute", publicKey: own.signingKey.publicKey },
          { name: "gamma-logistics" },
          { name: "delta-bank" },
        ],
        accounts: [cdc],
        repository: "../..",
      });
      const validators = kit.nodes.filter((n) => n.role === "validator");
      expect(validators.map((v) => v.ip)).to.deep.equal(["172.28.0.11", "172.28.0.12", "172.28.0.13", "172.28.0.14"]);
      const genesis = JSON.parse(await readFile(join(dir, "genesis.json"), "utf8")) as { extraData: string };
      expect(decodeQbftExtraData(genesis.extraData).validators).to.deep.equal(sortValidators(validators.map((v) => v.key.address)));

      // Generated keys are written and read back; the organisation that keeps its own gets only its public key.
      const alpha = validators[0]!;
      expect((await readNodeKey(join(dir, "nodes", "alpha-works"))).address).to.equal(alpha.key.address);
      expect((await stat(join(dir, "nodes", "alpha-works", "key"))).mode & 0o777).to.equal(0o600);
      expect((await stat(join(dir, "secrets", "db-password"))).mode & 0o777).to.equal(0o600);
      expect(validators[1]!.key.address).to.equal(own.address);
      expect(await refusal(stat(join(dir, "nodes", "beta-institute", "key")))).to.contain("ENOENT");
      expect(await readFile(join(dir, "nodes", "beta-institute", "key.pub"), "utf8")).to.equal(`0x${validators[1]!.key.enodeId}`);
      expect(await readFile(join(dir, ".gitignore"), "utf8"))
        .to.contain("nodes/*/key")
        .and.contain("secrets/");

      for (const n of kit.nodes) {
        const config = parseToml(await readFile(join(dir, "nodes", n.name, "config.toml"), "utf8")) as Record<string, unknown>;
        expect(config).to.include({
          "min-gas-price": 0,
          "rpc-http-enabled": true,
          "permissions-nodes-config-file-enabled": true,
          "permissions-accounts-config-file-enabled": true,
        });
        // The permissioning operator keeps every node's allowlists and reads its peers.
        expect(config["rpc-http-api"]).to.include.members(["ETH", "QBFT", "PERM", "ADMIN"]);
        if (n.role === "validator") expect(config["rpc-http-api"]).not.to.include("TXPOOL");
        expect(config.bootnodes).to.have.members(validators.filter((v) => v !== n).map((v) => v.enode));
        const permissions = parseToml(await readFile(join(dir, "nodes", n.name, "permissions_config.toml"), "utf8")) as Record<string, string[]>;
        expect(permissions["nodes-allowlist"]).to.have.members(kit.nodes.map((x) => x.enode));
        expect(permissions["accounts-allowlist"]).to.deep.equal([cdc.toLowerCase()]);
      }
      expect(alpha.enode).to.equal(`enode://${alpha.key.enodeId}@172.28.0.11:30303`);
      // The permissioning operator's network file names every node by its compose name.
      const network = parseNetworkFile(JSON.parse(await readFile(join(dir, "network.json"), "utf8")));
      expect(network.mode).to.equal("header");
      expect(network.nodes.map((n) => [n.name, n.rpcUrl, n.validator])).to.deep.equal(
        kit.nodes.map((n) => [n.name, `http://${n.name}:8545`, n.role === "validator"]),
      );

      const compose = parseYaml(await readFile(join(dir, "compose.yaml"), "utf8")) as {
        services: Record<string, { image: string; healthcheck?: unknown; ports?: string[]; depends_on?: Record<string, { condition: string }> }>;
      };
      expect(Object.keys(compose.services)).to.have.members(["alpha-works", "beta-institute", "gamma-logistics", "delta-bank", "rpc", "kubo", "db", "backend"]);
      for (const [name, service] of Object.entries(compose.services)) expect(service.healthcheck, name).to.not.equal(undefined);
      // Only the RPC node and the backend are reachable from the host, and only on its loopback.
      expect(
        Object.entries(compose.services)
          .filter(([, s]) => s.ports?.length)
          .map(([n]) => n),
      ).to.have.members(["rpc", "backend"]);
      for (const s of Object.values(compose.services)) for (const p of s.ports ?? []) expect(p).to.match(/^127\.0\.0\.1:/);
      expect(compose.services.backend!.depends_on).to.deep.equal({
        rpc: { condition: "service_healthy" },
        kubo: { condition: "service_healthy" },
        db: { condition: "service_healthy" },
      });

      expect(drawKit(kit)).to.contain("4 validators, tolerating 1 faulty").and.contain("alpha-works").and.contain("(own key)").and.contain("rpc 172.28.0.10");
    });

    it("turns accounts permissioning off when no account is given, and refuses a folder that already holds a kit", async function () {
      const kit = await generateKit({ outDir: dir, chainId: 7, validators: [{ name: "solo" }], accounts: [], repository: "." });
      const config = parseToml(await readFile(join(dir, "nodes", "solo", "config.toml"), "utf8")) as Record<string, unknown>;
      expect(config).to.not.have.property("permissions-accounts-config-file-enabled");
      expect(config.bootnodes).to.deep.equal([]);
      expect(drawKit(kit)).to.contain("1 validator, tolerating 0 faulty");
      const before = await readFile(join(dir, "nodes", "solo", "key"), "utf8");
      expect(await refusal(generateKit({ outDir: dir, chainId: 7, validators: [{ name: "solo" }], accounts: [], repository: "." }))).to.contain(
        "already holds a network kit",
      );
      expect(await readFile(join(dir, "nodes", "solo", "key"), "utf8")).to.equal(before);
    });

    it("puts the validators in a ValidatorSet in the genesis alloc in contract mode, and none in the extraData", async function () {
      const admin = Wallet.createRandom().address;
      const kit = await generateKit({
        outDir: dir,
        chainId: 7,
        validators: [{ name: "one" }, { name: "two" }],
        accounts: [],
        repository: ".",
        validatorContract: { admin, runtimeCode: "0x6080" },
      });
      const genesis = kit.genesis as {
        config: { qbft: Record<string, unknown> };
        extraData: string;
        alloc: Record<string, { code: string; storage: Record<string, string> }>;
      };
      expect(genesis.config.qbft.validatorcontractaddress).to.equal(VALIDATOR_SET_ADDRESS);
      expect(decodeQbftExtraData(genesis.extraData).validators).to.deep.equal([]);
      const account = genesis.alloc[VALIDATOR_SET_ADDRESS.slice(2)]!;
      expect(account.code).to.equal("0x6080");
      // Admin, length, two elements and two positions (test/contracts/ValidatorSet.test.ts runs them).
      expect(Object.keys(account.storage)).to.have.length(6);
      expect(drawKit(kit)).to.contain("ValidatorSet contract at");
      const network = parseNetworkFile(JSON.parse(await readFile(join(dir, "network.json"), "utf8")));
      expect([network.mode, network.validatorSet, network.accounts]).to.deep.equal(["contract", VALIDATOR_SET_ADDRESS.toLowerCase(), false]);
    });

    it("refuses bad names, a name given twice, two validators with one key, and a subnet that is not a /24", async function () {
      const key = Wallet.createRandom().signingKey.publicKey;
      const attempt = (validators: { name: string; publicKey?: string }[], subnet?: string) =>
        generateKit({ outDir: join(dir, String(Math.random())), chainId: 7, validators, accounts: [], repository: ".", subnet });
      expect(await refusal(attempt([{ name: "Alpha Works" }]))).to.contain("lowercase words");
      expect(await refusal(attempt([{ name: "rpc" }]))).to.contain("lowercase words");
      expect(await refusal(attempt([{ name: "a" }, { name: "a" }]))).to.contain("listed twice");
      expect(
        await refusal(
          attempt([
            { name: "a", publicKey: key },
            { name: "b", publicKey: key },
          ]),
        ),
      ).to.contain("same key");
      expect(await refusal(attempt([{ name: "a" }], "10.0.0.0/16"))).to.contain("/24");
      expect(await refusal(attempt([]))).to.contain("at least one validator");
    });

    it("deploys header mode's ValidatorSet from the genesis validators and names it in the network file; refuses a contract-mode genesis", async function () {
      const chain = await sharedChain();
      const cdc = account(0, chain.provider);
      const kit = await generateKit({
        outDir: dir,
        chainId: 7,
        validators: [{ name: "one" }, { name: "two" }, { name: "three" }],
        accounts: [],
        repository: ".",
      });
      const address = await deployHeaderModeValidatorSet(cdc, join(dir, "genesis.json"), join(dir, "network.json"));
      const set = ValidatorSet__factory.connect(address, chain.provider);
      const expected = sortValidators(kit.nodes.filter((n) => n.role === "validator").map((n) => n.key.address));
      expect((await set.getValidators()).map((a) => a.toLowerCase())).to.deep.equal(expected.map((a) => a.toLowerCase()));
      expect(await set.admin()).to.equal(cdc.address);
      expect(parseNetworkFile(JSON.parse(await readFile(join(dir, "network.json"), "utf8"))).validatorSet).to.equal(address);

      const contractDir = join(dir, "contract");
      await generateKit({
        outDir: contractDir,
        chainId: 7,
        validators: [{ name: "one" }],
        accounts: [],
        repository: ".",
        validatorContract: { admin: cdc.address, runtimeCode: "0x6080" },
      });
      expect(await refusal(deployHeaderModeValidatorSet(cdc, join(contractDir, "genesis.json")))).to.contain("contract mode");
    });
  });
});
