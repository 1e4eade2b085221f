import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { minimatch } from "minimatch";
import { ROOT } from "../support/dist";

/** Every TypeScript file under src/, as a path from the repository root. */
function sourceFiles(dir = "src"): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? sourceFiles(rel) : rel.endsWith(".ts") ? [rel] : [];
  });
}

/** The files a module loads at run time: its relative imports, less the type-only ones. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?"(\.{1,2}\/[^"]+)";/gm)) {
    if (m[1]) continue;
    const base = path.posix.join(path.posix.dirname(file), m[2]);
    const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(path.join(ROOT, candidate)));
    if (target) found.push(target);
  }
  return found;
}

describe("source structure", () => {
  const files = sourceFiles();
  const graph = new Map(files.map((file) => [file, runtimeImports(file)]));

  it("has no import cycles", () => {
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it("keeps engines free of the editor glue (the glue may use engines, not the reverse)", async () => {
    // The lint rule that keeps `vscode` out of the engines names the glue; this test uses the same list.
    const { GLUE } = (await import(pathToFileURL(path.join(ROOT, "eslint.config.mjs")).href)) as { GLUE: string[] };
    const isGlue = (file: string) => GLUE.some((glob) => minimatch(file, glob));
    const crossings = files
      .filter((file) => !isGlue(file))
      .flatMap((file) => (graph.get(file) ?? []).filter(isGlue).map((glue) => `${file} → ${glue}`));
    assert.deepEqual(crossings, []);
  });

  it("keeps what the audit, the worker and the CLI share in src/shared/", () => {
    const sharedByOthers = files
      .filter((file) => file.startsWith("src/cli/"))
      .filter((file) =>
        files.some((user) => (user.startsWith("src/audit/") || user.startsWith("src/worker/")) && graph.get(user)?.includes(file)),
      );
    assert.deepEqual(sharedByOthers, []);
  });
});
