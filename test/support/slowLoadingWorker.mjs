// A worker whose jobs load for longer than their budget before a quick
// analysis: the budget must measure the analysis only.
import { register } from "tsx/esm/api";

register();
const { parentPort } = await import("node:worker_threads");
// tsx hands a TypeScript module to ESM as CommonJS: its exports are the default export.
const { serve } = (await import("../../src/worker/serve.ts")).default;
serve(parentPort, {
  prepare: async () => undefined,
  load: () => new Promise((resolve) => setTimeout(resolve, 3000)),
  handle: async (request) => `analysed ${request}`,
  reset: () => undefined,
});
