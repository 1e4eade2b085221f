// Bundles the extension and the CLI into dist/. One bundle per entry point keeps
// activation and hook start-up to a single file read; `vscode` stays external
// because the editor provides it.
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";
import { writeCatalogIndex } from "./scripts/build-iam-catalog.mjs";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/** @type {esbuild.BuildOptions} */
const common = {
  define: { VERSION: JSON.stringify(version) },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  legalComments: "none",
  logLevel: "info",
  // secretlint's packages are ESM-only; esbuild turns them into CJS for the host.
  mainFields: ["module", "main"],
};

const builds = [
  { ...common, entryPoints: { extension: "src/extension.ts" }, outdir: "dist", external: ["vscode"] },
  { ...common, entryPoints: { cli: "src/cli/main.ts" }, outdir: "dist", banner: { js: "#!/usr/bin/env node" } },
  { ...common, entryPoints: { auditWorker: "src/audit/worker.ts" }, outdir: "dist" },
];

// The IAM action index is data, not code: generated next to the bundles and
// loaded lazily the first time a policy is seen.
const catalog = await writeCatalogIndex("dist");
console.log(`  dist/iam-catalog.json  ${(catalog.bytes / 1024).toFixed(0)}kb  (${catalog.actions} actions, iam-data ${catalog.version})`);

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
