// The audit worker with every configured secretlint rule run on every text
// (no narrowing to the rules a text's anchors allow): the reference that
// tests compare the product's audit with.
import { register } from "tsx/esm/api";

register();
const narrow = await import("../../src/secrets/narrow.ts");
// Loaded as CommonJS, like the worker's own import of it: one module, one switch.
const { ruleNarrowing } = narrow.default;
ruleNarrowing.enabled = false;
await import("../../src/audit/worker.ts");
