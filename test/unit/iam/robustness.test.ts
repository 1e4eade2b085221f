import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import type { IamCatalog } from "../../../src/iam/catalog";
import { analyzeIam } from "../../../src/iam/checks";
import { iamFixes } from "../../../src/iam/fixes";
import { iamHover } from "../../../src/iam/hover";
import { FIXTURES, analyze, brief, fixture, testCatalog } from "../../support/iam";

/** Deterministic pseudo-random numbers, so that a failure can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("IAM analysis of malformed and half-typed files", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  /** Every finding must sit exactly on its subject (or the NotAction key). */
  function assertExact(name: string, text: string): number {
    const findings = analyzeIam(text, catalog, { fileName: name });
    for (const f of findings) {
      const at = text.slice(f.offset, f.offset + f.length);
      if (f.check === "iam-not-action-allow") assert.match(at, /^(NotAction|not_actions)$/, `${name}: ${brief(text, f)}`);
      else if (f.check === "iam-not-resource-allow") assert.match(at, /^(NotResource|not_resources)$/, `${name}: ${brief(text, f)}`);
      else assert.equal(at, f.subject, `${name}: ${brief(text, f)}`);
      const before = text[f.offset - 1];
      const after = text[f.offset + f.length];
      if (before === '"' || before === "'") assert.equal(after, before, `${name}: ${brief(text, f)} is a closed string`);
    }
    return findings.length;
  }

  it("reports only what is complete in truncated JSON and YAML", async () => {
    assert.deepEqual(
      (await analyze("truncated.json")).map((f) => brief(fixture("truncated.json"), f)),
      ["5:18-5:22 iam-service-wildcard s3:*"],
    );
    assert.deepEqual(
      (await analyze("truncated.yaml")).map((f) => brief(fixture("truncated.yaml"), f)),
      ["8:16-8:20 iam-service-wildcard s3:*"],
    );
  });

  it("skips an unterminated heredoc and keeps what came before it", async () => {
    const text = fixture("unterminated-heredoc.tf");
    assert.deepEqual(
      (await analyze("unterminated-heredoc.tf")).map((f) => brief(text, f)),
      ["2:47-2:51 iam-service-wildcard s3:*"],
    );
  });

  const names = readdirSync(FIXTURES).filter((n) => /\.(json|ya?ml|tf)$/.test(n));

  it("never throws and never misplaces a range on any prefix of any fixture", () => {
    let checked = 0;
    for (const name of names) {
      const text = fixture(name);
      const step = Math.max(1, Math.floor(text.length / 400));
      for (let cut = 0; cut <= text.length; cut += step) {
        assertExact(name, text.slice(0, cut));
        checked++;
      }
    }
    assert.ok(checked > 2000);
  });

  it("never throws on random deletions and insertions, and fixes and hovers stay safe", () => {
    const random = prng(3);
    const noise = ['"', "'", "{", "}", "[", "]", ":", ",", "\n", "  ", "- ", "<<EOF\n", "${", "#", "!Sub ", "*"];
    for (const name of names) {
      const original = fixture(name);
      for (let round = 0; round < 60; round++) {
        let text = original;
        for (let k = 0; k < 3; k++) {
          const at = Math.floor(random() * text.length);
          if (random() < 0.5) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
          else text = text.slice(0, at) + noise[Math.floor(random() * noise.length)] + text.slice(at);
        }
        assertExact(name, text);
        const findings = analyzeIam(text, catalog, { fileName: name });
        for (const finding of findings.slice(0, 3)) {
          for (const fix of iamFixes({ text, fileName: name, relativePath: name, catalog, finding })) {
            for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length);
          }
          iamHover(text, finding.offset, catalog, name);
        }
      }
    }
  });
});
