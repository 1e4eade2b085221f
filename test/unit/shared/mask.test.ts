import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { fingerprint } from "../../../src/shared/mask";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { SAMPLES } from "../../fixtures/secretSamples";

/** What fingerprints were before they were computed without node:crypto: suppressions recorded then must still match. */
const nodeFingerprint = (value: string) => "sha256:" + createHash("sha256").update(value, "utf8").digest("hex").slice(0, 32);

describe("fingerprint", () => {
  it("is node:crypto's SHA-256 of the UTF-8 value, cut to 32 hex digits", () => {
    const values = [
      ...RAW_VALUES,
      ...Object.values(FAKE),
      ...Object.values(SAMPLES),
      "",
      "ü€😀 non-ASCII",
      "lone surrogates \uD800 and \uDC00 become U+FFFD",
      "x".repeat(100_000),
    ];
    let seed = 1;
    for (let i = 0; i < 500; i++) {
      let s = "";
      for (let j = 0; j < i % 97; j++) s += String.fromCharCode((seed = (seed * 1103515245 + 12345) % 2147483648) % 0x10000);
      values.push(s);
    }
    for (const value of values) assert.equal(fingerprint(value), nodeFingerprint(value));
    assert.match(fingerprint(FAKE.githubToken), /^sha256:[0-9a-f]{32}$/);
  });
});
