import * as assert from "node:assert/strict";
import * as path from "node:path";
import { Minimatch } from "minimatch";
import { excludeTest } from "../../../src/scan/excludeGlobs";
import { relativeTo } from "../../../src/scan/relativePath";

/** What WorkspacePolicy computed before the fast paths: the reference they must equal. */
function slowRelative(p: typeof path, root: string, filePath: string): string | undefined {
  const rel = p.relative(root, filePath);
  if (!rel || rel.startsWith("..") || p.isAbsolute(rel)) return undefined;
  return rel.split(p.sep).join("/");
}

describe("relative paths and exclude globs", () => {
  it("gives path.relative's answer for every kind of path, on POSIX and Windows", () => {
    const cases: Array<[typeof path, string[], string[]]> = [
      [
        path.posix,
        ["/w", "/w/", "/w/sub", "w", "/", "/w/./x", "/W"],
        [
          "/w/a.ts",
          "/w/src/a.ts",
          "/w",
          "/w/",
          "/w//a",
          "/w/./a",
          "/w/src/../a",
          "/w/..a/b",
          "/w/../x",
          "/wx/a",
          "/x/a",
          "/w/a/",
          "w/a",
          "/w/a\\b",
          "/w/sub/c",
        ],
      ],
      [
        path.win32,
        ["C:\\w", "C:\\w\\", "c:\\w", "C:\\", "\\\\server\\share\\w", "C:/w"],
        [
          "C:\\w\\a.ts",
          "C:\\w\\src\\a.ts",
          "c:\\w\\a.ts",
          "C:\\W\\a",
          "C:\\w/src/a.ts",
          "C:\\w\\..\\x",
          "C:\\w\\.\\a",
          "C:\\w\\\\a",
          "D:\\w\\a",
          "C:\\w",
          "\\\\server\\share\\w\\a",
          "C:\\w\\..a\\b",
        ],
      ],
    ];
    for (const [p, roots, files] of cases) {
      for (const root of roots) {
        const fast = relativeTo(root, p);
        for (const file of files)
          assert.equal(fast(file), slowRelative(p, root, file), `${p === path.win32 ? "win32" : "posix"} ${root} ${file}`);
      }
    }
  });

  it("answers as Minimatch does for every glob", () => {
    const globs = [
      "**/node_modules/**",
      "**/.git/**",
      "dist/",
      "*.min.js",
      "**/*.snap",
      "fixtures",
      "src/{gen,vendor}/**",
      "!keep/**",
      "#comment",
      "",
      "a/**/b",
      "**/test?/*.ts",
      "[abc]*.md",
      "C:/abs/**",
      "/abs/x",
      "**",
      "docs/**/*.{md,txt}",
      "node_modules",
    ];
    const targets = [
      "a.ts",
      "node_modules/x/index.js",
      "src/node_modules/y.js",
      "node_modules",
      ".git/config",
      "sub/.git/HEAD",
      "dist/a.js",
      "dist",
      "lib/app.min.js",
      "app.min.js",
      "x/__snapshots__/a.snap",
      "fixtures",
      "deep/fixtures",
      "fixtures/a.ts",
      "src/gen/a.ts",
      "src/vendor/b/c.ts",
      "keep/a",
      "other",
      "a/b",
      "a/x/y/b",
      "test1/a.ts",
      "x/test2/b.ts",
      "abc.md",
      "b.md",
      "C:/abs/x",
      "c:/abs/x",
      "/abs/x",
      "docs/a/b.txt",
      "node_modules_x/a",
      "x/node_modules",
      ".hidden/node_modules/a",
      "a\\node_modules\\b",
    ];
    for (const glob of globs) {
      const reference = new Minimatch(glob, { dot: true, matchBase: !glob.includes("/") });
      const test = excludeTest([glob]);
      for (const target of targets) assert.equal(test(target), reference.match(target), `${glob} on ${target}`);
    }
    const all = excludeTest(globs);
    for (const target of targets)
      assert.equal(
        all(target),
        globs.some((g) => new Minimatch(g, { dot: true, matchBase: !g.includes("/") }).match(target)),
        target,
      );
  });
});
