import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/**
 * Loads a CommonJS bundle with a V8 code cache, so that a short-lived CLI run
 * (the agent hook runs on every prompt) does not compile secretlint afresh.
 *
 * The cache is V8's own (`vm.Script` cachedData): V8 checks it against the
 * source and its own version and flags, and rejects it when they differ. It is
 * named per Node version and architecture, so editors and agents running
 * different Node versions keep one each, and per `purpose` (the subcommand).
 * A missing or rejected cache is written when the process exits (or a worker
 * thread calls writeCodeCaches), with every function compiled until then in
 * it; only those load without compiling, so a hook must not inherit the cache
 * of an audit, which never scans in its main thread. It lives in
 * AGENT_SECURITY_CACHE_DIR (the editor's launcher
 * points that at the extension's storage), else next to the bundle; when
 * neither is writable the bundle simply loads without one.
 */
export function loadCachedBundle(dir: string, file: string, purpose: string): unknown {
  const filename = path.join(dir, file);
  const source = readFileSync(filename, "utf8");
  const cacheFile = path.join(process.env.AGENT_SECURITY_CACHE_DIR || dir, `${file}.${purpose}.${process.version}-${process.arch}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    if (unwritten.length === 0) process.once("exit", writeCodeCaches);
    unwritten.push(() => writeCache(cacheFile, script));
  }
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dir);
  return module.exports;
}

/** Caches to write: of bundles loaded without one, or with one V8 rejected. */
const unwritten: Array<() => void> = [];

/**
 * Writes the caches still missing, now. A process does so when it exits; a
 * worker thread, which is usually terminated (and then runs no exit
 * handlers), calls this once it has done some work, so that its cache holds
 * what that work compiled. Does nothing when every cache is written.
 */
export function writeCodeCaches(): void {
  for (const write of unwritten.splice(0)) write();
}

function writeCache(cacheFile: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    // Rename is atomic: hooks and audit workers (threads of one process) running
    // side by side never read half a cache.
    const temporary = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install runs without a cache; nothing to report.
  }
}
