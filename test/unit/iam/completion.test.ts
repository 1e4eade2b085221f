import * as assert from "node:assert/strict";
import type { IamCatalog } from "../../../src/iam/catalog";
import {
  catalogConditionKeys,
  completionContext,
  iamCompletions,
  type CompletionSources,
  type IamCompletions,
} from "../../../src/iam/completion";
import type { IamDocs } from "../../../src/iam/docs";
import { extractPolicies } from "../../../src/iam/policy";
import { testCatalog, testDocs } from "../../support/iam";

/** `text` with the cursor written as `|`: the text without it, and the cursor's offset. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf("|");
  assert.ok(offset >= 0, "no cursor in the text");
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

describe("IAM completion", () => {
  let catalog: IamCatalog;
  let docs: IamDocs;
  let sources: CompletionSources;
  before(async () => {
    catalog = await testCatalog();
    docs = await testDocs();
    sources = { catalog, docs, conditionKeys: catalogConditionKeys(catalog, docs) };
  });

  function complete(marked: string, fileName: string): IamCompletions | undefined {
    const { text, offset } = at(marked);
    return iamCompletions(text, offset, extractPolicies(text, fileName), sources);
  }

  function labels(result: IamCompletions | undefined): string[] {
    assert.ok(result, "completion offered");
    return result.items.map((i) => i.label);
  }

  /** What the editor would show for what was typed: items whose label starts with it, ignoring case. */
  function matching(result: IamCompletions | undefined, typed: string): string[] {
    return labels(result).filter((l) => l.toLowerCase().startsWith(typed.toLowerCase()));
  }

  describe("service prefixes and actions", () => {
    it("JSON: an empty action string offers service prefixes that continue with a colon", () => {
      const result = complete('{"Statement": [{"Effect": "Allow", "Action": ["|"], "Resource": "*"}]}', "p.json");
      const s3 = result?.items.find((i) => i.label === "s3");
      assert.ok(s3);
      assert.equal(s3.kind, "service");
      assert.equal(s3.insertText, "s3:");
      assert.equal(s3.detail, "Amazon S3");
      assert.equal(s3.retrigger, true);
      assert.equal(result!.items.length, catalog.serviceCount);
    });

    it("JSON: after the colon, the service's actions with access level and description", () => {
      const marked = '{"Statement": [{"Effect": "Allow", "Action": "s3:Get|", "Resource": "*"}]}';
      const result = complete(marked, "p.json")!;
      const { offset } = at(marked);
      assert.equal(result.start, offset - "s3:Get".length);
      assert.equal(result.end, offset);
      assert.equal(result.items.length, catalog.actionsOf("s3").length);
      const get = result.items.find((i) => i.label === "s3:GetObject")!;
      assert.equal(get.kind, "action");
      assert.equal(get.insertText, "s3:GetObject");
      assert.equal(get.detail, "Read · Grants permission to retrieve objects from Amazon S3");
      assert.match(
        get.documentation!,
        /^\*\*s3:GetObject\*\* \(Amazon S3\), access level Read\.\n\nResource types: .*`object`.*\n\nCondition keys: .*`s3:ExistingObjectTag\/<key>`/,
      );
      const list = result.items.find((i) => i.label === "s3:ListAllMyBuckets")!;
      assert.match(list.detail!, /^List · /);
      assert.match(list.documentation!, /Accepts only `Resource: "\*"`/);
    });

    it("matches the service prefix case-insensitively and inserts the catalogue's spelling", () => {
      const result = complete('{"Statement": [{"Effect": "Allow", "Action": ["S3:getob|"], "Resource": "*"}]}', "p.json");
      const expected = catalog
        .actionsOf("s3")
        .map((x) => x.full)
        .filter((f) => f.toLowerCase().startsWith("s3:getob"));
      assert.ok(expected.includes("s3:GetObject"));
      assert.deepEqual(matching(result, "S3:getob"), expected);
      assert.ok(
        complete('{"Statement": [{"Effect": "Allow", "Action": "DYNAMODB:|"}]}', "p.json")!.items.some(
          (i) => i.label === "dynamodb:GetItem",
        ),
      );
    });

    it("NotAction values complete too; unknown services and wildcards give nothing", () => {
      assert.ok(
        labels(complete('{"Statement": [{"Effect": "Allow", "NotAction": ["iam:|"], "Resource": "*"}]}', "p.json")).includes(
          "iam:PassRole",
        ),
      );
      assert.deepEqual(labels(complete('{"Statement": [{"Effect": "Allow", "Action": ["nosuchsvc:|"]}]}', "p.json")), []);
      assert.deepEqual(labels(complete('{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*|"]}]}', "p.json")), []);
    });

    it("nothing outside action strings: Resource, Sid, keys, and files without statements", () => {
      assert.equal(
        complete('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b|"}]}', "p.json"),
        undefined,
      );
      assert.equal(complete('{"Statement": [{"Sid": "s3:|", "Effect": "Allow", "Action": "s3:GetObject"}]}', "p.json"), undefined);
      assert.equal(complete('{"Statement": [{"Effect": "Allow", "Act|ion": "s3:GetObject"}]}', "p.json"), undefined);
      assert.equal(complete('{"name": "s3:|"}', "package.json"), undefined);
    });

    it("YAML (CloudFormation): plain, quoted and empty block items", () => {
      const yaml = [
        "Resources:",
        "  Role:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      Policies:",
        "        - PolicyName: p",
        "          PolicyDocument:",
        "            Statement:",
        "              - Effect: Allow",
        "                Action:",
        "                  - sqs:Send|",
        "                  - 'sns:Pub'",
        "                  - ",
        "                Resource: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q",
      ].join("\n");
      assert.ok(matching(complete(yaml, "template.yaml"), "sqs:Send").includes("sqs:SendMessage"));
      const quoted = yaml.replace("sqs:Send|", "sqs:SendMessage").replace("'sns:Pub'", "'sns:Pub|'");
      assert.ok(matching(complete(quoted, "template.yaml"), "sns:Pub").includes("sns:Publish"));
      const empty = yaml.replace("sqs:Send|", "sqs:SendMessage").replace("                  - \n", "                  - |\n");
      assert.ok(labels(complete(empty, "template.yaml")).includes("lambda"));
    });

    it("Serverless iamRoleStatements", () => {
      const yaml = "provider:\n  iamRoleStatements:\n    - Effect: Allow\n      Action:\n        - dynamodb:Put|\n      Resource: '*'\n";
      assert.ok(matching(complete(yaml, "serverless.yml"), "dynamodb:Put").includes("dynamodb:PutItem"));
    });

    it("Terraform: aws_iam_policy_document, jsonencode and a JSON heredoc", () => {
      const doc = 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["ec2:Describe|"]\n    resources = ["*"]\n  }\n}\n';
      assert.ok(matching(complete(doc, "main.tf"), "ec2:Describe").includes("ec2:DescribeInstances"));
      const encoded =
        'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = ["kms:|"]\n      Resource = "*"\n    }]\n  })\n}\n';
      assert.ok(labels(complete(encoded, "main.tf")).includes("kms:Decrypt"));
      const heredoc =
        'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow", "Action": "logs:Put|", "Resource": "*"}]}\nEOF\n}\n';
      assert.ok(matching(complete(heredoc, "main.tf"), "logs:Put").includes("logs:PutLogEvents"));
    });
  });

  describe("condition operators and keys", () => {
    it("JSON: operators in a Condition, with IfExists forms and set-operator prefixes", () => {
      const result = complete(
        '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Str|": {}}}]}',
        "p.json",
      );
      const all = labels(result);
      for (const op of [
        "StringEquals",
        "StringLike",
        "StringEqualsIfExists",
        "ArnLike",
        "IpAddress",
        "Bool",
        "Null",
        "ForAllValues:",
        "ForAnyValue:",
      ])
        assert.ok(all.includes(op), op);
      assert.ok(!all.includes("NullIfExists"));
      const like = result!.items.find((i) => i.label === "StringLike")!;
      assert.equal(like.kind, "condition-operator");
      assert.equal(like.detail, "Condition operator · String keys");
      // After a set operator, the operators it prefixes.
      assert.ok(
        labels(
          complete('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Condition": {"ForAllValues:Str|": {}}}]}', "p.json"),
        ).includes("ForAllValues:StringLike"),
      );
    });

    it("JSON: keys of the statement's actions and global keys, with type and description", () => {
      const marked =
        '{"Statement": [{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "*", "Condition": {"StringEquals": {"s3:x|": "private"}}}]}';
      const result = complete(marked, "p.json")!;
      const all = labels(result);
      assert.ok(all.includes("s3:x-amz-acl"), "a key of s3:PutObject");
      assert.ok(all.includes("aws:SourceIp"), "a global key");
      assert.ok(all.includes("aws:PrincipalOrgID"));
      assert.ok(!all.includes("ec2:InstanceType"), "not a key of the statement's actions");
      assert.ok(!all.some((k) => k.toLowerCase() === "s3:locationconstraint"), "a key of s3:CreateBucket only");
      const acl = result.items.find((i) => i.label === "s3:x-amz-acl")!;
      assert.equal(acl.kind, "condition-key");
      assert.match(acl.detail!, /^String · Filters access by/);
      const global = result.items.find((i) => i.label === "aws:SourceIp")!;
      assert.match(global.detail!, /^IPAddress/);
      // Case differences are one key.
      assert.equal(all.filter((k) => k.toLowerCase() === "aws:resourcetag/${tagkey}").length, 1);
    });

    it("templated keys insert a snippet with a tab stop for the variable", () => {
      const result = complete(
        '{"Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringEquals": {"|": "x"}}}]}',
        "p.json",
      )!;
      const tag = result.items.find((i) => i.label === "aws:RequestTag/${TagKey}")!;
      assert.equal(tag.snippet, "aws:RequestTag/${1:TagKey}");
      assert.equal(tag.insertText, "aws:RequestTag/TagKey");
      assert.ok(result.items.some((i) => i.label === "ec2:InstanceType"));
    });

    it("a statement of many services (Action *) offers global keys only", () => {
      const all = labels(
        complete('{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"|": "true"}}}]}', "p.json"),
      );
      assert.ok(all.includes("aws:SecureTransport"));
      // AWS's global keys include a few service-named ones (lambda:SourceFunctionArn), but no key of one service's actions.
      assert.ok(!all.includes("s3:x-amz-acl"));
      assert.ok(!all.includes("ec2:InstanceType"));
    });

    it("YAML: an operator and a key half-typed on their own lines", () => {
      const base = "Statement:\n  - Effect: Allow\n    Action: sts:AssumeRole\n    Resource: '*'\n    Condition:\n";
      assert.ok(labels(complete(`${base}      StringEq|\n`, "p.yaml")).includes("StringEquals"));
      const keys = labels(complete(`${base}      StringEquals:\n        sts:Ext|\n`, "p.yaml"));
      assert.ok(keys.includes("sts:ExternalId"));
      const keyed = labels(complete(`${base}      StringEquals:\n        aws:Pri|: x\n`, "p.yaml"));
      assert.ok(keyed.includes("aws:PrincipalArn"));
    });

    it("Terraform: test and variable in a condition block, keys in jsonencode", () => {
      const doc = (test: string, variable: string) =>
        `data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["iam:PassRole"]\n    resources = ["*"]\n    condition {\n      test     = "${test}"\n      variable = "${variable}"\n      values   = ["ec2.amazonaws.com"]\n    }\n  }\n}\n`;
      assert.ok(labels(complete(doc("StringE|", "iam:PassedToService"), "main.tf")).includes("StringEquals"));
      const keys = labels(complete(doc("StringEquals", "iam:Pass|"), "main.tf"));
      assert.ok(keys.includes("iam:PassedToService"));
      // `values` is not completed; neither is a statement attribute outside a condition block.
      assert.equal(complete(doc("StringEquals", "iam:PassedToService").replace('["ec2.amazonaws.com"]', '["ec2|"]'), "main.tf"), undefined);
      const encoded =
        'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = "iam:PassRole"\n      Resource = "*"\n      Condition = { StringEquals = { "iam:Pass|" = "ec2.amazonaws.com" } }\n    }]\n  })\n}\n';
      assert.ok(labels(complete(encoded, "main.tf")).includes("iam:PassedToService"));
      const op =
        'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = "iam:PassRole"\n      Condition = { StringEq| = {} }\n    }]\n  })\n}\n';
      assert.ok(labels(complete(op, "main.tf")).includes("StringEquals"));
    });
  });

  it("completionContext names the kind and the range of what is typed", () => {
    const { text, offset } = at('{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Li|st"]}]}');
    const context = completionContext(text, offset, extractPolicies(text, "p.json"))!;
    assert.equal(context.kind, "action");
    assert.equal(text.slice(context.start, context.end), "s3:List");
  });

  it("without descriptions, items name the service instead", async () => {
    const { text, offset } = at('{"Statement": [{"Effect": "Allow", "Action": "s3:|"}]}');
    const bare = iamCompletions(text, offset, extractPolicies(text, "p.json"), { catalog })!;
    assert.equal(bare.items.find((i) => i.label === "s3:GetObject")!.detail, "Read · Amazon S3");
  });
});
