// The audit worker run from TypeScript sources, for unit tests (the product
// runs the bundled dist/auditWorker.js).
import { register } from "tsx/esm/api";

register();
await import("../../src/audit/worker.ts");
