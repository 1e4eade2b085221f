// The audit's second baseline, bundled and run as its own process by
// bench/audit.bench.mjs: the plain way to scan a workspace in-process, one
// file after the other with secretlint's recommended preset, over the files
// the audit lists (the same walker and ignore rules), with no workers and
// no prefilter.
//   node .bench/serialLoop.cjs DIR   prints {"files":N,"findings":N}
import { walkWorkspace } from "../../src/audit/walker";
import { readFileTextSync } from "../../src/scan/fileText";
import { WorkspacePolicy } from "../../src/scan/workspacePolicy";
import { loadSecretlint } from "../../src/secrets/secretlint";

const MAX_BYTES = 2048 * 1024;

async function main(root: string): Promise<void> {
  const policy = await WorkspacePolicy.load(root);
  const { lintSource, presetRecommend } = await loadSecretlint();
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: presetRecommend }] };
  const walk = await walkWorkspace({ root, isExcluded: (file) => policy.isExcluded(file), maxBytes: MAX_BYTES, blocking: true });
  let findings = 0;
  for (const file of walk.files) {
    const content = readFileTextSync(file.path, MAX_BYTES);
    if (!content.ok) continue;
    const result = await lintSource({ source: { filePath: file.path, content: content.text, contentType: "text" }, options: { config } });
    findings += result.messages.length;
  }
  process.stdout.write(JSON.stringify({ files: walk.files.length, findings }));
}

void main(process.argv[2]);
