// Lazily loaded parts of the extension bundle.
//
// VS Code reads and compiles all of dist/extension.js before `activate` runs,
// and compiling is most of what loading costs. The engines (secretlint and the
// workspace policy, the IAM analysis, the quick-fix generators) are not needed
// until the first scan or code action, so each group of them becomes a bundle
// of its own, and in dist/extension.js every import of a group's module is
// replaced by a stub whose exports are getters: the first access of any of
// them requires the group's bundle. No source file has to change for that, as
// long as nothing reads a group's export while the extension loads or
// activates (the stub would then load the group at once: the activation bench
// reports which groups were loaded). Exported constants that are plain string
// or number literals (`export const FILE = "x.json";`) are copied into the stub,
// so reading one loads nothing.
import * as esbuild from "esbuild";
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The names a module exports (values only: type exports are gone after esbuild). */
async function exportNames(file, common) {
  const result = await esbuild.build({
    ...common,
    entryPoints: [file],
    format: "esm",
    write: false,
    outdir: "unused",
    metafile: true,
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.exports ?? [];
}

/** The module's `export const NAME = literal;` declarations, as [name, literal source]. */
function literalConstants(file) {
  return [...readFileSync(file, "utf8").matchAll(/^export const (\w+)(?:: \w+)? = ("(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?);$/gm)].map((m) => [
    m[1],
    m[2],
  ]);
}

/**
 * @param {Record<string, string[]>} groups bundle name → the modules (paths from the repository root) it holds
 * @param {import("esbuild").BuildOptions} common options the group bundles share with the extension's
 * @returns {Promise<{ plugin: import("esbuild").Plugin, builds: import("esbuild").BuildOptions[] }>}
 *   the plugin for the extension's build, and the builds of the group bundles
 */
export async function lazyBundles(groups, common, outdir = "dist") {
  /** Absolute module path → { bundle, names }. */
  const members = new Map();
  const builds = [];
  for (const [bundle, files] of Object.entries(groups)) {
    const entries = [];
    for (const file of files.map((f) => path.resolve(f))) {
      const names = await exportNames(file, common);
      members.set(file, { bundle, names, constants: literalConstants(file) });
      entries.push(`export { ${names.join(", ")} } from ${JSON.stringify(file)};`);
    }
    // A group's bundle loads the other groups it uses the same way, so that each module exists once.
    const plugins = [...(common.plugins ?? []), stubsFor((member) => member.bundle !== bundle)];
    builds.push(
      files.length === 1
        ? { ...common, entryPoints: { [bundle]: files[0] }, outdir, plugins }
        : {
            ...common,
            stdin: { contents: entries.join("\n"), resolveDir: process.cwd(), sourcefile: `${bundle}.ts`, loader: "ts" },
            outfile: path.join(outdir, `${bundle}.js`),
            plugins,
          },
    );
  }

  const resolveSource = (dir, request) => {
    const base = path.resolve(dir, request);
    return [base, `${base}.ts`, path.join(base, "index.ts")].find((candidate) => members.has(candidate));
  };

  /** @returns {import("esbuild").Plugin} a plugin that stubs the members `stubbed` accepts */
  function stubsFor(stubbed) {
    const setup = (build) => {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace === "lazy-stub") return { path: args.path, external: true };
        const member = resolveSource(args.resolveDir, args.path);
        return member && stubbed(members.get(member)) ? { path: member, namespace: "lazy-stub" } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "lazy-stub" }, (args) => {
        const { bundle, names, constants } = members.get(args.path);
        const copied = new Set(constants.map(([name]) => name));
        return {
          contents: [
            `// ${path.relative(process.cwd(), args.path)}: loaded from ./${bundle}.js on first use.`,
            "let loaded;",
            `const load = () => (loaded ??= require("./${bundle}.js"));`,
            `for (const name of ${JSON.stringify(names.filter((n) => !copied.has(n)))}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
            ...constants.map(([name, literal]) => `exports.${name} = ${literal};`),
          ].join("\n"),
          loader: "js",
          resolveDir: path.dirname(args.path),
        };
      });
    };
    return { name: "lazy-bundles", setup };
  }
  return { plugin: stubsFor(() => true), builds };
}
