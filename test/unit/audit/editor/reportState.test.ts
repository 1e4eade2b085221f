import * as assert from "node:assert/strict";
import { resultState, runningState } from "../../../../src/audit/editor/reportState";
import { emptySkipCounts, type AuditFinding, type AuditResult } from "../../../../src/audit/types";

const finding = (root: string, file: string, severity: AuditFinding["severity"], kind: string): AuditFinding => ({
  file,
  root,
  line: 2,
  column: 5,
  endLine: 2,
  endColumn: 9,
  checkId: "check",
  analyzer: "secrets",
  kind,
  severity,
  message: `${kind} (masked)`,
  preview: "x = ****",
  fingerprint: "sha256:0",
});

const result = (findings: AuditFinding[], roots: string[]): AuditResult => ({
  roots,
  findings,
  summary: { files: 3, scanned: 3, cached: 0, ignored: 0, skipped: emptySkipCounts(), bytesScanned: 9, durationMs: 1 },
  cancelled: false,
  problems: [],
});

describe("audit report state", () => {
  it("turns a result into totals and rows that name the folder only in multi-root workspaces", () => {
    const findings = [finding("/w/app", "a.ts", "error", "GitHub token"), finding("/w/lib", "b.ts", "warning", "Service-wide wildcard")];
    const single = resultState(result(findings.slice(0, 1), ["/w/app"]), (f) => `file://${f.root}/${f.file}`, false);
    assert.equal(single.status, "done");
    assert.equal(single.rows[0].file, "a.ts");
    assert.equal(single.rows[0].uri, "file:///w/app/a.ts");
    const multi = resultState(result(findings, ["/w/app", "/w/lib"]), (f) => f.file, true);
    assert.deepEqual(
      multi.rows.map((r) => [r.id, r.file]),
      [
        [0, "app/a.ts"],
        [1, "lib/b.ts"],
      ],
    );
    assert.deepEqual(multi.bySeverity, [
      ["error", 1],
      ["warning", 1],
    ]);
    assert.equal(multi.summary, "2 findings (1 error, 1 warning) in 2 files");
  });

  it("keeps the last rows while a new audit runs, with its progress", () => {
    const done = resultState(result([finding("/w", "a.ts", "error", "K")], ["/w"]), (f) => f.file, false);
    const running = runningState(done, { phase: "scanning", done: 3, total: 10, folder: "src" });
    assert.equal(running.status, "running");
    assert.equal(running.rows.length, 1);
    assert.deepEqual(running.progress, { phase: "scanning", done: 3, total: 10, folder: "src" });
    assert.deepEqual(runningState(undefined).rows, []);
  });
});
