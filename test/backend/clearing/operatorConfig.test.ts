import { expect } from "chai";
import { ConfigError, loadConfig } from "../../../backend/config.js";

const BASE = { CLUSTER_SESSION_SECRET: "test-secret-test-secret-test-secret!" };
const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("clearing operator configuration", function () {
  it("leaves the operator off when CLUSTER_CLEARING_OPERATOR_KEY is unset or empty", function () {
    expect(loadConfig(BASE).clearingOperatorKey).to.equal(null);
    expect(loadConfig({ ...BASE, CLUSTER_CLEARING_OPERATOR_KEY: "" }).clearingOperatorKey).to.equal(null);
  });

  it("takes a hex private key with or without 0x, normalised to lowercase 0x hex", function () {
    expect(loadConfig({ ...BASE, CLUSTER_CLEARING_OPERATOR_KEY: KEY.slice(2).toUpperCase() }).clearingOperatorKey).to.equal(KEY);
  });

  it("refuses a key that is not 32 bytes of hex, without echoing it", function () {
    const bad = "0x59c6995e998f97a5a0044966f0945389";
    expect(() => loadConfig({ ...BASE, CLUSTER_CLEARING_OPERATOR_KEY: bad }))
      .to.throw(ConfigError, /CLUSTER_CLEARING_OPERATOR_KEY=\(hidden\): must be a private key: 32 bytes as 64 hex digits/)
      .with.property("message")
      .that.does.not.contain(bad);
  });

  it("refuses a key outside the secp256k1 range", function () {
    expect(() => loadConfig({ ...BASE, CLUSTER_CLEARING_OPERATOR_KEY: `0x${"0".repeat(64)}` })).to.throw(ConfigError, /is not a valid secp256k1 private key/);
    expect(() => loadConfig({ ...BASE, CLUSTER_CLEARING_OPERATOR_KEY: `0x${"f".repeat(64)}` })).to.throw(ConfigError, /is not a valid secp256k1 private key/);
  });
});
