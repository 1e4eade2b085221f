import * as assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { SecretScanner } from "../../../src/secrets/engine";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";

describe("secret engine", () => {
  let scanner: SecretScanner;
  before(async () => {
    scanner = await SecretScanner.create();
  });

  it("finds a GitHub token with the exact range of the value", async () => {
    const text = `const a = 1;\nconst token = "${FAKE.githubToken}";\n`;
    const [finding, ...rest] = await scanner.scan(text, "/w/a.ts");
    assert.equal(rest.length, 0);
    assert.equal(finding.ruleId, "@secretlint/secretlint-rule-github");
    assert.equal(finding.kind, "GitHub token");
    assert.equal(text.slice(finding.offset, finding.offset + finding.length), FAKE.githubToken);
    assert.deepEqual(finding.range, { start: { line: 1, character: 15 }, end: { line: 1, character: 55 } });
    assert.equal(finding.severity, "error");
    assert.match(finding.masked, /^ghp_\*+$/);
  });

  it("corrects the AWS secret key span that secretlint reports from the key name", async () => {
    const text = `[default]\naws_secret_access_key = "${FAKE.awsSecretAccessKey}"\n`;
    const [finding] = await scanner.scan(text, "/w/credentials");
    assert.equal(finding.messageId, "AWSSecretAccessKey");
    assert.equal(text.slice(finding.offset, finding.offset + finding.length), FAKE.awsSecretAccessKey);
  });

  it("stops a connection string at its closing quote", async () => {
    const text = `const db = "${FAKE.postgresUrl}";\n`;
    const [finding] = await scanner.scan(text, "/w/db.js");
    assert.equal(finding.messageId, "PostgreSQLConnection");
    assert.equal(text.slice(finding.offset, finding.offset + finding.length), FAKE.postgresUrl);
  });

  it("finds a multi-line private key and a Slack token", async () => {
    const text = `key: |\n${FAKE.privateKey}\nslack: ${FAKE.slackToken}\n`;
    const findings = await scanner.scan(text, "/w/c.yaml");
    assert.deepEqual(
      findings.map((f) => f.messageId),
      ["PrivateKey", "SLACK_TOKEN"],
    );
    assert.equal(findings[0].range.start.line, 1);
    assert.ok(findings[0].range.end.line > 20);
  });

  it("honours secretlint disable comments", async () => {
    const text = [
      `// secretlint-disable-next-line`,
      `const a = "${FAKE.githubToken}";`,
      `const b = "${FAKE.githubToken}"; // secretlint-disable-line`,
      `/* secretlint-disable -- block comments need "--" before their end */`,
      `const c = "${FAKE.slackToken}";`,
      `// secretlint-enable`,
      `const d = "${FAKE.slackToken}";`,
    ].join("\n");
    const findings = await scanner.scan(text, "/w/a.ts");
    assert.deepEqual(
      findings.map((f) => f.range.start.line),
      [6],
    );
  });

  it("never carries a raw value in what it returns", async () => {
    const text = Object.values(FAKE)
      .map((v) => `x = "${v}"`)
      .join("\n");
    const findings = await scanner.scan(text, "/w/all.py");
    assert.ok(findings.length >= 4);
    const serialised = JSON.stringify(findings);
    for (const raw of RAW_VALUES) assert.ok(!serialised.includes(raw), `leaked ${raw.slice(0, 4)}…`);
  });

  it("applies rule options and severities from a .secretlintrc", async () => {
    const configured = await SecretScanner.create({
      rules: [
        {
          id: "@secretlint/secretlint-rule-preset-recommend",
          rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true }, severity: "warning" }],
        },
        { id: "secretlint-rule-not-bundled" },
      ],
    });
    assert.deepEqual(configured.problems, ["rule secretlint-rule-not-bundled is not bundled with Agent Security Hooks; ignored"]);
    const findings = await configured.scan(`id = ${FAKE.awsAccessKeyId}\n`, "/w/a.txt");
    assert.equal(findings[0].messageId, "AWSAccessKeyID");
    assert.equal(findings[0].severity, "warning");
  });

  it("keeps disable comments working when the configuration lists single rules", async () => {
    const configured = await SecretScanner.create({ rules: [{ id: "github" }] });
    const text = `a = "${FAKE.githubToken}" # secretlint-disable-line\nb = "${FAKE.slackToken}"\n`;
    assert.deepEqual(await configured.scan(text, "/w/a.py"), []);
  });

  it("records nothing in the performance timeline and keeps the heap flat over 10,000 scans", async () => {
    const text = `const token = "${FAKE.githubToken}";\n` + "const x = 1;\n".repeat(30);
    const scanMany = async (count: number) => {
      for (let i = 0; i < count; i++) await scanner.scan(text, `/w/f${i}.ts`);
      // Yield a full task so that a profiler's performance observer would run.
      await new Promise((resolve) => setImmediate(resolve));
    };
    const settledHeap = () => {
      global.gc?.();
      return process.memoryUsage().heapUsed;
    };
    await scanMany(1000);
    const heapBefore = settledHeap();
    await scanMany(10_000);
    assert.equal(performance.getEntriesByType("mark").length, 0);
    assert.equal(performance.getEntriesByType("measure").length, 0);
    // A recording profiler keeps ~9 KB a scan: 90 MB over these 10,000.
    const grown = settledHeap() - heapBefore;
    assert.ok(grown < 30_000_000, `heap grew by ${(grown / 1e6).toFixed(1)} MB over 10,000 scans`);
  });
});
