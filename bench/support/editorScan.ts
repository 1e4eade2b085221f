// What bench/editor.bench.mjs drives, bundled for it by esbuild: the editor's
// secret scan (workspace policy, incremental re-scan) and secretlint itself.
export { WorkspacePolicy } from "../../src/scan/workspacePolicy";
export { loadSecretlint } from "../../src/secrets/secretlint";
export { defaultSecretlintConfig } from "../../src/secrets/config";
export { mapDirtySpan, mapFindings, mergeFindings, needsFullScan, rescanWindow } from "../../src/secrets/incremental";
export { LineIndex } from "../../src/shared/text";
