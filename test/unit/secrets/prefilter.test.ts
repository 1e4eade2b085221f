import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { rules } from "@secretlint/secretlint-rule-preset-recommend";
import { ruleNarrowing } from "../../../src/secrets/narrow";
import fc from "fast-check";
import { mightHoldSecret, RULE_ANCHORS, rulesThatMayReport } from "../../../src/secrets/prefilter";
import { foldAscii } from "../../../src/secrets/rules/literalSearch";
import { SecretScanner } from "../../../src/secrets/engine";
import { SAMPLES } from "../../fixtures/secretSamples";

/** Ordinary prompts that should not cost a secretlint load. */
const CLEAN = [
  "Refactor the login handler in src/auth.ts to use async/await",
  "Why does the build fail on Windows? The error mentions the account page and a missing key.",
  "Add a unit test for parseConfig that covers an empty file",
  "Rename getUserById to findUser across the project and update the docs",
];

describe("secret prefilter", () => {
  let scanner: SecretScanner;
  // The scanner runs every rule here, as if there were no prefilter: what it finds, the prefilter must let through.
  after(() => (ruleNarrowing.enabled = true));
  before(async () => {
    ruleNarrowing.enabled = false;
    scanner = await SecretScanner.create({
      rules: [
        {
          id: "@secretlint/secretlint-rule-preset-recommend",
          rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
        },
      ],
    });
  });

  it("knows an anchor for every rule of the bundled preset", () => {
    const ids = rules.map((r) => r.meta.id).sort();
    assert.deepEqual(Object.keys(RULE_ANCHORS).sort(), ids);
    for (const id of ids) {
      if (id !== "@secretlint/secretlint-rule-filter-comments") assert.ok(RULE_ANCHORS[id].length > 0, `${id} has no anchor`);
    }
  });

  for (const [name, sample] of Object.entries(SAMPLES)) {
    it(`lets ${name} through to secretlint when secretlint reports it`, async () => {
      const text = `config:\n  value: ${sample}\n`;
      const findings = await scanner.scan(text, "/w/settings.txt");
      if (findings.length > 0) assert.ok(mightHoldSecret(text, "/w/settings.txt"), `${name} would be skipped`);
    });
  }

  it("has samples secretlint really reports for nearly every rule", async () => {
    let reported = 0;
    for (const sample of Object.values(SAMPLES)) if ((await scanner.scan(`x: ${sample}\n`, "/w/a.txt")).length > 0) reported++;
    assert.ok(reported >= Object.keys(SAMPLES).length - 3, `only ${reported} samples are reported`);
  });

  it("passes AWS account IDs and access key IDs, found only with enableIDScanRule", async () => {
    for (const text of ["aws_account_id = 123456789012", "key AKIAQYLPMN5HHHFPZAM2"]) {
      assert.ok((await scanner.scan(text, "/w/a.txt")).length > 0);
      assert.ok(mightHoldSecret(text, "/w/a.txt"));
    }
  });

  it("skips ordinary prompts", () => {
    for (const prompt of CLEAN) assert.equal(mightHoldSecret(prompt, "/w/prompt"), false, prompt);
  });

  it("always scans .p12 files, whose rule looks at the file itself", () => {
    assert.ok(mightHoldSecret("binary", "/w/key.P12"));
  });

  it("finds exactly the rules whose anchors a text holds, and passes every such text", () => {
    const texts = [
      ...CLEAN,
      ...Object.values(SAMPLES),
      ...Object.values(SAMPLES).map((s) => s.slice(0, 6)),
      ...Object.values(SAMPLES).map((s) => s.slice(1)),
    ];
    for (const file of ["src/secrets/prefilter.ts", "README.md", "test/fixtures/fakeSecrets.ts", "package.json"])
      texts.push(readFileSync(path.join(__dirname, "..", "..", "..", file), "utf8"));
    for (const text of texts) {
      for (const line of text.split("\n")) {
        const holding = Object.keys(RULE_ANCHORS).filter((id) => RULE_ANCHORS[id].some((a) => a.pattern.test(line)));
        const presetFound = [...rulesThatMayReport(line, "/w/a.txt")].filter((id) => Object.hasOwn(RULE_ANCHORS, id));
        assert.deepEqual(presetFound.sort(), holding.sort(), line);
        if (holding.length > 0) assert.ok(mightHoldSecret(line, "/w/a.txt"), line);
      }
    }
  });

  it("tries an anchor's pattern only where one of its literals is, which every match of it begins with", () => {
    for (const anchor of Object.values(RULE_ANCHORS).flat()) {
      // fast-check matches no case-insensitive pattern: its matches are those of the pattern in lower case, in any case.
      const lower = anchor.pattern.flags.includes("i")
        ? new RegExp(anchor.pattern.source, anchor.pattern.flags.replace("i", ""))
        : undefined;
      const match = lower ? fc.mixedCase(fc.stringMatching(lower)) : fc.stringMatching(anchor.pattern);
      assert.ok((anchor.exact?.length ?? 0) + (anchor.caseless?.length ?? 0) > 0, `${anchor.pattern} has no literal`);
      assert.equal(
        anchor.caseless !== undefined,
        anchor.pattern.flags.includes("i"),
        `${anchor.pattern}: caseless literals for a caseless pattern`,
      );
      const everyMatch = new RegExp(anchor.pattern.source, `${anchor.pattern.flags}g`);
      fc.assert(
        fc.property(fc.string(), match, fc.string(), (before, matched, after) => {
          const text = before + matched + after;
          const folded = foldAscii(text);
          return [...text.matchAll(everyMatch)].every(
            ({ index }) =>
              anchor.exact?.some((l) => text.startsWith(l, index)) === true ||
              anchor.caseless?.some((l) => folded.startsWith(l, index)) === true,
          );
        }),
        { numRuns: 300 },
      );
    }
  });

  it("passes a URL only when it can hold a secret", () => {
    assert.equal(mightHoldSecret("see https://example.com", "/w/a.md"), false);
    assert.deepEqual([...rulesThatMayReport("see https://example.com", "/w/a.md")], []);
    assert.deepEqual(
      [...rulesThatMayReport("POSTGRES://u:p@h/db", "/w/a.md")],
      ["@secretlint/secretlint-rule-basicauth", "@secretlint/secretlint-rule-database-connection-string"],
    );
  });
});
