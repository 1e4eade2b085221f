import * as assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { loadCachedBundle, writeCodeCaches } from "../../../src/shared/bundleCache";
import { removeTree, tempTree } from "../../support/tempTree";

describe("code-cached bundles", () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));

  it("keeps one cache per purpose, written when asked (as a worker thread does) and used by the next load", () => {
    const root = tempTree({ "engine.js": "exports.twice = (x) => 2 * x;\n" });
    roots.push(root);
    const saved = process.env.AGENT_SECURITY_CACHE_DIR;
    process.env.AGENT_SECURITY_CACHE_DIR = path.join(root, "cache");
    try {
      const engine = loadCachedBundle(root, "engine.js", "hook") as { twice(x: number): number };
      assert.equal(engine.twice(21), 42);
      assert.equal(existsSync(path.join(root, "cache")), false, "nothing written before it is asked for");
      writeCodeCaches();
      writeCodeCaches();
      const files = readdirSync(path.join(root, "cache"));
      assert.deepEqual(files, [`engine.js.hook.${process.version}-${process.arch}.cache`]);
      assert.equal((loadCachedBundle(root, "engine.js", "hook") as typeof engine).twice(2), 4);
      writeCodeCaches();
      assert.deepEqual(readdirSync(path.join(root, "cache")), files, "a cache V8 accepted is not written again");
      loadCachedBundle(root, "engine.js", "audit");
      writeCodeCaches();
      assert.equal(readdirSync(path.join(root, "cache")).length, 2, "another purpose keeps a cache of its own");
    } finally {
      if (saved === undefined) delete process.env.AGENT_SECURITY_CACHE_DIR;
      else process.env.AGENT_SECURITY_CACHE_DIR = saved;
    }
  });
});
