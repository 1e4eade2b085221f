// What bench/iamAssist.bench.mjs needs from the sources: the worker client the
// editor uses, and the in-process parse and hover the editor ran before.
export { AnalysisWorker } from "../../src/worker/analysisWorker";
export { extractPolicies } from "../../src/iam/policy";
export { iamHover } from "../../src/iam/hover";
export { loadIamCatalog } from "../../src/iam/catalog";
