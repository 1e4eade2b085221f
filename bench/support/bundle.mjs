// Bundles a bench's TypeScript support file from the sources, as the
// extension's own bundles are built, into .bench/NAME.cjs; returns that path.
import * as esbuild from "esbuild";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function bundleSupport(name) {
  const outfile = path.join(root, ".bench", `${name}.cjs`);
  await esbuild.build({
    entryPoints: [path.join(root, "bench", "support", `${name}.ts`)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
  return outfile;
}
