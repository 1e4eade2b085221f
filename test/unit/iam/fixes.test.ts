import * as assert from "node:assert/strict";
import * as jsonc from "jsonc-parser";
import { addSuppression } from "../../../src/scan/workspacePolicy";
import type { IamCatalog } from "../../../src/iam/catalog";
import { ACCESS_ANALYZER_CHECK_IDS } from "../../../src/iam/analyzer/codes";
import { analyzeIam as analyzeAll, type IamFinding } from "../../../src/iam/checks";
import { iamFixes, replaceActionEdits, type IamFix } from "../../../src/iam/fixes";
import { applyEdits } from "../../../src/shared/text";
import { analyze as analyzeFixture, assertParses, fixture, testCatalog } from "../../support/iam";

/** These tests are about the least-privilege checks' fixes; the Access Analyzer checks' fixes are tested in accessAnalyzer.test.ts. */
const leastPrivilege = <T extends { check: string }>(findings: T[]) => findings.filter((f) => !ACCESS_ANALYZER_CHECK_IDS.includes(f.check));
const analyzeIam = (...args: Parameters<typeof analyzeAll>) => leastPrivilege(analyzeAll(...args));
const analyze = async (...args: Parameters<typeof analyzeFixture>) => leastPrivilege(await analyzeFixture(...args));

const FORMATS = [
  "identity-policy.json",
  "several-policies.json",
  "bucket-policy.json",
  "cloudformation.json",
  "cloudformation.yaml",
  "serverless.yml",
  "serverless-legacy.yml",
  "main.tf",
];

describe("IAM fixes", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  async function fixesFor(
    name: string,
    subject: string,
    check: string,
    text = fixture(name),
  ): Promise<{ finding: IamFinding; fixes: IamFix[] }> {
    const finding = (await analyze(name, text)).find((f) => f.subject === subject && f.check === check);
    assert.ok(finding, `${name}: no ${check} for ${subject}`);
    return { finding, fixes: iamFixes({ text, fileName: name, relativePath: name, catalog, finding }) };
  }

  function applyFix(text: string, fix: IamFix | undefined): string {
    assert.ok(fix, "fix offered");
    assert.ok(fix.edits.length > 0, "fix has edits");
    return applyEdits(text, fix.edits);
  }

  /** The text between the first line that differs and the last one, for compact golden assertions. */
  function changedLines(before: string, after: string): string {
    const a = before.split("\n");
    const b = after.split("\n");
    let start = 0;
    while (start < a.length && a[start] === b[start]) start++;
    let endA = a.length - 1;
    let endB = b.length - 1;
    while (endA >= start && endB >= start && a[endA] === b[endB]) {
      endA--;
      endB--;
    }
    return b.slice(start, endB + 1).join("\n");
  }

  describe("explicit actions in the file's own syntax", () => {
    it("JSON: a list item becomes items one per line at the same indentation", async () => {
      const text = fixture("identity-policy.json");
      const { finding } = await fixesFor("identity-policy.json", "s3:Get*", "iam-partial-wildcard");
      const out = applyEdits(
        text,
        replaceActionEdits(text, finding.offset, ["s3:GetObject", "s3:GetBucketPolicy", "s3:GetBucketTagging"], "p.json")!,
      );
      // s3:GetObject is already in the list: not written twice.
      assert.equal(changedLines(text, out), '        "s3:GetBucketPolicy",\n        "s3:GetBucketTagging",');
      assertParses("p.json", out);
    });

    it("JSON: a string becomes a list indented under its key", async () => {
      const text = fixture("bucket-policy.json");
      const { fixes } = await fixesFor("bucket-policy.json", "s3:*", "iam-service-wildcard");
      const out = applyFix(
        text,
        fixes.find((f) => f.kind === "read-only"),
      );
      const lines = changedLines(text, out).split("\n");
      assert.equal(lines[0], '      "Action": [');
      assert.match(lines[1], /^ {8}"s3:[A-Za-z]+",$/);
      assert.equal(lines[lines.length - 1], "      ],");
      const readOnly = catalog
        .expand("s3:*")
        .filter((a) => a.primary === "List" || a.primary === "Read")
        .map((a) => a.full);
      assert.deepEqual(JSON.parse(out).Statement[0].Action, readOnly);
      assertParses("b.json", out);
      assert.deepEqual(analyzeIam(out, catalog, { fileName: "b.json" }), [], "read-only list re-analyses clean");
    });

    it("JSON on one line: an inline array", async () => {
      const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}]}';
      const finding = analyzeIam(text, catalog, { fileName: "p.json" })[0];
      const out = applyEdits(text, replaceActionEdits(text, finding.offset, ["s3:ListBucket", "s3:ListAllMyBuckets"], "p.json")!);
      assert.equal(out, '{"Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListAllMyBuckets"], "Resource": "*"}]}');
    });

    it("YAML block sequence: one `- item` line per action", async () => {
      const text = fixture("cloudformation.yaml");
      const { fixes } = await fixesFor("cloudformation.yaml", "s3:*", "iam-service-wildcard");
      const out = applyFix(
        text,
        fixes.find((f) => f.kind === "read-only"),
      );
      const lines = changedLines(text, out).split("\n");
      assert.ok(
        lines.every((l) => /^ {18}- s3:[A-Za-z]+$/.test(l)),
        lines.join("\n"),
      );
      assertParses("t.yaml", out);
    });

    it("YAML block scalar: becomes a block sequence under the key, quoting kept", async () => {
      const text = fixture("cloudformation.yaml");
      const { finding } = await fixesFor("cloudformation.yaml", "kms:*", "iam-service-wildcard");
      const out = applyEdits(text, replaceActionEdits(text, finding.offset, ["kms:Decrypt", "kms:DescribeKey"], "t.yaml")!);
      assert.equal(changedLines(text, out), "            Action:\n              - 'kms:Decrypt'\n              - 'kms:DescribeKey'");
      assertParses("t.yaml", out);
    });

    it("YAML flow sequence inside a flow mapping stays flow", async () => {
      const text = fixture("cloudformation.yaml");
      const { finding } = await fixesFor("cloudformation.yaml", "ec2:Describe*", "iam-partial-wildcard");
      const out = applyEdits(text, replaceActionEdits(text, finding.offset, ["ec2:DescribeInstances", "ec2:DescribeImages"], "t.yaml")!);
      assert.equal(
        changedLines(text, out),
        '          - {Effect: Allow, Action: [ec2:DescribeInstances, ec2:DescribeImages, iam:PassRole], Resource: "*"}',
      );
      assertParses("t.yaml", out);
    });

    it("YAML scalar next to flow sequences becomes a flow sequence", async () => {
      const text = 'Statement:\n  - Effect: Allow\n    Action: s3:Get*\n    Resource: ["*"]\n';
      const finding = analyzeIam(text, catalog, { fileName: "p.yaml" })[0];
      const out = applyEdits(text, replaceActionEdits(text, finding.offset, ["s3:GetObject", "s3:GetBucketPolicy"], "p.yaml")!);
      assert.equal(out, 'Statement:\n  - Effect: Allow\n    Action: [s3:GetObject, s3:GetBucketPolicy]\n    Resource: ["*"]\n');
    });

    it("Terraform: an HCL list keeps its style; jsonencode strings become lists", async () => {
      const text = fixture("main.tf");
      const block = await fixesFor("main.tf", "ec2:Describe*", "iam-partial-wildcard");
      let out = applyEdits(
        text,
        replaceActionEdits(text, block.finding.offset, ["ec2:DescribeInstances", "ec2:DescribeImages"], "main.tf")!,
      );
      assert.equal(changedLines(text, out), '      "ec2:DescribeInstances",\n      "ec2:DescribeImages",');
      assertParses("main.tf", out);

      const encoded = await fixesFor("main.tf", "dynamodb:*", "iam-service-wildcard");
      out = applyEdits(text, replaceActionEdits(text, encoded.finding.offset, ["dynamodb:GetItem", "dynamodb:Query"], "main.tf")!);
      assert.equal(changedLines(text, out), '        Action   = [\n          "dynamodb:GetItem",\n          "dynamodb:Query"\n        ]');
      assertParses("main.tf", out);
    });

    it("Terraform heredoc: JSON syntax inside the heredoc", async () => {
      const text = fixture("main.tf");
      const { finding } = await fixesFor("main.tf", "kms:*", "iam-service-wildcard");
      const out = applyEdits(text, replaceActionEdits(text, finding.offset, ["kms:Encrypt", "kms:Decrypt"], "main.tf")!);
      assert.equal(changedLines(text, out), '      "Action": ["kms:Encrypt", "kms:Decrypt"],');
      assertParses("main.tf", out);
    });

    it("a long inline list is rewritten one item per line", async () => {
      const text = fixture("main.tf");
      const { fixes } = await fixesFor("main.tf", "s3:*", "iam-service-wildcard");
      const out = applyFix(
        text,
        fixes.find((f) => f.kind === "read-only"),
      );
      const lines = changedLines(text, out).split("\n");
      assert.equal(lines[0], "    actions   = [");
      assert.equal(lines[lines.length - 2], '      "s3:GetObject"', "the item that was there stays, once");
      assert.equal(lines[lines.length - 1], "    ]");
      assertParses("main.tf", out);
    });

    it("offers the expansion with List + Read preselected for the QuickPick", async () => {
      const { fixes } = await fixesFor("cloudformation.yaml", "dynamodb:*", "iam-service-wildcard");
      const explicit = fixes.find((f) => f.kind === "explicit")!;
      assert.equal(explicit.title, "Replace dynamodb:* with explicit actions…");
      assert.equal(explicit.choose!.choices.length, catalog.expand("dynamodb:*").length);
      assert.deepEqual(
        explicit.choose!.preselected,
        catalog
          .expand("dynamodb:*")
          .filter((a) => !a.levels.some((l) => l !== "List" && l !== "Read"))
          .map((a) => a.full),
      );
    });

    it("offers no explicit list for Action *", async () => {
      const { fixes } = await fixesFor("identity-policy.json", "*", "iam-action-star");
      assert.deepEqual(
        fixes.map((f) => f.kind),
        ["ignore"],
      );
    });
  });

  describe("other fixes", () => {
    it("renames a typo to the catalogue's spelling", async () => {
      const text = fixture("identity-policy.json");
      const { fixes } = await fixesFor("identity-policy.json", "s3:GetObjekt", "iam-unknown-action");
      const fix = fixes.find((f) => f.kind === "rename")!;
      assert.equal(fix.title, "Change to s3:GetObject");
      assert.equal(fix.isPreferred, true);
      const out = applyFix(text, fix);
      assert.equal(changedLines(text, out), '      "Action": ["s3:GetObject", "s4:ListBucket", "ec2:Describe*"],');
    });

    it("removes a redundant item with its separator", async () => {
      let text = fixture("identity-policy.json");
      let out = applyFix(text, (await fixesFor("identity-policy.json", "s3:GetObject", "iam-redundant-action")).fixes[0]);
      assert.deepEqual(JSON.parse(out).Statement[0].Action, ["s3:*", "s3:Get*", "dynamodb:GetItem"]);
      text = fixture("cloudformation.yaml");
      out = applyFix(text, (await fixesFor("cloudformation.yaml", "s3:GetObject", "iam-redundant-action")).fixes[0]);
      assert.equal(out, text.replace("                  - s3:GetObject\n", ""));
      text = fixture("main.tf");
      out = applyFix(text, (await fixesFor("main.tf", "kms:Decrypt", "iam-redundant-action")).fixes[0]);
      assert.equal(out, text.replace('["kms:*", "kms:Decrypt"]', '["kms:*"]'));
    });

    it("ignores with a comment in YAML and HCL, honoured by the analyzer", async () => {
      for (const [name, subject, expected] of [
        ["cloudformation.yaml", "lambda:Invoke*", "          # agent-security-ignore iam-partial-wildcard -- reviewed"],
        ["main.tf", "dynamodb:*", "        # agent-security-ignore iam-service-wildcard -- reviewed"],
      ] as const) {
        const text = fixture(name);
        const check = name === "main.tf" ? "iam-service-wildcard" : "iam-partial-wildcard";
        const { fixes } = await fixesFor(name, subject, check);
        const out = applyFix(
          text,
          fixes.find((f) => f.kind === "ignore"),
        );
        assert.equal(changedLines(text, out), expected);
        const before = await analyze(name, text);
        const after = await analyze(name, out);
        assert.equal(after.length, before.length - 1);
        assert.ok(!after.some((f) => f.subject === subject && f.check === check));
      }
    });

    it("an ignore comment is scoped to its check and its line", async () => {
      const text =
        "Statement:\n  - Effect: Allow\n    # agent-security-ignore iam-partial-wildcard -- only reads\n    Action: [s3:Get*, s3:GetObjekt]\n    Resource: '*'\n  - Effect: Allow\n    Action: s3:Get*\n    Resource: '*'\n";
      const found = analyzeIam(text, catalog, { fileName: "p.yaml" }).map((f) => `${f.range.start.line} ${f.check}`);
      assert.deepEqual(found, ["3 iam-unknown-action", "6 iam-partial-wildcard"]);
      const trailing =
        "Statement:\n  - Effect: Allow\n    Action: s3:*  # agent-security-ignore iam-service-wildcard -- legacy\n    Resource: '*'\n";
      assert.deepEqual(analyzeIam(trailing, catalog, { fileName: "p.yaml" }), []);
      const hcl =
        'data "aws_iam_policy_document" "x" {\n  statement {\n    // agent-security-ignore iam-service-wildcard, iam-redundant-action -- reviewed\n    actions = ["s3:*", "s3:GetObject"]\n  }\n}\n';
      assert.deepEqual(analyzeIam(hcl, catalog, { fileName: "x.tf" }), []);
    });

    it("ignores in JSON through the project file", async () => {
      const text = fixture("identity-policy.json");
      const { finding, fixes } = await fixesFor("identity-policy.json", "s3:*", "iam-service-wildcard");
      const fix = fixes.find((f) => f.kind === "ignore")!;
      assert.deepEqual(fix.edits, []);
      assert.deepEqual(fix.suppression, {
        file: "identity-policy.json",
        check: "iam-service-wildcard",
        fingerprint: finding.fingerprint,
        reason: "reviewed",
      });
      const project = jsonc.parse(addSuppression(undefined, fix.suppression)) as { ignore: { check: string; fingerprint: string }[] };
      const after = analyzeIam(text, catalog, {
        fileName: "identity-policy.json",
        isSuppressed: (check, fp) => project.ignore.some((s) => s.check === check && s.fingerprint === fp),
      });
      assert.ok(!after.some((f) => f.check === "iam-service-wildcard"));
      assert.equal(after.length, (await analyze("identity-policy.json")).length - 1);
    });

    it("offers no project-file ignore outside a workspace", async () => {
      const text = fixture("bucket-policy.json");
      const finding = (await analyze("bucket-policy.json"))[0];
      assert.deepEqual(
        iamFixes({ text, fileName: "b.json", catalog, finding }).filter((f) => f.kind === "ignore"),
        [],
      );
    });
  });

  describe("every fix on every fixture", () => {
    for (const name of FORMATS) {
      it(`${name}: output parses and the finding is gone`, async () => {
        const text = fixture(name);
        const findings = await analyze(name, text);
        let applied = 0;
        for (const finding of findings) {
          for (const fix of iamFixes({ text, fileName: name, relativePath: name, catalog, finding })) {
            if (fix.suppression) continue;
            const edits = fix.choose
              ? replaceActionEdits(
                  text,
                  fix.choose.offset,
                  fix.choose.preselected.length > 0 ? fix.choose.preselected : fix.choose.choices.slice(0, 2).map((a) => a.full),
                  name,
                )!
              : fix.edits;
            const out = applyEdits(text, edits);
            assertParses(name, out);
            const changed = edits.map((e) => [e.offset, e.offset + e.newText.length]);
            const after = await analyze(name, out);
            const still = after.filter(
              (f) => f.check === finding.check && f.subject === finding.subject && changed.some(([s, e]) => f.offset >= s && f.offset <= e),
            );
            assert.deepEqual(still, [], `${name}: ${fix.title} left ${finding.check} for ${finding.subject}`);
            // Replacements write only real actions: nothing they add is unknown.
            const unknownBefore = new Set(findings.filter((f) => f.check === "iam-unknown-action").map((f) => f.subject));
            assert.ok(
              !after.some((f) => f.check === "iam-unknown-action" && !unknownBefore.has(f.subject)),
              `${name}: ${fix.title} wrote an unknown action`,
            );
            applied++;
          }
        }
        assert.ok(applied > 0);
      });
    }
  });
});
