import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import { iamAssist, ParseCache } from "../../../src/iam/assist";
import type { IamCatalog } from "../../../src/iam/catalog";
import { analyzeIam } from "../../../src/iam/checks";
import { parseHcl } from "../../../src/iam/hcl";
import { impliedServices, locateNotAction, notActionChoices, notActionEdits } from "../../../src/iam/notAction";
import { extractPolicies } from "../../../src/iam/policy";
import { yamlParseOptions } from "../../../src/iam/tree";
import { applyEdits } from "../../../src/shared/text";
import { assertParses, testCatalog } from "../../support/iam";

describe("IAM NotAction → explicit actions", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  /** The offset of the NotAction key of the first such statement. */
  function keyOffset(text: string, name: string): number {
    const statement = extractPolicies(text, name).statements.find((s) => s.action?.not);
    assert.ok(statement?.action, "a NotAction statement");
    return statement.action.keyOffset;
  }

  /** Applies the edits, checks the result parses, and returns it with its (only) statement's action field. */
  function convert(
    text: string,
    name: string,
    actions: string[],
  ): { out: string; action: { key: string; not: boolean; values: string[] } } {
    const edits = notActionEdits(text, extractPolicies(text, name), keyOffset(text, name), actions);
    assert.ok(edits, "edits produced");
    const out = applyEdits(text, edits);
    assertParses(name, out);
    const statements = extractPolicies(out, name).statements;
    assert.equal(statements.length, 1);
    const field = statements[0].action!;
    return { out, action: { key: field.key, not: field.not, values: field.items.map((i) => i.value) } };
  }

  const jsonPolicy = [
    "{",
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    "    {",
    '      "Effect": "Allow",',
    '      "NotAction": ["iam:*", "organizations:*"],',
    '      "Resource": "arn:aws:s3:::reports/*"',
    "    }",
    "  ]",
    "}",
    "",
  ].join("\n");

  describe("choices", () => {
    it("the services the statement is about: its Resource ARNs' when NotAction excludes whole services", () => {
      const parsed = extractPolicies(jsonPolicy, "p.json");
      const choices = notActionChoices(parsed, keyOffset(jsonPolicy, "p.json"), catalog)!;
      assert.deepEqual(choices.services, ["s3"]);
      assert.deepEqual(choices.excluded, ["iam:*", "organizations:*"]);
      assert.equal(choices.choices.length, catalog.actionsOf("s3").length);
      assert.ok(choices.preselected.includes("s3:GetObject"));
      assert.ok(!choices.preselected.includes("s3:PutObject"), "only List and Read preselected");
    });

    it("all of a service but the excluded actions, when NotAction names actions of it", () => {
      const text = '{"Statement": [{"Effect": "Allow", "NotAction": ["s3:Delete*", "s3:PutBucketPolicy"], "Resource": "*"}]}';
      const choices = notActionChoices(extractPolicies(text, "p.json"), keyOffset(text, "p.json"), catalog)!;
      assert.deepEqual(choices.services, ["s3"]);
      const names = choices.choices.map((a) => a.full);
      assert.ok(names.includes("s3:GetObject") && names.includes("s3:PutObject"));
      assert.ok(!names.some((n) => /^s3:Delete/.test(n)) && !names.includes("s3:PutBucketPolicy"));
      assert.equal(names.length, catalog.actionsOf("s3").length - catalog.expand("s3:Delete*").length - 1);
    });

    it("services of condition keys count; none implied means the user names them", () => {
      const keyed =
        '{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"ec2:Region": "eu-west-1"}}}]}';
      const statement = locateNotAction(extractPolicies(keyed, "p.json"), keyOffset(keyed, "p.json"))!;
      assert.deepEqual(impliedServices(statement, catalog), ["ec2"]);
      const bare = '{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}';
      const parsed = extractPolicies(bare, "p.json");
      assert.deepEqual(notActionChoices(parsed, keyOffset(bare, "p.json"), catalog)!.services, []);
      const named = notActionChoices(parsed, keyOffset(bare, "p.json"), catalog, ["SQS", "nosuch"])!;
      assert.deepEqual(named.services, ["sqs"]);
      assert.equal(named.choices.length, catalog.actionsOf("sqs").length);
    });

    it("only Allow statements, found from anywhere in the NotAction element with `within`", () => {
      const deny = '{"Statement": [{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}]}';
      assert.equal(notActionChoices(extractPolicies(deny, "p.json"), keyOffset(deny, "p.json"), catalog), undefined);
      const parsed = extractPolicies(jsonPolicy, "p.json");
      assert.equal(notActionChoices(parsed, jsonPolicy.indexOf("organizations"), catalog), undefined);
      assert.ok(notActionChoices(parsed, jsonPolicy.indexOf("organizations"), catalog, undefined, true));
    });
  });

  describe("edits in the file's own syntax", () => {
    it("JSON: NotAction becomes Action with one action per line, and the finding goes", () => {
      const { out, action } = convert(jsonPolicy, "p.json", ["s3:GetObject", "s3:ListBucket", "s3:GetObject"]);
      assert.deepEqual(action, { key: "Action", not: false, values: ["s3:GetObject", "s3:ListBucket"] });
      assert.ok(out.includes('      "Action": [\n        "s3:GetObject",\n        "s3:ListBucket"\n      ],\n'));
      assert.deepEqual(
        analyzeIam(out, catalog, { fileName: "p.json" }).filter((f) => f.check === "iam-not-action-allow"),
        [],
      );
    });

    it("JSON: a statement on one line keeps a short list inline", () => {
      const text = '{"Statement": [{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "*"}]}\n';
      const { out, action } = convert(text, "p.json", ["s3:GetObject", "s3:ListBucket"]);
      assert.equal(out, '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}\n');
      assert.equal(action.not, false);
    });

    it("YAML: a block sequence under Action, at the key's indentation plus one step", () => {
      const text = [
        "Resources:",
        "  Policy:",
        "    Type: AWS::IAM::ManagedPolicy",
        "    Properties:",
        "      PolicyDocument:",
        "        Statement:",
        "          - Effect: Allow",
        "            NotAction:",
        "              - iam:*",
        "              - organizations:*",
        "            Resource: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs",
        "",
      ].join("\n");
      const { out, action } = convert(text, "template.yaml", ["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
      assert.deepEqual(action, { key: "Action", not: false, values: ["sqs:ReceiveMessage", "sqs:DeleteMessage"] });
      assert.ok(
        out.includes(
          "            Action:\n              - sqs:ReceiveMessage\n              - sqs:DeleteMessage\n            Resource: !Sub",
        ),
        out,
      );
    });

    it("YAML: a scalar NotAction and a flow statement", () => {
      const scalar = "Statement:\n  - Effect: Allow\n    NotAction: 'iam:*'\n    Resource: arn:aws:s3:::b/*\n";
      const { out } = convert(scalar, "p.yaml", ["s3:GetObject"]);
      assert.equal(out, "Statement:\n  - Effect: Allow\n    Action:\n      - 's3:GetObject'\n    Resource: arn:aws:s3:::b/*\n");
      const flow = "Statement:\n  - {Effect: Allow, NotAction: [iam:*], Resource: '*'}\n";
      const converted = convert(flow, "p.yaml", ["s3:GetObject", "s3:ListBucket"]);
      assert.equal(converted.out, "Statement:\n  - {Effect: Allow, Action: [s3:GetObject, s3:ListBucket], Resource: '*'}\n");
      for (const doc of YAML.parseAllDocuments(converted.out, yamlParseOptions()) as YAML.Document.Parsed[])
        assert.deepEqual(doc.errors, []);
    });

    it("Terraform: not_actions in aws_iam_policy_document becomes actions", () => {
      const text = [
        'data "aws_iam_policy_document" "admin_but_iam" {',
        "  statement {",
        '    not_actions = ["iam:*"]',
        '    resources   = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]',
        "  }",
        "}",
        "",
      ].join("\n");
      const { out, action } = convert(text, "main.tf", ["dynamodb:GetItem", "dynamodb:Query"]);
      assert.deepEqual(action, { key: "actions", not: false, values: ["dynamodb:GetItem", "dynamodb:Query"] });
      assert.ok(out.includes('    actions = [\n      "dynamodb:GetItem",\n      "dynamodb:Query"\n    ]\n'), out);
      assert.deepEqual(parseHcl(out).errors, []);
    });

    it("Terraform: NotAction in jsonencode", () => {
      const text = [
        'resource "aws_iam_policy" "p" {',
        "  policy = jsonencode({",
        '    Version = "2012-10-17"',
        "    Statement = [{",
        '      Effect    = "Allow"',
        '      NotAction = "s3:DeleteBucket"',
        '      Resource  = "*"',
        "    }]",
        "  })",
        "}",
        "",
      ].join("\n");
      const { action } = convert(text, "main.tf", ["s3:GetObject", "s3:ListBucket"]);
      assert.deepEqual(action, { key: "Action", not: false, values: ["s3:GetObject", "s3:ListBucket"] });
    });

    it("nothing chosen, or no NotAction statement there: no edits", () => {
      const parsed = extractPolicies(jsonPolicy, "p.json");
      assert.equal(notActionEdits(jsonPolicy, parsed, keyOffset(jsonPolicy, "p.json"), []), undefined);
      assert.equal(notActionEdits(jsonPolicy, parsed, 0, ["s3:GetObject"]), undefined);
    });
  });

  it("the quick fix for iam-not-action-allow runs the command with the NotAction's offset", () => {
    const finding = analyzeIam(jsonPolicy, catalog, { fileName: "p.json" }).find((f) => f.check === "iam-not-action-allow");
    assert.ok(finding);
    const doc = new ParseCache().get(jsonPolicy, "p.json");
    const [fixes] = iamAssist({ kind: "fixes", findings: [finding] }, doc, { catalog });
    assert.equal(fixes[0].title, "Replace NotAction with explicit actions…");
    assert.deepEqual(fixes[0].notAction, { offset: keyOffset(jsonPolicy, "p.json") });
    assert.deepEqual(fixes[0].edits, []);
  });
});
