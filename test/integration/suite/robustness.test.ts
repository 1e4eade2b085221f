import * as assert from "node:assert/strict";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as vscode from "vscode";
import { FAKE } from "../../fixtures/fakeSecrets";
import { corpus, type CorpusEntry } from "../../support/corpus";
import { SLOW_SECRETLINTRC } from "../../support/slowRules";
import { closeAllEditors, fixtureUri, ourDiagnostics, waitForDiagnostics } from "./helpers";

const SKIPPED = "scan-skipped";
const notes = (ds: vscode.Diagnostic[]) => ds.filter((d) => d.code === SKIPPED);
const findings = (ds: vscode.Diagnostic[]) => ds.filter((d) => d.code !== SKIPPED);

/**
 * The extension host's event loop during `run`: the longest it was kept from
 * turning, in ms. The tests run on that same thread, so a scan on it would
 * show here as a long delay.
 */
async function longestStall<T>(run: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await run();
    return { result, stallMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

/** A round trip through the workbench and back, as any command the user runs makes. */
async function commandRoundTrip(): Promise<number> {
  const started = Date.now();
  await vscode.commands.executeCommand("agentSecurity.audit.reportState");
  return Date.now() - started;
}

/** A bound no healthy host comes near even on a loaded machine; the slow scan here would hold the host for days. */
const RESPONSIVE_MS = 3000;

describe("bad input in the editor", function () {
  this.timeout(120_000);
  afterEach(closeAllEditors);

  it("stops a scan that takes too long, notes the skip, and keeps the editor responsive", async () => {
    const settings = vscode.workspace.getConfiguration("agentSecurity");
    const rc = fixtureUri(".secretlintrc.json");
    const slowFile = fixtureUri("robustness/slow.ts");
    await settings.update("scanTimeoutMs", 1000, vscode.ConfigurationTarget.Workspace);
    // The folder's own rule options: an allow pattern that backtracks for ages on every GitHub token.
    await vscode.workspace.fs.writeFile(rc, Buffer.from(JSON.stringify(SLOW_SECRETLINTRC)));
    await vscode.workspace.fs.writeFile(slowFile, Buffer.from(`export const token = "${FAKE.githubToken}";\n`));
    try {
      const { result, stallMs } = await longestStall(async () => {
        const slow = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(slowFile));
        const roundTrip = await commandRoundTrip();
        // Typing into another document while the slow scan runs: it is scanned once the worker is free again.
        const other = await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument({ language: "python", content: "x = 1\n" }),
        );
        await other.edit((b) => b.insert(new vscode.Position(1, 0), `slack = "${FAKE.slackToken}"\n`));
        const [note] = await waitForDiagnostics(slow.document.uri, (ds) => notes(ds).length === 1);
        const otherFindings = await waitForDiagnostics(other.document.uri, (ds) => findings(ds).length === 1);
        return { slow, note, otherFindings, roundTrip };
      });
      assert.match(
        result.note.message,
        /^Agent Security skipped the secret scan of this file: it took longer than 1000 ms \(agentSecurity\.scanTimeoutMs\)/,
      );
      assert.equal(result.note.severity, vscode.DiagnosticSeverity.Information);
      assert.deepEqual(findings(ourDiagnostics(result.slow.document.uri)), [], "no findings from the abandoned scan");
      assert.match(result.otherFindings[0].message, /^Slack token/);
      assert.ok(result.roundTrip < RESPONSIVE_MS, `a command took ${result.roundTrip} ms`);
      assert.ok(stallMs < RESPONSIVE_MS, `the extension host stalled for ${Math.round(stallMs)} ms`);

      // Once the folder's rules are sane again, the same document is scanned in full and the note goes.
      await vscode.workspace.fs.delete(rc);
      const after = await waitForDiagnostics(result.slow.document.uri, (ds) => notes(ds).length === 0 && findings(ds).length === 1);
      assert.match(after[0].message, /^GitHub token/);
    } finally {
      await vscode.workspace.fs.delete(rc).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(slowFile).then(undefined, () => undefined);
      await settings.update("scanTimeoutMs", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  /** Opens a corpus file as the user would; a file the workbench refuses gives `undefined`. */
  async function open(entry: CorpusEntry): Promise<vscode.TextDocument | undefined> {
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.path));
      await vscode.window.showTextDocument(document);
      return document;
    } catch {
      return undefined;
    }
  }

  it("opens big, minified, binary and undecodable files without freezing: findings where it can, a note where not", async () => {
    const { entries } = corpus();
    const byName = (rel: string) => entries.find((e) => e.rel === rel)!;
    const { stallMs } = await longestStall(async () => {
      // Decodable text, however odd: every planted secret is found.
      for (const rel of [
        "encoding/invalid-utf8.env",
        "encoding/utf16le-bom.env",
        "encoding/utf16be-bom.env",
        "text/crlf.env",
        "text/mixed-eol.py",
        "text/cr-only.ts",
        "text/long-line.js",
      ]) {
        const entry = byName(rel);
        const document = await open(entry);
        assert.ok(document, `${rel} did not open`);
        const ds = await waitForDiagnostics(document.uri, (d) => findings(d).length === entry.secrets);
        for (const d of findings(ds)) assert.ok(!/ghp_[A-Za-z0-9]{36}/.test(d.message), "raw value in a message");
        assert.ok((await commandRoundTrip()) < RESPONSIVE_MS);
      }
      // Deeply nested, alias bombs: scanned, nothing to report, nothing thrown.
      for (const rel of ["generated/deep-array-100k.json", "generated/deep-flow-100k.yaml", "yaml/alias-bomb.yaml"]) {
        const document = await open(byName(rel));
        assert.ok(document, `${rel} did not open`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        assert.ok((await commandRoundTrip()) < RESPONSIVE_MS);
      }
      // Over agentSecurity.maxFileSizeKB: a note says the file was not scanned.
      const minified = await open(byName("generated/minified-5mb.js"));
      assert.ok(minified, "the minified file did not open");
      const [tooLarge] = await waitForDiagnostics(minified.uri, (ds) => ds.length === 1);
      assert.equal(tooLarge.code, SKIPPED);
      assert.match(
        tooLarge.message,
        /^Agent Security did not scan this file: it is larger than 2048 KB \(agentSecurity\.maxFileSizeKB\)\.$/,
      );
      // Binary and 50 MB files: the workbench may refuse them or keep them from extensions; either way no finding, no freeze.
      for (const rel of ["binary/nul-bytes.bin", "generated/random-1mb.bin", "generated/huge-50mb.txt"]) {
        const document = await open(byName(rel));
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (document) assert.deepEqual(findings(ourDiagnostics(document.uri)), [], rel);
        assert.ok((await commandRoundTrip()) < RESPONSIVE_MS);
      }
    });
    assert.ok(stallMs < RESPONSIVE_MS, `the extension host stalled for ${Math.round(stallMs)} ms`);
    // The extension still works afterwards.
    const fresh = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: "plaintext", content: `t ${FAKE.githubToken}\n` }),
    );
    await waitForDiagnostics(fresh.document.uri, (ds) => findings(ds).length === 1);
  });
});
