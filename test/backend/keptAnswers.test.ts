import { expect } from "chai";
import { KEPT_ANSWERS, keptAnswer } from "../../backend/query/keptAnswers.js";
import type { Db } from "../../backend/db/db.js";

// Derived answers kept per database while their version stands (backend/query/keptAnswers.ts).

describe("answers kept while what they derive from stands", function () {
  // keptAnswer never touches the database; it keys its answers by it.
  const newDb = () => ({}) as Db;

  it("computes once per version, shares a computation in flight, and computes again for another version", async function () {
    const db = newDb();
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return computed;
    };
    const [first, second] = await Promise.all([keptAnswer(db, "k", "v1", compute), keptAnswer(db, "k", "v1", compute)]);
    expect([first, second, computed]).to.deep.equal([1, 1, 1]);
    expect(await keptAnswer(db, "k", "v1", compute)).to.equal(1);
    expect(await keptAnswer(db, "k", "v2", compute)).to.equal(2);
    expect(await keptAnswer(newDb(), "k", "v2", compute), "another database keeps its own").to.equal(3);
  });

  it("keeps no failure: the next request computes again", async function () {
    const db = newDb();
    let attempts = 0;
    const flaky = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("the index was busy");
      return "answer";
    };
    await keptAnswer(db, "k", "v", flaky).then(
      () => expect.fail("the first attempt fails"),
      (e: Error) => expect(e.message).to.equal("the index was busy"),
    );
    expect(await keptAnswer(db, "k", "v", flaky)).to.equal("answer");
    expect(attempts).to.equal(2);
  });

  it(`keeps the ${KEPT_ANSWERS} most recently used answers per database`, async function () {
    const db = newDb();
    let computed = 0;
    const compute = async () => ++computed;
    for (let i = 0; i <= KEPT_ANSWERS; i++) await keptAnswer(db, `k${i}`, "v", compute);
    // k0 was the least recently used when k8 came: it is computed again; k8 is still kept.
    const before = computed;
    await keptAnswer(db, `k${KEPT_ANSWERS}`, "v", compute);
    expect(computed).to.equal(before);
    await keptAnswer(db, "k0", "v", compute);
    expect(computed).to.equal(before + 1);
  });
});
