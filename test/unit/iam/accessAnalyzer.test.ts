import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { toSarif } from "../../../src/audit/report/sarif";
import { emptySkipCounts, type AuditFinding } from "../../../src/audit/types";
import { ACCESS_ANALYZER_CHECK_IDS, ACCESS_ANALYZER_CODES, checkIdOf, type AccessAnalyzerCode } from "../../../src/iam/analyzer/codes";
import { patternsIntersect, resourceCovers } from "../../../src/iam/analyzer/arn";
import type { IamCatalog } from "../../../src/iam/catalog";
import { IAM_CHECKS } from "../../../src/iam/checkIds";
import { analyzeIam, type IamFinding } from "../../../src/iam/checks";
import { iamFixes } from "../../../src/iam/fixes";
import { applyEdits } from "../../../src/shared/text";
import { assertParses, FIXTURES, ROOT, testCatalog } from "../../support/iam";

type Policy = Record<string, unknown>;
const CASES: Record<string, { positive: Policy[]; negative: Policy[] }> = JSON.parse(
  readFileSync(path.join(FIXTURES, "access-analyzer/cases.json"), "utf8"),
);

/** Policies of `n` distinct 30-character resources (identity, or resource with a Principal), and trust policies of `n` accounts. */
const sized = (n: number, principal = false): Policy => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      ...(principal ? { Principal: { AWS: "111122223333" } } : {}),
      Action: "s3:GetObject",
      Resource: Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(5, "0")}/*`),
    },
  ],
});
const trust = (n: number): Policy => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: Array.from({ length: n }, (_, i) => `arn:aws:iam::${100000000000 + i}:root`) },
      Action: "sts:AssumeRole",
    },
  ],
});
// Characters without whitespace: 300 resources 9,094, 400 12,094 (identity quota 10,240); 600 with a Principal 18,129, 750 22,629 (20,480); 40 trusted accounts 1,425, 80 2,745 (2,048).
CASES.POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA = { positive: [sized(400)], negative: [sized(300), sized(400, true)] };
CASES.POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA = { positive: [sized(750, true)], negative: [sized(600, true), sized(750)] };
/** A role trust policy is one where it sits says so: in a CloudFormation role's AssumeRolePolicyDocument. */
const role = (document: Policy): Policy => ({
  Resources: { Role: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: document } } },
});
CASES.POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA = { positive: [role(trust(80))], negative: [role(trust(40)), trust(80)] };
const CLEAN: Policy[] = JSON.parse(readFileSync(path.join(FIXTURES, "access-analyzer/clean.json"), "utf8"));

describe("IAM Access Analyzer checks", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  const analyze = (text: string, fileName = "p.json", options = {}) => analyzeIam(text, catalog, { fileName, ...options });
  const codes = (findings: IamFinding[]) => new Set<string>(findings.flatMap((f) => (f.code ? [f.code] : [])));

  describe("each issue code, on policies written for it", () => {
    for (const [code, { positive, negative }] of Object.entries(CASES)) {
      it(code, () => {
        positive.forEach((policy, i) => {
          const text = JSON.stringify(policy, null, 2);
          const findings = analyze(text);
          assert.ok(codes(findings).has(code), `positive #${i} lacks ${code}:\n${text}\n${findings.map((f) => f.message).join("\n")}`);
          // iam-passrole-star-resource also reports PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE for the wildcards it flags.
          const checks = [
            checkIdOf(code as AccessAnalyzerCode),
            ...(code === "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE" ? ["iam-passrole-star-resource"] : []),
          ];
          for (const f of findings.filter((x) => x.code === code)) {
            assert.ok(checks.includes(f.check), f.check);
            assert.equal(text.slice(f.offset, f.offset + f.length), f.subject, "the finding sits on its subject");
            assert.ok(f.message.endsWith(`(Access Analyzer: ${code})`), f.message);
          }
        });
        negative.forEach((policy, i) => {
          const text = JSON.stringify(policy, null, 2);
          const findings = analyze(text).filter((f) => f.code === code);
          assert.deepEqual(
            findings.map((f) => f.message),
            [],
            `negative #${i} has ${code}:\n${text}`,
          );
        });
      });
    }
  });

  it("every issue code the checks report has cases, a check with a default severity, and a settings entry", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const configuration = [pkg.contributes.configuration].flat();
    const severity = configuration
      .map((c: { properties: Record<string, unknown> }) => c.properties["agentSecurity.iam.severity"])
      .find(Boolean) as { properties: Record<string, unknown> };
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const code of Object.keys(ACCESS_ANALYZER_CODES) as AccessAnalyzerCode[]) {
      assert.ok(CASES[code], `no cases for ${code}`);
      const check = checkIdOf(code);
      assert.ok(IAM_CHECKS[check as keyof typeof IAM_CHECKS], `no check ${check}`);
      assert.ok(check in severity.properties, `no settings entry for ${check}`);
      assert.match(readme, new RegExp(`\`${check}\`.*\`${code}\``), `README lists ${check} with ${code}`);
    }
    assert.ok("iam-not-resource-allow" in severity.properties);
  });

  it("severities follow Access Analyzer's finding types", () => {
    assert.equal(IAM_CHECKS["iam-missing-qualifier"].severity, "error");
    assert.equal(IAM_CHECKS["iam-type-mismatch"].severity, "warning");
    assert.equal(IAM_CHECKS["iam-string-like-operator-with-arn-condition-keys"].severity, "warning");
    assert.equal(IAM_CHECKS["iam-redundant-resource"].severity, "info");
    assert.equal(IAM_CHECKS["iam-create-slr-with-star-in-resource"].severity, "warning");
    assert.equal(ACCESS_ANALYZER_CHECK_IDS.length, new Set(ACCESS_ANALYZER_CHECK_IDS).size);
  });

  it("typical policies that Access Analyzer passes give no Access Analyzer finding", () => {
    CLEAN.forEach((policy, i) => {
      const text = JSON.stringify(policy, null, 2);
      const found = analyze(text).filter((f) => f.code && ACCESS_ANALYZER_CHECK_IDS.includes(f.check));
      assert.deepEqual(
        found.map((f) => f.message),
        [],
        `clean #${i}:\n${text}`,
      );
    });
  });

  it("reads CloudFormation YAML documents, and an ignore comment silences one check on its line", () => {
    const yaml = [
      "Resources:",
      "  Role:",
      "    Type: AWS::IAM::ManagedPolicy",
      "    Properties:",
      "      PolicyDocument:",
      "        Statement:",
      "          - Effect: Allow",
      "            Action: s3:GetObject",
      "            Resource: !Sub arn:aws:s3:::${Bucket}/*",
      "            Condition:",
      "              StringLike:",
      "                aws:SourceArn: arn:aws:sns:*:*:topic",
      "",
    ].join("\n");
    const found = analyze(yaml, "stack.yaml").map((f) => `${f.range.start.line} ${f.code}`);
    assert.deepEqual(found, ["5 MISSING_VERSION", "10 STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"]);
    const ignored = yaml.replace(
      "              StringLike:",
      "              # agent-security-ignore iam-string-like-operator-with-arn-condition-keys -- reviewed\n              StringLike:",
    );
    assert.deepEqual(
      analyze(ignored, "stack.yaml").map((f) => f.code),
      ["MISSING_VERSION"],
    );
  });

  it("settings turn a check off or change its severity, and project suppressions apply", () => {
    const text = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: ["*", "arn:aws:s3:::b/*"] }] });
    assert.deepEqual([...codes(analyze(text))].sort(), ["MISSING_VERSION", "REDUNDANT_RESOURCE"]);
    const configured = analyze(text, "p.json", { severities: { "iam-missing-version": "off", "iam-redundant-resource": "error" } });
    assert.deepEqual(
      configured.map((f) => `${f.code} ${f.severity}`),
      ["REDUNDANT_RESOURCE error"],
    );
    const redundant = configured[0];
    const suppressed = analyze(text, "p.json", {
      isSuppressed: (check: string, fp: string) => check === redundant.check && fp === redundant.fingerprint,
    });
    assert.deepEqual(
      suppressed.map((f) => f.code),
      ["MISSING_VERSION"],
    );
  });

  it("a half-typed file gets no finding about elements it does not have yet", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"';
    assert.deepEqual(
      analyze(text)
        .filter((f) => f.code)
        .map((f) => f.code),
      [],
    );
  });

  it("Allow with NotResource is broad (iam-not-resource-allow); Deny is not; a condition lowers it", () => {
    const allow = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }],
    });
    const [f] = analyze(allow).filter((x) => x.check === "iam-not-resource-allow");
    assert.equal(f.severity, "warning");
    assert.equal(allow.slice(f.offset, f.offset + f.length), "NotResource");
    assert.match(f.message, /every resource except arn:aws:s3:::secret\/\*/);
    const deny = allow.replace('"Allow"', '"Deny"');
    assert.deepEqual(
      analyze(deny).filter((x) => x.check === "iam-not-resource-allow"),
      [],
    );
    const conditioned = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          NotResource: "arn:aws:s3:::secret/*",
          Condition: { StringEquals: { "aws:PrincipalTag/team": "a" } },
        },
      ],
    });
    assert.equal(analyze(conditioned).find((x) => x.check === "iam-not-resource-allow")?.severity, "info");
  });

  it("the catalogue knows condition keys with their types, templates included, and what each action takes", () => {
    assert.equal(catalog.conditionKey("S3:X-AMZ-ACL")?.type, "String");
    assert.equal(catalog.conditionKey("aws:TagKeys")?.type, "ArrayOfString");
    assert.equal(catalog.conditionKey("iam:PassedToService")?.key, "iam:PassedToService");
    assert.equal(catalog.conditionKey("s3:ExistingObjectTag/team")?.key, "s3:ExistingObjectTag/<key>");
    assert.equal(catalog.conditionKey("ec2:ResourceTag/Name")?.key, "ec2:ResourceTag/${TagKey}");
    assert.equal(catalog.conditionKey("ec2:ResourceTag/"), undefined, "a template needs its variable");
    const passRole = catalog.actionDetails(catalog.lookup("iam:PassRole")!);
    assert.deepEqual(
      passRole.resourceTypes.map((t) => t.name),
      ["role"],
    );
    assert.ok(passRole.conditionKeys.includes("iam:PassedToService"));
    const startInstances = catalog.actionDetails(catalog.lookup("ec2:StartInstances")!);
    assert.ok(startInstances.conditionKeys.includes("aws:ResourceTag/${TagKey}"), "keys of the resource types acted on");
    assert.ok(catalog.resourceTypes("s3").some((t) => t.arn === "arn:${Partition}:s3:::${BucketName}"));
  });

  it("matches resource patterns as IAM does: case-sensitive, variables as written", () => {
    assert.ok(resourceCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/k"));
    assert.ok(!resourceCovers("arn:aws:s3:::b/*", "arn:aws:s3:::B/k"));
    assert.ok(!resourceCovers("arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/jane"));
    assert.ok(patternsIntersect("instance/*", "*/i-1"));
    assert.ok(!patternsIntersect("listener/awseb-*", "listener/app/*"));
  });

  describe("quick fixes", () => {
    function fixFor(text: string, fileName: string, code: string, kind: string): string {
      const finding = analyze(text, fileName).find((f) => f.code === code);
      assert.ok(finding, `no ${code}`);
      const fix = iamFixes({ text, fileName, catalog, finding }).find((x) => x.kind === kind);
      assert.ok(fix, `no ${kind} fix for ${code}`);
      const out = applyEdits(text, fix.edits);
      assertParses(fileName, out);
      assert.ok(!codes(analyze(out, fileName)).has(code), `${code} remains after the fix:\n${out}`);
      return out;
    }

    it("removes a redundant resource, in JSON and YAML", () => {
      const json = JSON.stringify(
        {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::b/*", "arn:aws:s3:::b/k"] }],
        },
        null,
        2,
      );
      assert.match(fixFor(json, "p.json", "REDUNDANT_RESOURCE", "remove"), /"Resource": \[\n\s+"arn:aws:s3:::b\/\*"\n\s+\]/);
      const yaml =
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - "*"\n      - arn:aws:s3:::b/k\n';
      assert.equal(
        fixFor(yaml, "p.yaml", "REDUNDANT_RESOURCE", "remove"),
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - "*"\n',
      );
    });

    it("adds the iam:PassedToService condition skeleton, in JSON (one line or several) and YAML", () => {
      const pretty = JSON.stringify(
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] },
        null,
        2,
      );
      const out = fixFor(pretty, "p.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE", "add-condition");
      assert.match(
        out,
        /"Resource": "\*",\n {6}"Condition": \{\n {8}"StringEquals": \{\n {10}"iam:PassedToService": "SERVICE.amazonaws.com"\n {8}\}\n {6}\}\n {4}\}/,
      );
      const oneLine = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}';
      assert.equal(
        fixFor(oneLine, "p.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE", "add-condition"),
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "SERVICE.amazonaws.com"}}}]}',
      );
      const withCondition = JSON.stringify(
        {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }],
        },
        null,
        2,
      );
      assert.match(
        fixFor(withCondition, "p.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE", "add-condition"),
        /"iam:PassedToService": "SERVICE.amazonaws.com"/,
      );
      const star = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] }, null, 2);
      fixFor(star, "p.json", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "add-condition");
      const yaml =
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: iam:PassRole\n    Resource: "*"\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n';
      assert.equal(
        fixFor(yaml, "p.yaml", "PASS_ROLE_WITH_STAR_IN_RESOURCE", "add-condition"),
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: iam:PassRole\n    Resource: "*"\n    Condition:\n      StringEquals:\n        iam:PassedToService: SERVICE.amazonaws.com\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n',
      );
    });

    it("changes StringLike to ArnLike for ARN keys, and StringEquals to StringLike for wildcards, keeping qualifiers and IfExists", () => {
      const arn = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: "*",
            Condition: { StringLikeIfExists: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci-*" } },
          },
        ],
      });
      assert.match(
        fixFor(arn, "p.json", "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", "change-operator"),
        /"ArnLikeIfExists":\{"aws:PrincipalArn"/,
      );
      const mixed = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: "*",
            Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci-*", "aws:userid": "AROA*" } },
          },
        ],
      });
      const finding = analyze(mixed).find((f) => f.code === "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS")!;
      assert.deepEqual(
        iamFixes({ text: mixed, fileName: "p.json", catalog, finding }).filter((f) => f.kind === "change-operator"),
        [],
        "the block also holds a string key",
      );
      const like = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team-*"] } },
          },
        ],
      });
      assert.match(fixFor(like, "p.json", "WILDCARD_WITHOUT_LIKE_OPERATOR", "change-operator"), /"ForAnyValue:StringLike"/);
    });

    it("adds the Version element first, in JSON and in a CloudFormation YAML document", () => {
      const json = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }, null, 4);
      assert.match(fixFor(json, "p.json", "MISSING_VERSION", "add-version"), /^\{\n {4}"Version": "2012-10-17",\n {4}"Statement"/);
      const yaml =
        "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'\n";
      assert.match(
        fixFor(yaml, "stack.yaml", "MISSING_VERSION", "add-version"),
        /PolicyDocument:\n {8}Version: "2012-10-17"\n {8}Statement:/,
      );
    });
  });

  it("SARIF results carry the issue code as a property", () => {
    const finding: AuditFinding = {
      file: "policy.json",
      root: "/work/app",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      checkId: "iam-missing-version",
      analyzer: "iam",
      kind: "Missing version",
      severity: "warning",
      message: "The policy has no Version. (Access Analyzer: MISSING_VERSION)",
      preview: "{",
      fingerprint: "sha256:00",
      accessAnalyzerCode: "MISSING_VERSION",
    };
    const summary = { files: 1, scanned: 1, cached: 0, ignored: 0, skipped: emptySkipCounts(), bytesScanned: 10, durationMs: 1 };
    const log = toSarif({ roots: ["/work/app"], findings: [finding], summary, cancelled: false, problems: [] }, "1.0.0") as {
      runs: { results: { properties: Record<string, string> }[] }[];
    };
    assert.equal(log.runs[0].results[0].properties.accessAnalyzerCode, "MISSING_VERSION");
  });
});
