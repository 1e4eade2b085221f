import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import type { IamCatalog } from "../../../src/iam/catalog";
import { analyzeIam } from "../../../src/iam/checks";
import { iamFixes } from "../../../src/iam/fixes";
import { iamHover } from "../../../src/iam/hover";
import { readFileText } from "../../../src/scan/fileText";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { SecretScanner } from "../../../src/secrets/engine";
import { languageFromPath, secretFixes } from "../../../src/secrets/fixes";
import { applyEdits } from "../../../src/shared/text";
import { RAW_VALUES } from "../../fixtures/fakeSecrets";
import { committedNames, corpus, CORPUS_FIXTURES } from "../../support/corpus";
import { testCatalog } from "../../support/iam";

/** The editor's and the hook's default size limit. */
const MAX_BYTES = 2048 * 1024;

function assertNoRawValue(where: string, output: unknown): void {
  const text = JSON.stringify(output);
  for (const raw of RAW_VALUES) assert.ok(!text.includes(raw), `${where} carries a raw secret (${raw.slice(0, 4)}…)`);
}

describe("bad-input corpus: engines", function () {
  this.timeout(120_000);
  const { entries, text } = corpus();
  const textEntries = entries.filter((e) => e.secrets !== undefined);
  let scanner: SecretScanner;
  let policy: WorkspacePolicy;
  let catalog: IamCatalog;
  before(async () => {
    scanner = await SecretScanner.create();
    policy = await WorkspacePolicy.load(corpus().root);
    catalog = await testCatalog();
  });

  it("lists every committed corpus file with its expectation", () => {
    const onDisk = readdirSync(CORPUS_FIXTURES, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(CORPUS_FIXTURES, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
      .filter((rel) => !rel.startsWith("payloads/") && !/(^|\/)(README\.md|\.gitattributes)$/.test(rel))
      .sort();
    assert.deepEqual(onDisk, committedNames().sort());
  });

  it("reads each file as text or says why not", async () => {
    for (const entry of entries) {
      const content = await readFileText(entry.path, MAX_BYTES);
      assert.equal(content.ok ? "text" : content.reason, entry.read, entry.rel);
      if (!content.ok) assert.match(content.message, /^[a-z][\w ,.()-]+$/i, `${entry.rel}: ${content.message}`);
    }
  });

  it("the secret engine and WorkspacePolicy.scanSecrets find the planted secrets at their exact place and throw on nothing", async () => {
    for (const entry of textEntries) {
      const content = text(entry);
      const findings = await scanner.scan(content, entry.path);
      assert.equal(findings.length, entry.secrets, `${entry.rel}: ${findings.map((f) => f.kind).join(", ")}`);
      for (const f of findings) {
        const value = content.slice(f.offset, f.offset + f.length);
        assert.ok(
          RAW_VALUES.some((raw) => value.includes(raw) || raw.includes(value)),
          `${entry.rel}: ${f.kind} is off its value`,
        );
      }
      assert.deepEqual(
        (await policy.scanSecrets(entry.path, content)).map((f) => f.fingerprint),
        findings.map((f) => f.fingerprint),
        entry.rel,
      );
      assertNoRawValue(entry.rel, findings);
    }
  });

  it("the IAM analysis, its hovers and its fixes never throw", () => {
    for (const entry of textEntries) {
      const content = text(entry);
      const findings = analyzeIam(content, catalog, { fileName: entry.path });
      for (const finding of findings) {
        iamHover(content, finding.offset, catalog, entry.path);
        for (const fix of iamFixes({ text: content, fileName: entry.path, relativePath: entry.rel, catalog, finding })) {
          for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= content.length, `${entry.rel}: ${fix.title}`);
          applyEdits(content, fix.edits);
        }
      }
    }
  });

  it("deep nesting is skipped by the IAM analysis, not thrown", () => {
    const deep = textEntries.filter((e) => e.rel.startsWith("generated/deep-"));
    assert.ok(deep.length >= 6);
    for (const entry of deep) assert.deepEqual(analyzeIam(text(entry), catalog, { fileName: entry.path }), [], entry.rel);
  });

  it("the secret fix generators never throw and their edits stay inside the text", async () => {
    for (const entry of textEntries) {
      const content = text(entry);
      for (const finding of await scanner.scan(content, entry.path)) {
        const fixes = secretFixes({
          text: content,
          languageId: languageFromPath(entry.path),
          filePath: entry.path,
          relativePath: entry.rel,
          finding,
          namePrefix: "app/",
        });
        assert.ok(fixes.length > 0, `${entry.rel}: no fix at all`);
        assertNoRawValue(
          `${entry.rel} fixes`,
          fixes.map((f) => ({ title: f.title, name: f.secretName, edits: f.edits.map((e) => e.newText) })),
        );
        for (const fix of fixes) {
          for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= content.length, `${entry.rel}: ${fix.title}`);
        }
      }
    }
  });
});
