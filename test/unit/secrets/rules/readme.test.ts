import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { kindsTable, README, withTable } from "../../../../scripts/readmeKinds";

describe("README: detected secrets", () => {
  it("lists every kind the rules report (else run `npm run generate:readme-kinds`)", async () => {
    const readme = readFileSync(README, "utf8");
    assert.equal(
      readme,
      withTable(readme, await kindsTable()),
      "README.md's table of detected secrets is out of date: npm run generate:readme-kinds",
    );
  });
});
