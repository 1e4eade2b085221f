import * as assert from "node:assert/strict";
import type { IamCatalog } from "../../../src/iam/catalog";
import { ACCESS_ANALYZER_CHECK_IDS } from "../../../src/iam/analyzer/codes";
import { analyzeIam as analyzeAll } from "../../../src/iam/checks";
import { detectFormat, extractPolicies, mayContainPolicy } from "../../../src/iam/policy";
import { analyze as analyzeFixture, brief, fixture, testCatalog } from "../../support/iam";

/** These tests are about the least-privilege checks; the Access Analyzer checks have their own (accessAnalyzer.test.ts). */
const leastPrivilege = <T extends { check: string }>(findings: T[]) => findings.filter((f) => !ACCESS_ANALYZER_CHECK_IDS.includes(f.check));
const analyzeIam = (...args: Parameters<typeof analyzeAll>) => leastPrivilege(analyzeAll(...args));
const analyze = async (...args: Parameters<typeof analyzeFixture>) => leastPrivilege(await analyzeFixture(...args));

async function briefs(name: string, text = fixture(name)): Promise<string[]> {
  return (await analyze(name, text)).map((f) => `${brief(text, f)} ${f.severity}`);
}

describe("IAM checks per format", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  describe("JSON policy documents", () => {
    it("reports each check at the exact action string", async () => {
      assert.deepEqual(await briefs("identity-policy.json"), [
        "7:9-7:13 iam-service-wildcard s3:* warning",
        "8:9-8:21 iam-redundant-action s3:GetObject hint",
        "9:9-9:16 iam-partial-wildcard s3:Get* info",
        "9:9-9:16 iam-redundant-action s3:Get* hint",
        "17:18-17:30 iam-unknown-action s3:GetObjekt error",
        "17:34-17:47 iam-unknown-action s4:ListBucket error",
        "17:51-17:64 iam-partial-wildcard ec2:Describe* info",
        "23:17-23:29 iam-passrole-star-resource iam:PassRole warning",
        "29:17-29:18 iam-action-star * error",
        "35:7-35:16 iam-not-action-allow NotAction warning",
        "41:18-41:27 iam-partial-wildcard iam:Pass* info",
        "41:18-41:27 iam-passrole-star-resource iam:Pass* info",
        "41:31-41:38 iam-partial-wildcard *Object info",
      ]);
    });

    it("states counts from the catalogue in the messages", async () => {
      const findings = await analyze("identity-policy.json");
      const s3 = catalog.expand("s3:*");
      const write = s3.filter((a) => a.primary === "Write").length;
      const pm = s3.filter((a) => a.primary === "Permissions management").length;
      const service = findings.find((f) => f.check === "iam-service-wildcard")!;
      assert.match(
        service.message,
        new RegExp(`grants all ${s3.length} actions of Amazon S3: ${write} Write, ${pm} Permissions management, `),
      );
      const star = findings.find((f) => f.check === "iam-action-star")!;
      assert.match(star.message, /full administrator access/);
      assert.match(star.message, new RegExp(catalog.actionCount.toLocaleString("en-US")));
      const typo = findings.find((f) => f.subject === "s3:GetObjekt")!;
      assert.match(typo.message, /Did you mean s3:GetObject\?/);
      assert.deepEqual(typo.suggestions?.[0], "s3:GetObject");
      assert.match(
        findings.find((f) => f.subject === "s4:ListBucket")!.message,
        /"s4" is not a known service prefix\. Did you mean s3:ListBucket/,
      );
      const getStar = findings.find((f) => f.check === "iam-partial-wildcard" && f.subject === "s3:Get*")!;
      assert.match(getStar.message, new RegExp(`grants ${catalog.expand("s3:Get*").length} actions of Amazon S3`));
    });

    it("lowers severity for a conditioned statement and says so", async () => {
      const findings = await analyze("identity-policy.json");
      const lowered = findings.filter((f) => f.range.start.line === 41);
      assert.ok(lowered.every((f) => f.loweredBy?.includes("iam:PassedToService")));
      const pass = lowered.find((f) => f.check === "iam-passrole-star-resource")!;
      assert.equal(pass.severity, "info", "warning lowered one step");
      assert.match(pass.message, /Severity lowered one step: the statement has a Condition \(iam:PassedToService\)/);
      assert.doesNotMatch(pass.message, /add a Condition on iam:PassedToService/, "no advice to add what is there");
      const object = lowered.find((f) => f.subject === "*Object")!;
      assert.equal(object.severity, "info", "partial wildcard reaching Write is a warning, lowered to info");
    });

    it("never flags wildcards in Deny statements", async () => {
      assert.deepEqual(await briefs("deny.json"), ["4:57-4:69 iam-unknown-action s3:GetObjekt error"]);
    });

    it("finds several policies in one file and AWS CLI wrappers", async () => {
      assert.deepEqual(await briefs("several-policies.json"), [
        "5:51-5:59 iam-partial-wildcard s3:List* info",
        "13:43-13:48 iam-service-wildcard sqs:* warning",
      ]);
    });

    it("reads resource policies with a Principal", async () => {
      assert.deepEqual(await briefs("bucket-policy.json"), ["6:17-6:21 iam-service-wildcard s3:* warning"]);
      assert.equal(extractPolicies(fixture("bucket-policy.json"), "b.json").statements[0].kind, "resource");
    });

    it("skips CloudFormation JSON intrinsics and a conditional Effect", async () => {
      assert.deepEqual(await briefs("cloudformation.json"), ["18:30-18:36 iam-service-wildcard logs:* warning"]);
      const parsed = extractPolicies(fixture("cloudformation.json"), "t.json");
      assert.deepEqual(
        parsed.statements.map((s) => s.kind),
        ["trust", "identity", "identity"],
      );
      assert.equal(parsed.statements[2].effect, "unknown");
    });

    it("ignores JSON that only mentions the words", async () => {
      assert.deepEqual(await briefs("not-a-policy.json"), []);
      assert.equal(mayContainPolicy('{"a": 1}'), false);
    });
  });

  describe("CloudFormation and SAM YAML", () => {
    it("parses short-form intrinsics and reports exact ranges", async () => {
      assert.deepEqual(await briefs("cloudformation.yaml"), [
        "28:20-28:24 iam-service-wildcard s3:* warning",
        "29:20-29:32 iam-redundant-action s3:GetObject hint",
        "35:24-35:34 iam-service-wildcard dynamodb:* warning",
        "49:37-49:50 iam-partial-wildcard ec2:Describe* info",
        "49:52-49:64 iam-passrole-star-resource iam:PassRole warning",
        "60:20-60:29 iam-partial-wildcard sqs:Send* info",
        "75:21-75:26 iam-service-wildcard kms:* warning",
        "88:23-88:40 iam-partial-wildcard ssm:GetParameter* info",
        "91:18-91:32 iam-partial-wildcard lambda:Invoke* warning",
      ]);
    });

    it("classifies trust, identity and resource policies and skips !If and !Ref values", () => {
      const parsed = extractPolicies(fixture("cloudformation.yaml"), "template.yaml");
      assert.equal(parsed.errors, 0, "the short tags are known");
      assert.deepEqual(
        parsed.statements.map((s) => s.kind),
        ["trust", "identity", "identity", "identity", "identity", "identity", "resource", "resource", "identity", "identity"],
      );
      assert.equal(parsed.statements[3].effect, "unknown", "Effect: !If");
      assert.deepEqual(parsed.statements[4].action?.items, [], "Action: !If [...]");
      assert.deepEqual(
        parsed.statements[1].action?.items.map((i) => i.value),
        ["s3:*", "s3:GetObject"],
        "!Ref item skipped",
      );
    });

    it("lowers a resource-policy wildcard conditioned on aws:SourceArn", async () => {
      const f = (await analyze("cloudformation.yaml")).find((x) => x.subject === "sqs:Send*")!;
      assert.deepEqual(f.loweredBy, ["aws:SourceArn"]);
      assert.equal(f.severity, "info");
      assert.match(f.message, /aws:SourceArn/);
    });

    it("reads Serverless Framework statements, current and legacy", async () => {
      assert.deepEqual(await briefs("serverless.yml"), [
        "10:14-10:24 iam-service-wildcard dynamodb:* warning",
        "21:18-21:30 iam-partial-wildcard sqs:Receive* info",
      ]);
      assert.deepEqual(await briefs("serverless-legacy.yml"), ["6:11-6:15 iam-service-wildcard s3:* warning"]);
    });

    it("detects a template by content when its name does not tell", async () => {
      const text = fixture("cloudformation.yaml");
      assert.equal(detectFormat(text, "stack.template"), "yaml");
      assert.equal(detectFormat(fixture("cloudformation.json"), "stack.template"), "json");
      assert.equal(detectFormat(fixture("main.tf"), "infra/policy"), "terraform");
      assert.equal(detectFormat(fixture("cloudformation.json"), "/home/me/.aws/.policy"), "json", "a dot file has no extension");
      assert.equal(detectFormat(text, "Untitled-1", "plaintext"), "yaml", "an untitled document");
      assert.equal(analyzeIam(text, catalog, { fileName: "stack.template" }).length, 9);
      assert.equal(analyzeIam(text, catalog, { fileName: "deploy/stack" }).length, 9);
    });

    it("reads only files that can hold policies: JSON, YAML, Terraform by extension or language", async () => {
      assert.equal(detectFormat("{}", "P.JSON"), "json");
      assert.equal(detectFormat("{}", "tsconfig.jsonc"), "json");
      assert.equal(detectFormat("a: 1", "ci.yml"), "yaml");
      assert.equal(detectFormat("a = 1", "vars.tofu"), "terraform");
      assert.equal(detectFormat("a: 1", "Untitled-2", "yaml"), "yaml", "the language id decides for untitled documents");
      assert.equal(detectFormat("{}", "a.txt", "json"), "json");
      assert.equal(detectFormat("x", "compose.override", "dockercompose"), "yaml");
      for (const name of ["tests/lib/rules/indent.js", "docs/iam.md", "notes.txt", "src/stack.ts", "c:\\repo\\policy.py"]) {
        assert.equal(detectFormat(fixture("cloudformation.yaml"), name), undefined, name);
      }
      assert.equal(detectFormat("[![build](badge.svg)](ci)\nStatement: Action", "README.md"), undefined);
    });

    it("reads a whole JSON document under any name, as an agent may write a policy to any file", async () => {
      assert.equal(detectFormat(fixture("cloudformation.json"), "notes.txt"), "json");
      assert.equal(detectFormat(`\n  [ {"Statement": []} ]`, "policy.ts", "typescript"), "json");
      assert.equal(detectFormat("const p = { Statement: [] };", "policy.ts", "typescript"), undefined);
    });

    it("leaves code and prose that mention Statement and Action unparsed", async () => {
      // The shape that made large JavaScript tests (ESLint's indent rule tests) go through the YAML parser.
      const js = `const cases = [\n  \`Statement:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\`,\n];\n`.repeat(50);
      const md = "# IAM\n\n```yaml\nStatement:\n  - Effect: Allow\n    Action: s3:*\n    Resource: '*'\n```\n";
      assert.ok(mayContainPolicy(js) && mayContainPolicy(md), "both pass the cheap content test");
      for (const [text, name] of [
        [js, "tests/indent.js"],
        [md, "README.md"],
      ]) {
        const parsed = extractPolicies(text, name);
        assert.equal(parsed.format, undefined, name);
        assert.deepEqual(parsed.statements, []);
        assert.deepEqual(analyzeIam(text, catalog, { fileName: name }), []);
      }
      assert.equal(
        analyzeIam(md.replace(/^[^]*```yaml\n|```\n$/g, ""), catalog, { fileName: "policy.yaml" }).length,
        1,
        "the same statements in a YAML file are found",
      );
    });
  });

  describe("Terraform", () => {
    it("reads policy document blocks, jsonencode and heredocs with exact ranges", async () => {
      assert.deepEqual(await briefs("main.tf"), [
        "12:18-12:22 iam-service-wildcard s3:* warning",
        "12:26-12:38 iam-redundant-action s3:GetObject hint",
        "19:7-19:19 iam-passrole-star-resource iam:PassRole info",
        "20:7-20:20 iam-partial-wildcard ec2:Describe* hint",
        "60:20-60:30 iam-service-wildcard dynamodb:* warning",
        "65:21-65:30 iam-partial-wildcard sqs:Send* warning",
        "81:18-81:23 iam-service-wildcard kms:* warning",
        "81:27-81:38 iam-redundant-action kms:Decrypt hint",
        "94:51-94:59 iam-partial-wildcard ecr:Get* info",
        "102:47-102:48 iam-action-star * warning",
        "108:49-108:50 iam-action-star * error",
      ]);
    });

    it("defaults a policy document statement to Allow, reads Deny and trust statements", () => {
      const parsed = extractPolicies(fixture("main.tf"), "main.tf");
      assert.equal(parsed.errors, 0);
      const blocks = parsed.statements.filter((s) => s.node.entries.some((e) => e.key === "actions" || e.key === "not_actions"));
      assert.deepEqual(
        blocks.map((s) => [s.effect, s.kind]),
        [
          ["Allow", "identity"],
          ["Allow", "identity"],
          ["Deny", "identity"],
          ["Allow", "trust"],
        ],
      );
      const interpolated = parsed.statements.find((s) => s.action?.items.some((i) => i.value === "sqs:Send*"))!;
      assert.deepEqual(
        interpolated.action!.items.map((i) => i.value),
        ["sqs:Send*", "lambda:InvokeFunction"],
        "${...} strings are skipped",
      );
    });

    it("treats Action * in an assume_role_policy as a trust policy", async () => {
      const f = (await analyze("main.tf")).find((x) => x.range.start.line === 102)!;
      assert.match(f.message, /trust policy/);
      assert.equal(f.severity, "warning");
    });
  });
});
