import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { iamAssist, ParseCache } from "../../../src/iam/assist";
import type { IamCatalog } from "../../../src/iam/catalog";
import { analyzeParsed } from "../../../src/iam/checks";
import { catalogConditionKeys } from "../../../src/iam/completion";
import { AnalysisWorker } from "../../../src/worker/analysisWorker";
import { ROOT, testCatalog, testCatalogFile, testDocsFile } from "../../support/iam";

const WORKER = path.join(ROOT, "test", "support", "analysisWorker.mjs");

/** A policy of `n` statements, each with a wildcard and a condition, one per line. */
function largePolicy(n: number): string {
  const statements: string[] = [];
  for (let i = 0; i < n; i++) {
    statements.push(
      `    {"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Put*"], "Resource": "arn:aws:s3:::bucket-${i}/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "t${i}"}}}`,
    );
  }
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(",\n")}\n  ]\n}\n`;
}

describe("IAM editor questions answered from the worker's parse", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  it("ParseCache: the analysis, hover, completion and fixes of one text parse it once", () => {
    const cache = new ParseCache();
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "s3:Get"], "Resource": "*"}]}';
    const sources = { catalog, conditionKeys: catalogConditionKeys(catalog) };
    const findings = analyzeParsed(text, cache.get(text, "/w/p.json", "json").parsed, catalog);
    assert.ok(findings.some((f) => f.check === "iam-service-wildcard"));
    const hover = iamAssist({ kind: "hover", offset: text.indexOf("s3:*") + 1 }, cache.get(text, "/w/p.json", "json"), sources);
    assert.match(hover!.markdown, /grants \*\*\d+\*\* actions of Amazon S3/);
    const completion = iamAssist({ kind: "complete", offset: text.indexOf('s3:Get"') + 6 }, cache.get(text, "/w/p.json", "json"), sources);
    assert.ok(completion!.items.some((i) => i.label === "s3:GetObject"));
    const fixes = iamAssist({ kind: "fixes", findings }, cache.get(text, "/w/p.json", "json"), sources);
    assert.equal(fixes.length, findings.length);
    assert.equal(cache.parses, 1);
    // The next version of the file parses again and takes the old one's place.
    const edited = text.replace('"s3:Get"', '"s3:GetObject"');
    cache.get(edited, "/w/p.json", "json");
    cache.get(edited, "/w/p.json", "json");
    assert.equal(cache.parses, 2);
    cache.get(text, "/w/p.json", "json");
    assert.equal(cache.parses, 3);
  });

  it("the editor's side imports no parser: hovers, completion, fixes and command edits are the worker's", () => {
    // src/iam/editor/index.ts runs on the extension host. Its value imports (not
    // `import type`) must not reach the policy parsers or anything that runs them.
    const file = path.join(ROOT, "src", "iam", "editor", "index.ts");
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
    const values = new Map<string, string[]>();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
      const from = (statement.moduleSpecifier as ts.StringLiteral).text;
      const bindings = statement.importClause?.namedBindings;
      const names =
        bindings && ts.isNamedImports(bindings) ? bindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text) : ["*"];
      if (names.length > 0) values.set(from, names);
    }
    for (const parser of [
      "../tree",
      "../hcl",
      "../fixes",
      "../hover",
      "../completion",
      "../notAction",
      "../assist",
      "jsonc-parser",
      "yaml",
    ]) {
      assert.ok(!values.has(parser), `the IAM editor glue imports ${values.get(parser)?.join(", ")} from ${parser}`);
    }
    // From policy.ts only the cheap content test (two regular expressions), never extractPolicies.
    assert.deepEqual(values.get("../policy"), ["mayContainPolicy"]);
  });

  describe("through the analysis worker thread", function () {
    this.timeout(120_000);
    let worker: AnalysisWorker;
    before(() => {
      testDocsFile();
      worker = new AnalysisWorker(WORKER, { iamCatalogFile: testCatalogFile() });
    });
    after(() => worker.dispose());

    it("a 20,000-statement policy: the caller's thread keeps turning while the worker answers", async () => {
      const text = largePolicy(20_000);
      const filePath = "/w/large.json";
      const events: string[] = [];
      const pending = worker.iam({ root: "", filePath, text }, 60_000).then((findings) => {
        events.push("analysis");
        return findings;
      });
      // The request returned at once: the parse happens on the other thread, so a timer set now runs before the answer.
      await new Promise((resolve) => setImmediate(resolve));
      events.push("tick");
      const findings = await pending;
      assert.deepEqual(events, ["tick", "analysis"]);
      assert.ok(findings.length >= 20_000);

      const line = text.indexOf('"s3:Put*"', text.length / 2);
      const hover = await worker.iamAssist({ filePath, text, query: { kind: "hover", offset: line + 3 } }, 60_000);
      assert.match(hover!.markdown, /^\*\*s3:Put\\\*\*\* grants/);
      const completion = await worker.iamAssist({ filePath, text, query: { kind: "complete", offset: line + 4 } }, 60_000);
      const put = completion!.items.find((i) => i.label === "s3:PutObject")!;
      assert.equal(put.detail, "Write · Grants permission to add an object to a bucket");
      const keyAt = text.indexOf("aws:PrincipalTag", line) + 4;
      const keys = await worker.iamAssist({ filePath, text, query: { kind: "complete", offset: keyAt } }, 60_000);
      assert.ok(
        keys!.items.some((i) => i.label === "s3:x-amz-acl"),
        "a key of s3:PutObject",
      );
      const here = findings.filter((f) => f.offset === line + 1);
      const fixes = await worker.iamAssist({ filePath, text, query: { kind: "fixes", findings: here } }, 60_000);
      assert.equal(here.length, 1);
      assert.ok(fixes[0].some((f) => f.kind === "explicit" && f.choose?.pattern === "s3:Put*"));
    });
  });
});
