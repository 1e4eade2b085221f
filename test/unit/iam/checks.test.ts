import * as assert from "node:assert/strict";
import type { IamCatalog } from "../../../src/iam/catalog";
import { ACCESS_ANALYZER_CHECK_IDS } from "../../../src/iam/analyzer/codes";
import { IAM_CHECK_IDS, IAM_CHECKS, isIamCheckId } from "../../../src/iam/checkIds";
import { analyzeIam as analyzeAll } from "../../../src/iam/checks";
import { expansionMarkdown, iamHover } from "../../../src/iam/hover";
import { testCatalog } from "../../support/iam";

/** These tests are about the least-privilege checks; the Access Analyzer checks have their own (accessAnalyzer.test.ts). */
const analyzeIam = (...args: Parameters<typeof analyzeAll>) =>
  analyzeAll(...args).filter((f) => !ACCESS_ANALYZER_CHECK_IDS.includes(f.check));

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
}

describe("IAM check semantics", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  const run = (text: string, options = {}) =>
    analyzeIam(text, catalog, { fileName: "p.json", ...options }).map((f) => `${f.check} ${f.subject} ${f.severity}`);

  it("documents seven stable check ids", () => {
    assert.deepEqual(IAM_CHECK_IDS.slice(0, 7), [
      "iam-action-star",
      "iam-service-wildcard",
      "iam-partial-wildcard",
      "iam-not-action-allow",
      "iam-passrole-star-resource",
      "iam-unknown-action",
      "iam-redundant-action",
    ]);
    assert.ok(isIamCheckId("iam-action-star"));
    assert.ok(!isIamCheckId("secret"));
    assert.equal(IAM_CHECKS["iam-redundant-action"].severity, "hint");
  });

  it('Action "*" is an error, naming administrator access only with Resource "*"', () => {
    const narrow = analyzeIam(policy({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b/*" }), catalog, { fileName: "p.json" });
    assert.equal(narrow[0].check, "iam-action-star");
    assert.doesNotMatch(narrow[0].message, /administrator/);
    const wide = analyzeIam(policy({ Effect: "Allow", Action: ["*"], Resource: ["*"] }), catalog, { fileName: "p.json" });
    assert.match(wide[0].message, /full administrator access/);
  });

  it("Deny statements are never flagged for wildcards, nor statements whose Effect is unknown", () => {
    assert.deepEqual(run(policy({ Effect: "Deny", Action: "*", Resource: "*" })), []);
    assert.deepEqual(run(policy({ Effect: "Deny", Action: ["s3:*", "ec2:Describe*", "iam:PassRole"], Resource: "*" })), []);
    assert.deepEqual(run(policy({ Effect: "Deny", NotAction: ["s3:*"], Resource: "*" })), []);
    assert.deepEqual(run(policy({ Action: "s3:*", Resource: "*" })), [], "no Effect: not assumed Allow in JSON");
    assert.deepEqual(run(policy({ Effect: "Alow", Action: "s3:*", Resource: "*" })), []);
  });

  it("partial wildcards are info when they only read, warning when they reach Write or Permissions management", () => {
    assert.deepEqual(run(policy({ Effect: "Allow", Action: ["s3:Get*", "s3:Put*", "iam:Pass*"], Resource: "arn:aws:s3:::b" })), [
      "iam-partial-wildcard s3:Get* info",
      "iam-partial-wildcard s3:Put* warning",
      "iam-partial-wildcard iam:Pass* warning",
    ]);
  });

  it("a pattern matching no action is unknown; a malformed action too", () => {
    assert.deepEqual(run(policy({ Effect: "Allow", Action: ["s3:Gett*", "GetObject", "s3:*Objekt"], Resource: "*" })), [
      "iam-unknown-action s3:Gett* error",
      "iam-unknown-action GetObject error",
      "iam-unknown-action s3:*Objekt error",
    ]);
    const [malformed] = analyzeIam(policy({ Effect: "Allow", Action: "GetObject", Resource: "*" }), catalog, { fileName: "p.json" });
    assert.match(malformed.message, /written service:Action/);
  });

  it("NotAction with Allow is a warning on the key", () => {
    const text = policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    const [f] = analyzeIam(text, catalog, { fileName: "p.json" });
    assert.equal(f.check, "iam-not-action-allow");
    assert.equal(text.slice(f.offset, f.offset + f.length), "NotAction");
    assert.match(f.message, /every action except iam:\*/);
  });

  it("PassRole with Resource * is flagged for literals and wildcards that reach it, not for a narrow Resource", () => {
    assert.deepEqual(run(policy({ Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" })), [
      "iam-passrole-star-resource iam:PassRole warning",
    ]);
    assert.deepEqual(run(policy({ Effect: "Allow", Action: ["iam:*Role"], Resource: "*" })), [
      "iam-partial-wildcard iam:*Role warning",
      "iam-passrole-star-resource iam:*Role warning",
    ]);
    assert.deepEqual(run(policy({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app" })), []);
  });

  it("redundant items: covered by a wildcard, or listed twice, each reported once", () => {
    assert.deepEqual(run(policy({ Effect: "Deny", Action: ["s3:Get*", "s3:GetObject", "s3:getobject", "s3:Get*"], Resource: "*" })), [
      "iam-redundant-action s3:GetObject hint",
      "iam-redundant-action s3:getobject hint",
      "iam-redundant-action s3:Get* hint",
    ]);
    // Two spellings of the same set: only the later one.
    assert.deepEqual(run(policy({ Effect: "Deny", Action: ["iam:PassRol?", "iam:Pass*"], Resource: "*" })), [
      "iam-redundant-action iam:Pass* hint",
    ]);
  });

  it("severities are configurable per check, and 'off' disables a check", () => {
    const text = policy({ Effect: "Allow", Action: ["s3:*", "s3:GetObject", "s3:Get*"], Resource: "*" });
    assert.deepEqual(
      run(text, { severities: { "iam-service-wildcard": "error", "iam-redundant-action": "off", "iam-partial-wildcard": "warning" } }),
      ["iam-service-wildcard s3:* error", "iam-partial-wildcard s3:Get* warning"],
    );
  });

  it("a trust policy's Action * means every sts action, as a warning", () => {
    const text = JSON.stringify({
      AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "*" }] },
    });
    const [f] = analyzeIam(text, catalog, { fileName: "t.json" });
    assert.equal(f.severity, "warning");
    assert.match(f.message, new RegExp(`every sts action \\(${catalog.expand("sts:*").length}\\)`));
  });

  it("costs nothing on files without policies", () => {
    const big = "const x = 1;\n".repeat(20000);
    const start = process.hrtime.bigint();
    assert.deepEqual(analyzeIam(big, catalog, { fileName: "a.ts" }), []);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 50);
  });

  it("fingerprints depend on check and subject only", () => {
    const a = analyzeIam(policy({ Effect: "Allow", Action: "s3:*", Resource: "*" }), catalog, { fileName: "p.json" })[0];
    const b = analyzeIam(`\n\n${policy({ Sid: "x", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" })}`, catalog, {
      fileName: "p.json",
    })[0];
    assert.equal(a.fingerprint, b.fingerprint);
    assert.match(a.fingerprint, /^sha256:[0-9a-f]{32}$/);
  });
});

describe("IAM hover", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  it("groups a wildcard's expansion by access level with counts and a capped list", () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:*"], "Resource": "*"}]}';
    const hover = iamHover(text, text.indexOf("s3:*") + 2, catalog, "p.json")!;
    assert.equal(text.slice(hover.offset, hover.offset + hover.length), "s3:*");
    const total = catalog.expand("s3:*").length;
    assert.match(hover.markdown, new RegExp(`^\\*\\*s3:\\\\\\*\\*\\* grants \\*\\*${total}\\*\\* actions of Amazon S3:`));
    for (const level of ["List", "Read", "Write", "Permissions management", "Tagging"]) {
      const count = catalog.expand("s3:*").filter((a) => a.primary === level).length;
      assert.match(hover.markdown, new RegExp(`- \\*\\*${level}\\*\\* \\(${count}\\): `));
    }
    assert.match(hover.markdown, /and \d+ more/);
  });

  it("describes a single action and a pattern with no match", () => {
    const one = expansionMarkdown(catalog, "s3:ListAllMyBuckets", catalog.expand("s3:ListAllMyBuckets"));
    assert.match(one, /Amazon S3, access level List\. It accepts only `Resource: "\*"`/);
    assert.match(expansionMarkdown(catalog, "s3:Nope*", []), /matches no action/);
    const cross = expansionMarkdown(catalog, "*Object", catalog.expand("*Object"));
    assert.match(cross, /services:/);
    assert.match(cross, /- \*\*Read\*\* \(\d+\): [a-z0-9-]+:\w+Object, /);
  });

  it("is undefined away from action strings", () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';
    assert.equal(iamHover(text, 3, catalog, "p.json"), undefined);
    assert.equal(iamHover("plain text", 3, catalog, "a.txt"), undefined);
  });
});
