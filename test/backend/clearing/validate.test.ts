import { expect } from "chai";
import { maximumSetOff } from "../../../backend/clearing/setOff.js";
import { ClearingInputError } from "../../../backend/clearing/validate.js";
import type { Obligation } from "../../../backend/clearing/types.js";
import { member } from "./support/instances.js";

const ok: Obligation = { id: "1", debtor: member(0), creditor: member(1), amount: 5n };

function refusal(obligations: unknown): string {
  try {
    maximumSetOff(obligations as Obligation[]);
  } catch (err) {
    expect(err).to.be.instanceOf(ClearingInputError);
    return (err as Error).message;
  }
  throw new Error("expected the input to be refused");
}

describe("clearing solver: input validation", function () {
  it("refuses a negative amount", function () {
    expect(refusal([{ ...ok, amount: -1n }])).to.equal("Obligation 1: amount -1 is negative");
  });

  it("refuses an amount that is not a bigint", function () {
    expect(refusal([{ ...ok, amount: 5 }])).to.equal("Obligation 1: amount must be a bigint in integer token units, got number");
  });

  it("refuses an amount that does not fit in uint256", function () {
    expect(refusal([{ ...ok, amount: 1n << 256n }])).to.equal(`Obligation 1: amount ${1n << 256n} does not fit in uint256`);
  });

  it("refuses a member owing itself, whatever the address case", function () {
    const debtor = "0x52908400098527886E0F7030069857D2E4169EE7";
    expect(refusal([{ ...ok, debtor, creditor: debtor.toLowerCase() }])).to.equal(
      `Obligation 1: debtor and creditor are the same member ${debtor.toLowerCase()}`,
    );
  });

  it("refuses a malformed address", function () {
    expect(refusal([{ ...ok, creditor: "0x1234" }])).to.equal('Obligation 1: creditor "0x1234" is not a 0x-prefixed 20-byte hex address');
    expect(refusal([{ ...ok, debtor: 42 }])).to.equal("Obligation 1: debtor 42 is not a 0x-prefixed 20-byte hex address");
  });

  it("refuses a mixed-case address whose EIP-55 checksum is wrong", function () {
    const wrong = "0x52908400098527886E0F7030069857D2E4169Ee7";
    expect(refusal([{ ...ok, debtor: wrong }])).to.equal(`Obligation 1: debtor ${wrong} has an invalid EIP-55 checksum`);
  });

  it("refuses the same id twice", function () {
    expect(refusal([ok, { ...ok, amount: 1n }])).to.equal("Obligation 1: id appears more than once");
  });

  it("refuses an empty or negative id", function () {
    expect(refusal([{ ...ok, id: "" }])).to.equal("Obligation #0: id must be a non-empty string or a bigint");
    expect(refusal([{ ...ok, id: -3n }])).to.equal("Obligation #0: id -3 is negative");
  });

  it("refuses input that is not a list of obligations", function () {
    expect(refusal({})).to.equal("Obligations must be an array");
    expect(refusal([null])).to.equal("Obligation #0 is not an object");
  });

  it("tells a string id from the bigint with the same digits", function () {
    expect(maximumSetOff([ok, { ...ok, id: 1n }]).obligations.map((o) => o.id)).to.deep.equal(["1", 1n]);
  });
});
