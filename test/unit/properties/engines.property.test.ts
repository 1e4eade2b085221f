import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { IamCatalog } from "../../../src/iam/catalog";
import { analyzeIam } from "../../../src/iam/checks";
import { iamFixes } from "../../../src/iam/fixes";
import { iamHover } from "../../../src/iam/hover";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { SecretScanner } from "../../../src/secrets/engine";
import { languageFromPath, secretFixes } from "../../../src/secrets/fixes";
import { mapDirtySpan, mapFindings, mergeFindings, needsFullScan, rescanWindow } from "../../../src/secrets/incremental";
import { applyEdits, LineIndex } from "../../../src/shared/text";
import { FAKE } from "../../fixtures/fakeSecrets";
import { assertParses, testCatalog } from "../../support/iam";

/** Seeded and bounded: the same inputs on every run. */
const RUNS = { seed: 424242, numRuns: 100 };

/** Any UTF-16 code unit, lone surrogates included: what an editor buffer may hold. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc.string({
  unit: fc.oneof(codeUnit, fc.constantFrom("\n", "\r\n", "\r", " ", '"', "'", "=", ":", "/", "@")),
  maxLength: 200,
});

/** Pieces that secret rules start on, glued with arbitrary text. */
const secretish = fc.constantFrom(
  FAKE.githubToken,
  FAKE.slackToken,
  FAKE.postgresUrl,
  FAKE.awsAccessKeyId,
  FAKE.privateKey,
  `aws_secret_access_key = "${FAKE.awsSecretAccessKey}"`,
  "ghp_",
  "xoxb-",
  "AKIA",
  "-----BEGIN PRIVATE KEY-----",
  "-----END PRIVATE KEY-----",
  "postgres://",
  "https://user:pass@",
  "//registry.npmjs.org/:_authToken=",
  "sk_live_",
  "SG.",
  "glpat-",
  '"private_key": "',
  "secretlint-disable",
);
const secretText = fc
  .array(fc.oneof(secretish, anyText, fc.constantFrom("\n", "\r\n", "\r", "\u2028", "\uFEFF", "\uD800", "\uDC00")), { maxLength: 12 })
  .map((parts) => parts.join(""));
const filePath = fc.constantFrom("/w/a.ts", "/w/.env", "/w/config.yaml", "/w/x.json", "/w/.npmrc", "/w/main.tf", "/w/k.pem", "/w/noext");

/** Pieces of JSON, YAML and HCL policies, glued with arbitrary text. */
const policyish = fc.constantFrom(
  "{",
  "}",
  "[",
  "]",
  '"',
  "'",
  ":",
  ",",
  "\n",
  "  ",
  "- ",
  "Statement",
  '"Statement": [',
  "Statement:\n  - ",
  "Action",
  '"Action": ',
  "Action: ",
  "NotAction",
  "Effect",
  '"Effect": "Allow"',
  "Effect: Allow",
  "Deny",
  "Resource",
  '"*"',
  '"s3:*"',
  "s3:Get*",
  "iam:PassRole",
  "s3:GetObjct",
  "ec2:Describe*",
  "<<EOF\n",
  "EOF\n",
  "${",
  "#",
  "!Sub ",
  "&a ",
  "*a",
  "statement {",
  "actions = [",
  "not_actions = [",
  "jsonencode(",
  "\\",
  "\r\n",
  "Condition",
  "Principal",
  'data "aws_iam_policy_document" "d" {',
  'resource "aws_iam_policy" "p" {',
  "policy = ",
  "iamRoleStatements:",
  "Fn::If",
  "!Ref x",
);
const policyText = fc
  .array(fc.oneof({ weight: 5, arbitrary: policyish }, { weight: 1, arbitrary: anyText }), { maxLength: 40 })
  .map((parts) => parts.join(""));
const policyFile = fc.constantFrom("/w/p.json", "/w/p.yaml", "/w/main.tf", "/w/serverless.yml", "/w/policy");

describe("properties of the engines on any input", function () {
  this.timeout(120_000);
  let scanner: SecretScanner;
  let policy: WorkspacePolicy;
  let catalog: IamCatalog;
  before(async () => {
    scanner = await SecretScanner.create();
    policy = await WorkspacePolicy.load("/w");
    catalog = await testCatalog();
  });

  it("the secret engine never throws, and each finding lies inside the text at its range, masked", () =>
    fc.assert(
      fc.asyncProperty(secretText, filePath, async (text, file) => {
        const findings = await scanner.scan(text, file);
        const lines = new LineIndex(text);
        for (const f of findings) {
          assert.ok(f.offset >= 0 && f.length > 0 && f.offset + f.length <= text.length);
          assert.deepEqual(f.range, lines.rangeOf(f.offset, f.length));
          const value = text.slice(f.offset, f.offset + f.length);
          if (value.length >= 8) assert.ok(!f.masked.includes(value), "the masked form shows the value");
        }
        assert.deepEqual(
          (await policy.scanSecrets(file, text)).map((f) => f.fingerprint),
          findings.map((f) => f.fingerprint),
        );
      }),
      RUNS,
    ));

  it("the secret fix generators never throw on any finding in any text, and keep their edits inside it", () =>
    fc.assert(
      fc.asyncProperty(secretText, filePath, async (text, file) => {
        for (const finding of await scanner.scan(text, file)) {
          for (const fix of secretFixes({
            text,
            languageId: languageFromPath(file),
            filePath: file,
            relativePath: file.slice(3),
            finding,
            namePrefix: "app/",
          })) {
            for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, fix.title);
          }
        }
      }),
      RUNS,
    ));

  it("a rescan of the edited region gives what a full scan gives, whenever the editor relies on it", () =>
    fc.assert(
      fc.asyncProperty(secretText, fc.nat(), fc.nat({ max: 40 }), fc.oneof(secretish, anyText), async (before, at, removed, inserted) => {
        const offset = at % (before.length + 1);
        const edit = { offset, removed: Math.min(removed, before.length - offset), inserted: inserted.length };
        const after = before.slice(0, offset) + inserted + before.slice(offset + edit.removed);
        if (needsFullScan(after)) return;
        const previous = mapFindings(await scanner.scan(before, "/w/a.ts"), edit);
        const window = rescanWindow(after, mapDirtySpan(undefined, edit), previous);
        const lines = new LineIndex(after);
        const merged = mergeFindings(previous, window, await scanner.scanRegion(after, "/w/a.ts", window.start, window.end), (o) =>
          lines.positionAt(o),
        );
        const full = await scanner.scan(after, "/w/a.ts");
        const brief = (fs: typeof full) =>
          fs.map((f) => `${f.offset}+${f.length} ${f.ruleId} ${f.range.start.line}:${f.range.start.character}`);
        assert.deepEqual(brief(merged), brief(full));
      }),
      RUNS,
    ));

  it("the IAM analysis, hovers and fixes never throw, and every finding sits on its subject", () =>
    fc.assert(
      fc.property(policyText, policyFile, (text, file) => {
        for (const f of analyzeIam(text, catalog, { fileName: file })) {
          const at = text.slice(f.offset, f.offset + f.length);
          if (f.check === "iam-not-action-allow") assert.match(at, /^(NotAction|not_actions)$/);
          else assert.equal(at, f.subject);
          iamHover(text, f.offset, catalog, file);
          for (const fix of iamFixes({ text, fileName: file, relativePath: "p", catalog, finding: f })) {
            for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, fix.title);
          }
        }
      }),
      { ...RUNS, numRuns: 1000 },
    ));

  const action = fc.constantFrom(
    "*",
    "s3:*",
    "s3:Get*",
    "*Object",
    "iam:PassRole",
    "s3:GetObject",
    "ec2:DescribeInstances",
    "s3:GetObjct",
    "foo:Bar",
    "sts:AssumeRole",
  );
  const statement = fc.record(
    {
      Effect: fc.constantFrom("Allow", "Deny"),
      Action: fc.oneof(action, fc.uniqueArray(action, { minLength: 1, maxLength: 4 })),
      Resource: fc.constantFrom("*", "arn:aws:s3:::bucket/*"),
      Condition: fc.constant({ StringEquals: { "aws:RequestedRegion": "eu-west-1" } }),
    },
    { requiredKeys: ["Effect", "Action", "Resource"] },
  );
  const document = fc.record({ Version: fc.constant("2012-10-17"), Statement: fc.array(statement, { minLength: 1, maxLength: 3 }) });
  const quoted = (v: unknown) => JSON.stringify(v);
  const hclList = (v: string | string[]) => `[${(Array.isArray(v) ? v : [v]).map(quoted).join(", ")}]`;
  const policyDocument = fc.oneof(
    document.map((d) => ({ file: "policy.json", text: JSON.stringify(d, null, 2) + "\n" })),
    document.map((d) => ({
      file: "template.yaml",
      text: `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n${d.Statement.map(
        (s) =>
          `              - Effect: ${s.Effect}\n                Action: ${JSON.stringify(s.Action)}\n                Resource: ${quoted(s.Resource)}\n`,
      ).join("")}`,
    })),
    document.map((d) => ({
      file: "main.tf",
      text: `data "aws_iam_policy_document" "d" {\n${d.Statement.map(
        (s) =>
          `  statement {\n    effect    = ${quoted(s.Effect)}\n    actions   = ${hclList(s.Action)}\n    resources = ${hclList(s.Resource)}\n  }\n`,
      ).join("")}}\n`,
    })),
  );

  it("every IAM fix of a generated policy leaves it parseable and the finding gone", () =>
    fc.assert(
      fc.property(policyDocument, ({ file, text }) => {
        assertParses(file, text);
        const findings = analyzeIam(text, catalog, { fileName: file });
        for (const finding of findings) {
          for (const fix of iamFixes({ text, fileName: file, relativePath: file, catalog, finding })) {
            if (fix.choose || fix.edits.length === 0) continue;
            const after = applyEdits(text, fix.edits);
            assertParses(file, after);
            // The same finding: the PassRole condition fix settles the Access Analyzer code, while the
            // least-privilege advice (name the role ARNs) stays at a lower severity without one.
            const same = (f: (typeof findings)[number]) =>
              f.check === finding.check && f.fingerprint === finding.fingerprint && f.code === finding.code;
            const count = (t: string) => analyzeIam(t, catalog, { fileName: file }).filter(same).length;
            assert.ok(count(after) < count(text), `${fix.title} left ${finding.check} ${finding.subject} in:\n${after}`);
          }
        }
      }),
      { ...RUNS, numRuns: 100 },
    ));
});
