// The analysis worker run from TypeScript sources, for unit tests (the product
// runs the bundled dist/scanWorker.js).
import { register } from "tsx/esm/api";

register();
await import("../../src/worker/entry.ts");
