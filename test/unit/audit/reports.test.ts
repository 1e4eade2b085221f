import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { toJson } from "../../../src/audit/report/json";
import { toMarkdown } from "../../../src/audit/report/markdown";
import { toSarif } from "../../../src/audit/report/sarif";
import { toText } from "../../../src/audit/report/text";
import { emptySkipCounts, type AuditFinding, type AuditResult } from "../../../src/audit/types";
import { LineIndex } from "../../../src/shared/text";
import { maskedPreview } from "../../../src/audit/preview";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";

const finding = (over: Partial<AuditFinding>): AuditFinding => ({
  file: "src/config.ts",
  root: "/work/app",
  line: 3,
  column: 15,
  endLine: 3,
  endColumn: 55,
  checkId: "@secretlint/secretlint-rule-github",
  analyzer: "secrets",
  kind: "GitHub token",
  severity: "error",
  message: "GitHub token hardcoded (ghp_****************).",
  preview: 'const token = "ghp_****************";',
  fingerprint: "sha256:c38d66bafbcf98ef1f20213acc317914",
  docsUrl: "https://github.com/secretlint/secretlint/blob/master/packages/%40secretlint/secretlint-rule-github/README.md#GITHUB_TOKEN",
  ...over,
});

function result(findings: AuditFinding[], over: Partial<AuditResult> = {}): AuditResult {
  const skipped = { ...emptySkipCounts(), binary: 2, "too-large": 1 };
  return {
    roots: ["/work/app"],
    findings,
    summary: { files: 40, scanned: 30, cached: 7, ignored: 12, skipped, bytesScanned: 1000, durationMs: 5 },
    cancelled: false,
    problems: [],
    ...over,
  };
}

const sample = [
  finding({}),
  finding({ line: 9, column: 1, endLine: 9, endColumn: 41 }),
  finding({
    file: "deploy/a b|c.env",
    checkId: "@secretlint/secretlint-rule-aws",
    kind: "AWS secret access key",
    preview: "KEY=`x`|**** <b>",
    severity: "warning",
    docsUrl: undefined,
  }),
  finding({
    file: "notes.md",
    checkId: "iam.wildcard",
    analyzer: "iam",
    kind: "IAM action wildcard",
    severity: "info",
    fingerprint: "sha256:00",
  }),
];

describe("audit reports", () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = (log: unknown) => {
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  };

  it("writes SARIF 2.1.0 that validates against the official schema", () => {
    // The validator is not vacuous: a driver without a name and an unknown level fail.
    assert.equal(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(
      validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] }),
      false,
    );
    valid(toSarif(result(sample), "1.2.3"));
    valid(toSarif(result([]), "1.2.3"));
    valid(toSarif(result(sample, { cancelled: true, problems: ["app: .secretlintrc.json: not valid JSON"] }), "1.2.3"));
    valid(toSarif(result([...sample, finding({ root: "/work/other lib" })], { roots: ["/work/app", "/work/other lib"] }), "1.2.3"));
  });

  it("describes rules, levels, locations and fingerprints as code scanning reads them", () => {
    const log = toSarif(result(sample), "1.2.3") as any;
    const run = log.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((r: any) => [r.id, r.defaultConfiguration.level]),
      [
        ["@secretlint/secretlint-rule-aws", "warning"],
        ["@secretlint/secretlint-rule-github", "error"],
        ["iam.wildcard", "note"],
      ],
    );
    assert.equal(run.tool.driver.rules[1].helpUri.includes("#"), false);
    assert.deepEqual(run.originalUriBaseIds, { "%SRCROOT%": { uri: "file:///work/app/" } });
    const [first, second, third] = run.results;
    assert.equal(first.ruleIndex, 1);
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 3, startColumn: 15, endLine: 3, endColumn: 55 });
    assert.equal(first.locations[0].physicalLocation.contextRegion.snippet.text, 'const token = "ghp_****************";');
    assert.equal(third.locations[0].physicalLocation.artifactLocation.uri, "deploy/a%20b%7Cc.env");
    // The same value twice in a file: two alerts, each stable.
    assert.notEqual(first.partialFingerprints["agentSecurityFinding/v1"], second.partialFingerprints["agentSecurityFinding/v1"]);
    assert.equal(third.level, "warning");
    assert.equal(run.results[3].level, "note");
  });

  it("writes Markdown with totals and a table that pipes, backticks and HTML cannot break", () => {
    const markdown = toMarkdown(result(sample));
    assert.match(markdown, /^# Agent Security workspace audit/);
    assert.match(markdown, /4 findings \(2 errors, 1 warning, 1 info\) in 3 files\./);
    assert.match(markdown, /skipped 2 binary, 1 too large/);
    assert.match(markdown, /\| GitHub token \| 2 \|/);
    const row = markdown.split("\n").find((l) => l.startsWith("| warning | `"))!;
    assert.equal(
      row,
      "| warning | `deploy/a b\\|c.env` | 3 | AWS secret access key | ``KEY=`x`\\|**** <b>`` | `@secretlint/secretlint-rule-aws` |",
    );
    assert.match(toMarkdown(result([], { cancelled: true })), /No findings\. \*\*The audit was cancelled/);
  });

  it("writes text lines with clickable positions, and JSON with the tool", () => {
    const text = toText(result(sample), (f) => f.file);
    assert.equal(
      text.split("\n")[0],
      'src/config.ts:3:15  error  GitHub token  const token = "ghp_****************";  [@secretlint/secretlint-rule-github]',
    );
    assert.match(text, /40 files: 30 scanned, 7 unchanged since the last audit; skipped 2 binary, 1 too large; 12 ignored/);
    const json = JSON.parse(toJson(result(sample), "1.2.3"));
    assert.equal(json.tool.version, "1.2.3");
    assert.equal(json.findings.length, 4);
  });

  it("masks every secret on a preview line and cuts long lines around the finding", () => {
    const text = `const a = "${FAKE.githubToken}", b = "${FAKE.slackToken}";\n`;
    const spans = [
      { offset: text.indexOf(FAKE.githubToken), length: FAKE.githubToken.length, masked: "ghp_****" },
      { offset: text.indexOf(FAKE.slackToken), length: FAKE.slackToken.length, masked: "xoxb****" },
    ];
    assert.equal(maskedPreview(new LineIndex(text), spans[1].offset, spans), 'const a = "ghp_****", b = "xoxb****";');
    const minified = `${"var x=1;".repeat(100)}k="${FAKE.githubToken}";${"var y=2;".repeat(100)}`;
    const at = minified.indexOf(FAKE.githubToken);
    const preview = maskedPreview(new LineIndex(minified), at, [{ offset: at, length: FAKE.githubToken.length, masked: "ghp_****" }]);
    assert.ok(preview.length <= 162 && preview.startsWith("…") && preview.endsWith("…"), preview);
    assert.ok(preview.includes('k="ghp_****";'));
    // A window that starts inside a secret still shows its mask only.
    const cut = maskedPreview(new LineIndex(minified), at + 70, [{ offset: at, length: FAKE.githubToken.length, masked: "ghp_****" }]);
    for (const raw of RAW_VALUES) assert.ok(!cut.includes(raw.slice(5, 25)));
  });
});
