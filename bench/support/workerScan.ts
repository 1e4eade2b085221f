// What bench/editorWorker.bench.mjs needs from the sources, bundled by it as
// the extension's bundles are: the worker client the editor uses, the
// incremental helpers of the typing path, and secretlint itself for the baseline.
export { AnalysisWorker } from "../../src/worker/analysisWorker";
export { mapDirtySpan, mapFindings, mergeFindings, needsFullScan, rescanWindow } from "../../src/secrets/incremental";
export { LineIndex } from "../../src/shared/text";
export { loadSecretlint } from "../../src/secrets/secretlint";
export { defaultSecretlintConfig } from "../../src/secrets/config";
