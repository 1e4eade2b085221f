import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { walkWorkspace, type WalkOptions } from "../../../src/audit/walker";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { removeTree, tempTree } from "../../support/tempTree";

for (const blocking of [false, true]) {
  describe(`audit walker (${blocking ? "blocking" : "asynchronous"} file system calls)`, () => {
    async function listed(root: string, options: Partial<WalkOptions> = {}) {
      const result = await walkWorkspace({ root, isExcluded: () => false, maxBytes: 1 << 20, blocking, ...options });
      return { ...result, rels: result.files.map((f) => f.rel) };
    }

    const roots: string[] = [];
    const tree = (files: Record<string, string>) => {
      const root = tempTree(files);
      roots.push(root);
      return root;
    };
    after(() => roots.forEach(removeTree));

    it("gives every file the path path.join would, whatever form the root is given in", async () => {
      const root = tree({ "a.ts": "", "src/b.ts": "", "src/deep/c.ts": "" });
      const expected = ["a.ts", "src/b.ts", "src/deep/c.ts"].map((rel) => path.join(root, ...rel.split("/")));
      for (const form of [
        root,
        `${root}${path.sep}`,
        path.join(root, "src", "..") + `${path.sep}.${path.sep}`,
        `${root}${path.sep}${path.sep}`,
      ]) {
        const { files } = await listed(form);
        assert.deepEqual(files.map((f) => f.path).sort(), expected, form);
      }
    });

    it("honours nested .gitignore files, deeper rules and negations first", async () => {
      const root = tree({
        ".gitignore": "*.log\nbuild/\n!important.log\n/only-at-root.txt\n",
        "a.log": "",
        "important.log": "",
        "only-at-root.txt": "",
        "build/out.ts": "",
        "src/app.ts": "",
        "src/only-at-root.txt": "",
        "src/.gitignore": "!debug.log\ngen/\n*.tmp\n",
        "src/debug.log": "",
        "src/trace.log": "",
        "src/gen/x.ts": "",
        "src/z.tmp": "",
        "docs/.gitignore": "!build/\n",
        "docs/build/page.md": "",
        "docs/build/trace.log": "",
      });
      const { rels, ignored } = await listed(root);
      assert.deepEqual(rels, [
        ".gitignore",
        "docs/.gitignore",
        "docs/build/page.md",
        "important.log",
        "src/.gitignore",
        "src/app.ts",
        "src/debug.log",
        "src/only-at-root.txt",
      ]);
      // a.log, only-at-root.txt, build/, src/trace.log, src/gen/, src/z.tmp, docs/build/trace.log
      assert.equal(ignored, 7);
    });

    it("lists what git lists as untracked, not ignored", async () => {
      const root = tree({
        ".gitignore": "*.gen.ts\n/dist\nlogs/**\n!logs/keep/\n!logs/keep/**\n[Tt]emp/\nweird\\ name \n",
        "a.gen.ts": "",
        "b.ts": "",
        "dist/x.js": "",
        "lib/dist/y.js": "",
        "logs/a.txt": "",
        "logs/keep/b.txt": "",
        "Temp/t.ts": "",
        "temp/t.ts": "",
        "weird name /w.ts": "",
        "[brackets]/c.ts": "",
        "pkg/.gitignore": "!*.gen.ts\n/local/\n",
        "pkg/c.gen.ts": "",
        "pkg/local/d.ts": "",
        "pkg/sub/local/e.ts": "",
        "pkg/dist/f.js": "",
      });
      execFileSync("git", ["init", "-q"], { cwd: root });
      const gitList = execFileSync("git", ["ls-files", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((p) => (p.startsWith('"') ? JSON.parse(p) : p))
        .sort();
      assert.deepEqual((await listed(root)).rels, gitList);
    });

    it("never brings back a file inside an ignored folder, as git does", async () => {
      const root = tree({ ".gitignore": "out/\n!out/keep.ts\n", "out/keep.ts": "", "main.ts": "" });
      assert.deepEqual((await listed(root)).rels, [".gitignore", "main.ts"]);
    });

    it("skips .git and honours .git/info/exclude", async () => {
      const root = tree({ ".git/info/exclude": "local-notes.md\n", ".git/config": "", "local-notes.md": "", "a.ts": "" });
      assert.deepEqual((await listed(root)).rels, ["a.ts"]);
    });

    it("prunes folders that .secretlintignore and agentSecurity.exclude leave out, and checks files one by one", async () => {
      const root = tree({
        ".secretlintignore": "fixtures/\n*.snap\n",
        "fixtures/a.ts": "",
        "node_modules/pkg/index.js": "",
        "vendor/lib.js": "",
        "src/a.test.ts.snap": "",
        "src/a.ts": "",
      });
      const policy = await WorkspacePolicy.load(root, ["**/node_modules/**", "vendor/**"]);
      const { rels, ignored } = await listed(root, { isExcluded: (f) => policy.isExcluded(f) });
      assert.deepEqual(rels, [".secretlintignore", "src/a.ts"]);
      assert.equal(ignored, 4, "fixtures/, node_modules/, vendor/ once each, and the snapshot");
    });

    it("applies the editor's files.exclude and search.exclude globs to folders and files", async () => {
      const root = tree({ "bower_components/x.js": "", "app.min.js": "", "app.js": "" });
      const { rels } = await listed(root, { excludeGlobs: ["**/bower_components", "**/*.min.js"] });
      assert.deepEqual(rels, ["app.js"]);
    });

    it("skips files over the size limit by their size, with the reason", async () => {
      const root = tree({ "big.txt": "x".repeat(2048), "small.txt": "x" });
      const { rels, skipped } = await listed(root, { maxBytes: 1024 });
      assert.deepEqual(rels, ["small.txt"]);
      assert.deepEqual(skipped, [{ rel: "big.txt", reason: "too-large", message: "larger than 1 KB" }]);
    });

    it("follows links but not into a loop, and names broken links and special files", async () => {
      const root = tree({ "real/a.ts": "", "outside/b.ts": "" });
      symlinkSync("..", path.join(root, "real", "up"));
      symlinkSync(path.join(root, "outside"), path.join(root, "real", "linked"));
      symlinkSync(path.join(root, "real"), path.join(root, "outside", "back"));
      symlinkSync(path.join(root, "missing.ts"), path.join(root, "broken.ts"));
      mkdirSync(path.join(root, "pipes"));
      execFileSync("mkfifo", [path.join(root, "pipes", "fifo")]);
      const { rels, skipped } = await listed(root);
      // Two ways to the same file are two paths, as in the editor's search.
      assert.deepEqual(rels, ["outside/b.ts", "outside/back/a.ts", "real/a.ts", "real/linked/b.ts"]);
      assert.deepEqual(Object.fromEntries(skipped.map((s) => [s.rel, s.reason])), {
        "broken.ts": "unreadable",
        "outside/back/linked": "symlink-loop",
        "outside/back/up": "symlink-loop",
        "pipes/fifo": "not-a-file",
        "real/linked/back": "symlink-loop",
        "real/up": "symlink-loop",
      });
    });
  });
}
