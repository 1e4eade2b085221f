import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { rules } from "@secretlint/secretlint-rule-preset-recommend";
import { ruleNarrowing } from "../../../src/secrets/narrow";
import {
  CASE_INSENSITIVE,
  CASE_SENSITIVE,
  mightHoldSecret,
  RULE_ANCHORS,
  rulesThatMayReport,
  URL_ANCHORS,
} from "../../../src/secrets/prefilter";
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
        const holding = Object.keys(RULE_ANCHORS).filter((id) => RULE_ANCHORS[id].some((a) => a.test(line)));
        const presetFound = [...rulesThatMayReport(line, "/w/a.txt")].filter((id) => Object.hasOwn(RULE_ANCHORS, id));
        assert.deepEqual(presetFound.sort(), holding.sort(), line);
        if (holding.length > 0) assert.ok(mightHoldSecret(line, "/w/a.txt"), line);
      }
    }
  });

  it('stands in for URL anchors with the "://" each of them contains', () => {
    for (const anchor of URL_ANCHORS) assert.ok(anchor.source.includes(":\\/\\/"), anchor.source);
    assert.ok(mightHoldSecret("see https://example.com", "/w/a.md"));
    assert.deepEqual([...rulesThatMayReport("see https://example.com", "/w/a.md")], []);
    assert.deepEqual(
      [...rulesThatMayReport("POSTGRES://u:p@h/db", "/w/a.md")],
      ["@secretlint/secretlint-rule-basicauth", "@secretlint/secretlint-rule-database-connection-string"],
    );
  });

  it("tests the anchors other than the URL ones as two patterns: the table's anchors, grouped behind their first character", () => {
    for (const caseInsensitive of [false, true]) {
      const alternatives = Object.values(RULE_ANCHORS)
        .flat()
        .filter((r) => !URL_ANCHORS.has(r) && r.flags.includes("i") === caseInsensitive)
        .flatMap((r) => topLevelAlternatives(r.source));
      const combined = caseInsensitive ? CASE_INSENSITIVE : CASE_SENSITIVE;
      assert.equal(combined.source, groupByFirstAtom([...new Set(alternatives)]));
      assert.equal(combined.flags, caseInsensitive ? "i" : "");
    }
  });

  it("groups alternatives behind their first character without changing what they match", () => {
    assert.deepEqual(topLevelAlternatives("a|b(?:c|d)|[|]x|\\\\|y"), ["a", "b(?:c|d)", "[|]x", "\\\\", "y"]);
    const grouped = groupByFirstAtom(["ab", "ac", "a?d", "\\.x", "\\.y", "z", "[ab]c"]);
    assert.equal(grouped, "(?:a(?:b|c))|(?:\\.(?:x|y))|(?:a?d)|(?:z)|(?:[ab]c)");
    const re = new RegExp(`^(?:${grouped})$`);
    for (const text of ["ab", "ac", "d", "ad", ".x", ".y", "z", "ac", "bc", "a", "x"]) {
      assert.equal(re.test(text), /^(?:ab|ac|a?d|\.x|\.y|z|[ab]c)$/.test(text), text);
    }
  });
});

/** The alternatives of a regular expression's source at its top level (`a|b(?:c|d)` → `a`, `b(?:c|d)`). */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") i++;
    else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, source.slice(start)];
}

/**
 * One alternation of the given alternatives, those that begin with the same
 * plain character or escape (not quantified) written once behind it: the
 * same language, `xa|xb` = `x(?:a|b)`.
 */
function groupByFirstAtom(alternatives: readonly string[]): string {
  const groups = new Map<string, string[]>();
  const rest: string[] = [];
  for (const alternative of alternatives) {
    const atom = /^(?:\\.|[^\\[(^$.|?*+{])(?![?*+{])/.exec(alternative)?.[0];
    if (atom === undefined || atom.length === alternative.length) rest.push(alternative);
    else groups.set(atom, [...(groups.get(atom) ?? []), alternative.slice(atom.length)]);
  }
  const grouped = [...groups].map(([atom, tails]) => (tails.length === 1 ? atom + tails[0] : `${atom}(?:${tails.join("|")})`));
  return [...grouped, ...rest].map((alternative) => `(?:${alternative})`).join("|");
}
