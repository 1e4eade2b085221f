// Bundled in place of @secretlint/profiler (see esbuild.mjs). @secretlint/core
// marks every rule run on it; the real module records those marks in Node's
// performance timeline unless switched off (secretlintModules.ts does that
// for unbundled runs) and loads perf_hooks when a hook or worker starts.
export const secretLintProfiler = {
  mark(): void {},
  setEnabled(): void {},
};
