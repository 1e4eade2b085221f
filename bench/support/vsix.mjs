// Builds the VSIX exactly as `npm run package` does, but in a temporary copy of
// the repository, so that dist/ (a development build with source maps, which
// tests and other benches use) is left alone. The copy's folder then holds the
// production build and serves as the installed extension.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${result.status ?? result.signal})\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * The package of the current working tree (committed or not, minus what git
 * ignores). Returns the VSIX, its size, the size of each file in it, and the
 * folder of the production build; `cleanup()` removes it all.
 */
export function packageExtension() {
  const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), "agent-security-vsix-")));
  const dir = path.join(tmp, "extension");
  mkdirSync(dir);
  const files = run("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], root)
    .split("\0")
    .filter((f) => f && !f.startsWith("test/") && statSync(path.join(root, f), { throwIfNoEntry: false })?.isFile());
  for (const f of files) cpSync(path.join(root, f), path.join(dir, f));
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  // npm run package: "node esbuild.mjs --production && vsce package ... -o NAME.vsix"; the same steps, another output file.
  const [build, pack] = scripts.package.split(" && ");
  const vsix = path.join(tmp, "agent-security-hooks.vsix");
  run("sh", ["-c", build], dir);
  run(
    "sh",
    ["-c", `${pack.replace(/^vsce /, `"${path.join(root, "node_modules", ".bin", "vsce")}" `).replace(/ -o \S+$/, "")} -o "${vsix}"`],
    dir,
  );
  const listing = run("unzip", ["-l", vsix], tmp);
  const entries = [...listing.matchAll(/^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/gm)]
    .map((m) => ({ path: m[2], bytes: Number(m[1]) }))
    .filter((e) => !e.path.endsWith("/") && e.path !== "Name");
  // Every bundle a shipped bundle requires must ship too (.vscodeignore lists them one by one).
  const shipped = new Set(entries.map((e) => e.path));
  for (const bundle of entries.filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.path))) {
    for (const [, required] of readFileSync(path.join(dir, bundle.path.slice("extension/".length)), "utf8").matchAll(
      /require\("\.\/([\w.-]+\.js(?:on)?)"\)/g,
    )) {
      if (!shipped.has(`extension/dist/${required}`))
        throw new Error(`${bundle.path} requires ./${required}, which the VSIX leaves out: add it to .vscodeignore`);
    }
  }
  return { dir, vsix, bytes: statSync(vsix).size, entries, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}
