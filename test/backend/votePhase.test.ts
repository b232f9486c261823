import { expect } from "chai";
import { votePhase } from "../../frontend/src/governance/votePhase.js";
import { ballotFromHash, ballotLink, ballotText } from "../../frontend/src/governance/ballotLink.js";
import type { Ballot } from "../../frontend/src/governance/ballot.js";

// The web app's judgement of a proposal's phase on the chain's clock (what the badge, the
// countdown and the vote buttons all read), and the ballot link a gasless voter passes on.

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const START = 1_800_000_000;
const END = START + 3 * 86_400;
const proposal = (state: "pending" | "active" | "defeated" | "succeeded" | "executed" | "canceled" | "vetoed", reached = false) => ({
  state,
  voteStart: iso(START),
  deadline: iso(END),
  quorum: { counted: reached ? 4 : 1, required: 4, reached },
});
const at = (seconds: number) => seconds * 1000;

describe("votePhase: a proposal's phase on the chain's clock", function () {
  it("takes votes on a proposal the index still calls pending once the snapshot second is the chain's latest (votingDelay 0)", function () {
    expect(votePhase(proposal("pending"), at(START))).to.equal("open");
    expect(votePhase(proposal("pending"), at(START - 1))).to.equal("upcoming");
    expect(votePhase(proposal("pending"), at(START + 1))).to.equal("open");
  });

  it("stops offering the vote once a vote sent now would land after the deadline", function () {
    expect(votePhase(proposal("active"), at(END - 1))).to.equal("open");
    expect(votePhase(proposal("active"), at(END))).to.equal("counting");
    expect(votePhase(proposal("active"), at(END + 1))).to.equal("counting");
  });

  it("calls an active proposal open even when the reader's clock lags behind the index", function () {
    expect(votePhase(proposal("active"), at(START - 60))).to.equal("open");
  });

  it("names each outcome, a defeat without quorum as expired", function () {
    expect(votePhase(proposal("defeated", false), at(END + 1))).to.equal("expired");
    expect(votePhase(proposal("defeated", true), at(END + 1))).to.equal("defeated");
    expect(votePhase(proposal("succeeded", true), at(END + 1))).to.equal("passed");
    expect(votePhase(proposal("executed", true), at(END + 1))).to.equal("executed");
    expect(votePhase(proposal("canceled"), at(START))).to.equal("canceled");
    expect(votePhase(proposal("vetoed"), at(START))).to.equal("vetoed");
  });
});

describe("ballot links: a signed ballot in the fragment of its proposal's page", function () {
  const ballot: Ballot = {
    governor: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    chainId: 31337,
    proposalId: "123456789012345678901234567890",
    voter: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    support: "for",
    nonce: "0",
    signature: `0x${"ab".repeat(65)}`,
  };

  it("carries the ballot to the proposal's page and back unchanged", function () {
    const link = ballotLink("http://127.0.0.1:8080", 1, ballot);
    const url = new URL(link);
    expect(url.pathname).to.equal(`/clusters/1/proposals/${ballot.proposalId}`);
    expect(url.hash).to.match(/^#ballot=[A-Za-z0-9_-]+$/);
    expect(JSON.parse(ballotFromHash(url.hash)!)).to.deep.equal(ballot);
  });

  it("reads a pasted link or pasted ballot text alike, and no ballot from a fragment without one", function () {
    const link = ballotLink("http://127.0.0.1:8080", 1, ballot);
    expect(JSON.parse(ballotText(`  ${link} `))).to.deep.equal(ballot);
    expect(ballotText(JSON.stringify(ballot))).to.equal(JSON.stringify(ballot));
    expect(ballotFromHash("#section")).to.equal(undefined);
    expect(ballotFromHash("")).to.equal(undefined);
  });
});
