// Bundles the extension and the CLI into dist/. One bundle per entry point keeps
// activation and hook start-up to a single file read; `vscode` stays external
// because the editor provides it.
//
// The CLI is split for start-up time, since agents run `agent-security hook` on
// every prompt: dist/cli.js holds only the subcommand table; each subcommand
// that main.ts imports lazily is its own bundle (dist/cli-<name>.js); and the
// engines (WorkspacePolicy with secretlint, the bulk of the code; the IAM
// checks) are shared bundles, dist/scanner.js and dist/iam.js, loaded through a
// V8 code cache (src/shared/bundleCache.ts). A clean prompt reads neither.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { writeCatalogIndex } from "./scripts/build-iam-catalog.mjs";
import { writeDocsIndex } from "./scripts/build-iam-docs.mjs";
import { lazyBundles } from "./scripts/lazyBundles.mjs";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/**
 * secretlint's core logs through `debug` and marks every rule run on
 * @secretlint/profiler. The product wants neither, and both load Node modules
 * (tty, net, stream, perf_hooks) that cost a hook or audit worker several
 * milliseconds of start-up: bundles get the no-op modules in
 * src/secrets/bundleStubs instead.
 */
const BUNDLE_STUBS = {
  debug: path.resolve("src/secrets/bundleStubs/debug.ts"),
  "@secretlint/profiler": path.resolve("src/secrets/bundleStubs/profiler.ts"),
};
const secretlintStubs = {
  name: "secretlint-stubs",
  setup(build) {
    build.onResolve({ filter: /^(debug|@secretlint\/profiler)$/ }, (args) => ({ path: BUNDLE_STUBS[args.path] }));
  },
};

/**
 * `import("node:crypto")` and the like, which load a built-in module only
 * when it is needed, become a require at that point: an external import()
 * would start Node's ESM loader, which costs more than the module itself.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, namespace: "lazy-builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

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
  plugins: [secretlintStubs, lazyBuiltins],
};

/**
 * Engines shared by subcommands, each one bundle loaded through the code cache:
 * the secret scan (WorkspacePolicy with secretlint) and the IAM checks.
 */
const SHARED = {
  scanner: path.resolve("src/scan/workspacePolicy.ts"),
  iam: path.resolve("src/iam/index.ts"),
};
const BUNDLE_CACHE = path.resolve("src/shared/bundleCache.ts");

/** Subcommands main.ts loads with `import("./name")`. */
const subcommands = [...readFileSync("src/cli/main.ts", "utf8").matchAll(/import\("\.\/(\w+)"\)/g)].map((m) => m[1]);

/**
 * In main.ts, each lazily imported subcommand becomes a plain require of its
 * own bundle: an external `import()` would start Node's ESM loader, which
 * costs more than the whole hook.
 */
const subcommandBundles = {
  name: "subcommand-bundles",
  setup(build) {
    build.onResolve({ filter: /^\.\/\w+$/ }, (args) =>
      args.kind === "dynamic-import" && subcommands.includes(args.path.slice(2))
        ? { path: args.path.slice(2), namespace: "subcommand" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "subcommand" }, (args) => ({
      contents: `module.exports = require("./cli-${args.path}.js");`,
      loader: "js",
    }));
    build.onResolve({ filter: /^\.\/cli-\w+\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * In subcommand bundles, the shared engines are required from their own
 * code-cached bundles. Each subcommand keeps its own cache of an engine: a
 * cache holds the functions the run that wrote it compiled, and an audit's
 * main thread never runs the scan a hook needs.
 */
const sharedEngines = (subcommand) => ({
  name: "shared-engines",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/](scan|iam)[\\/]\w+\.ts$/ }, (args) => {
      const name = Object.keys(SHARED).find((key) => SHARED[key] === path.resolve(args.path));
      return name ? cachedBundle(`${name}.js`, subcommand) : undefined;
    });
  },
});

/** A module that is the bundle `file` next to the importing one, loaded through the V8 code cache kept for `purpose`. */
function cachedBundle(file, purpose) {
  return {
    contents: `module.exports = require(${JSON.stringify(BUNDLE_CACHE)}).loadCachedBundle(__dirname, "${file}", "${purpose}");`,
    loader: "js",
    resolveDir: path.dirname(BUNDLE_CACHE),
  };
}

/**
 * In dist/cli-hook.js, `import("../hooks/run")` (the whole in-process check:
 * every agent's protocol, the prefilter's tables) becomes a code-cached
 * require of dist/hookRun.js. A hook answered by the resident scanner never
 * loads it; one that checks in its own process loads it compiled.
 */
const HOOK_RUN = path.resolve("src/hooks/run.ts");
const hookRunApart = {
  name: "hook-run-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/hooks\/run$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: HOOK_RUN, namespace: "hook-run" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "hook-run" }, () => cachedBundle("hookRun.js", "hook"));
  },
};

// The AWS SDK is about as big as the rest of the extension and only an
// explicit AWS action needs it: src/aws/sdk.ts becomes dist/aws.js of its own,
// and the extension's `require("./sdk")` in loadSdk.ts a require of that file
// at the first use.
const AWS_SDK_LOADER = path.resolve("src/aws/loadSdk.ts");
const awsSdkApart = {
  name: "aws-sdk-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.importer === AWS_SDK_LOADER ? { path: "./aws.js", external: true } : undefined,
    );
  },
};

// What the extension needs only at its first scan or code action, loaded then
// from bundles of their own (see scripts/lazyBundles.mjs), so that activation
// compiles a small dist/extension.js. The scanner is the CLI's shared bundle.
const lazy = await lazyBundles(
  {
    scanner: ["src/scan/workspacePolicy.ts"],
    "ext-iam": [
      "src/iam/catalog.ts",
      "src/iam/checkIds.ts",
      "src/iam/checks.ts",
      "src/iam/fixes.ts",
      "src/iam/hover.ts",
      "src/iam/policy.ts",
    ],
    "ext-fixes": ["src/secrets/fixes/index.ts"],
    "ext-audit": ["src/audit/engine.ts"],
  },
  common,
);

// Command-line bundles are minified in every build: agents start the hook on
// every prompt, and half the source is half the bytes to read and decode
// (linked source maps still name the lines).
const cli = { ...common, outdir: "dist", minify: true };
const builds = [
  {
    ...common,
    entryPoints: { extension: "src/extension.ts" },
    outdir: "dist",
    external: ["vscode"],
    plugins: [...common.plugins, awsSdkApart, lazy.plugin],
  },
  // dist/scanner.js is built below, for the CLI and the extension alike.
  ...lazy.builds.filter((b) => !(b.entryPoints && Object.keys(b.entryPoints).every((name) => name in SHARED))),
  { ...common, entryPoints: { aws: "src/aws/sdk.ts" }, outdir: "dist" },
  {
    ...cli,
    entryPoints: { cli: "src/cli/main.ts" },
    banner: { js: "#!/usr/bin/env node" },
    plugins: [...common.plugins, subcommandBundles],
  },
  // `fix --store` loads the AWS SDK from dist/aws.js, as the extension does.
  ...subcommands.map((name) => ({
    ...cli,
    entryPoints: { [`cli-${name}`]: `src/cli/${name}.ts` },
    plugins: [...common.plugins, sharedEngines(name), awsSdkApart, ...(name === "hook" ? [hookRunApart] : [])],
  })),
  { ...cli, entryPoints: { hookRun: HOOK_RUN }, plugins: [...common.plugins, sharedEngines("hook")] },
  { ...cli, entryPoints: SHARED },
  // Each audit worker loads the engines from the shared bundles, through the code cache.
  { ...cli, entryPoints: { auditWorker: "src/audit/worker.ts" }, plugins: [...common.plugins, sharedEngines("audit-worker")] },
  // The editor's and the hook's analysis worker: a few kilobytes of its own, the engines from the shared bundles.
  { ...cli, entryPoints: { scanWorker: "src/worker/entry.ts" }, plugins: [...common.plugins, sharedEngines("scan-worker")] },
  // The resident scanner that `agent-security hook` asks first (src/hooks/resident).
  { ...cli, entryPoints: { hookDaemon: "src/hooks/resident/daemon.ts" }, plugins: [...common.plugins, sharedEngines("hook-daemon")] },
];

// The IAM action index is data, not code: generated next to the bundles and
// loaded lazily the first time a policy is seen.
const catalog = await writeCatalogIndex("dist");
console.log(`  dist/iam-catalog.json  ${(catalog.bytes / 1024).toFixed(0)}kb  (${catalog.actions} actions, iam-data ${catalog.version})`);
// What actions and condition keys do, for completion only: read the first time completion shows a description.
const docs = await writeDocsIndex("dist");
console.log(`  dist/iam-docs.json  ${(docs.bytes / 1024).toFixed(0)}kb`);

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
