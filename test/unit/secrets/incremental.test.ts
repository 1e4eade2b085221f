import * as assert from "node:assert/strict";
import { SecretScanner, type SecretFinding } from "../../../src/secrets/engine";
import {
  mapDirtySpan,
  mapFindings,
  mergeFindings,
  needsFullScan,
  rescanWindow,
  type Edit,
  type Span,
} from "../../../src/secrets/incremental";
import { applyEdits, LineIndex } from "../../../src/shared/text";
import { FAKE } from "../../fixtures/fakeSecrets";

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const SNIPPETS = [
  `const token = "${FAKE.githubToken}";`,
  `slack: ${FAKE.slackToken}`,
  `url = "${FAKE.postgresUrl}"`,
  FAKE.privateKey,
  "",
  "ghp_",
  "\n",
  "-----END RSA PRIVATE KEY-----",
  "x",
];

function project(findings: readonly SecretFinding[]) {
  return findings.map((f) => `${f.offset}+${f.length} ${f.messageId} ${f.range.start.line}:${f.range.start.character}`);
}

describe("incremental secret scan", () => {
  let scanner: SecretScanner;
  before(async () => {
    scanner = await SecretScanner.create();
  });

  it("maps dirty spans and findings through edits", () => {
    const edit: Edit = { offset: 10, removed: 2, inserted: 5 };
    assert.deepEqual(mapDirtySpan(undefined, edit), { start: 10, end: 15 });
    assert.deepEqual(mapDirtySpan({ start: 20, end: 30 }, edit), { start: 10, end: 33 });
    assert.deepEqual(mapDirtySpan({ start: 0, end: 4 }, edit), { start: 0, end: 15 });
    const findings = [
      { offset: 0, length: 10 },
      { offset: 11, length: 3 },
      { offset: 12, length: 4 },
    ];
    assert.deepEqual(mapFindings(findings, edit), [
      { offset: 0, length: 10 },
      { offset: 15, length: 4 },
    ]);
  });

  it("gives what a full scan gives, after random edits to a large file", async function () {
    this.timeout(120_000);
    const next = random(42);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(next() < 0.01 ? SNIPPETS[Math.floor(next() * 3)] : `const value${i} = compute(${i}); // filler`);
    }
    lines.splice(1500, 0, `key: |`, FAKE.privateKey);
    let text = lines.join(next() < 0.5 ? "\n" : "\r\n");
    let findings = await scanner.scan(text, "/w/big.ts");
    let rescans = 0;
    for (let round = 0; round < 60; round++) {
      // A burst of edits between scans, as typing produces.
      let dirty: Span | undefined;
      let mapped = findings;
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
        const offset = Math.floor(next() * text.length);
        const removed = Math.floor(next() * (next() < 0.2 ? 200 : 3));
        const inserted = SNIPPETS[Math.floor(next() * SNIPPETS.length)];
        const edit = { offset, removed: Math.min(removed, text.length - offset), inserted: inserted.length };
        text = applyEdits(text, [{ offset, length: edit.removed, newText: inserted }]);
        dirty = mapDirtySpan(dirty, edit);
        mapped = mapFindings(mapped, edit);
      }
      const full = await scanner.scan(text, "/w/big.ts");
      if (needsFullScan(text)) {
        findings = full;
        continue;
      }
      const window = rescanWindow(text, dirty!, mapped);
      const fresh = await scanner.scanRegion(text, "/w/big.ts", window.start, window.end);
      const lineIndex = new LineIndex(text);
      const incremental = mergeFindings(mapped, window, fresh, (offset) => lineIndex.positionAt(offset));
      assert.deepEqual(project(incremental), project(full), `round ${round}`);
      findings = full;
      rescans++;
    }
    assert.ok(rescans > 40);
  });

  it("widens the window to a private key it cuts through", async () => {
    const filler = Array.from({ length: 300 }, (_, i) => `line ${i}`);
    const text = [...filler.slice(0, 150), FAKE.privateKey, ...filler.slice(150)].join("\n");
    const [key] = await scanner.scan(text, "/w/a.txt");
    const editAt = key.offset + key.length + 130 * 7;
    const window = rescanWindow(text, { start: editAt, end: editAt + 1 }, [key]);
    assert.ok(window.start <= key.offset && window.end >= editAt);
  });
});
