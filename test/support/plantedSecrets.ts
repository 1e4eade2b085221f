// The raw values planted anywhere in the test corpus, and a check that some
// output holds none of them. Shared by the unit secrecy test (CLI, hook and
// exports as child processes) and the integration one (the real VS Code).
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { WorkspacePolicy } from "../../src/scan/workspacePolicy";
import { maskSecret } from "../../src/shared/mask";
import { FAKE, RAW_VALUES } from "../fixtures/fakeSecrets";
import { FAKE_AWS } from "./fakeAwsConfig";

/** Every folder of planted fake secrets, relative to the repository root. */
export const CORPUS_ROOTS = [
  "test/fixtures",
  "test/integration/workspace",
  "test/integration/workspace-untrusted",
  "samples/try-it",
] as const;

/** Files larger than this are left out of the corpus (none is today; the scanners skip such files anyway). */
const MAX_CORPUS_FILE = 2 * 1024 * 1024;
/** Shorter pieces could occur by chance (and a value this short is no secret anyone plants). */
const MIN_VALUE_LENGTH = 8;

/** The corpus files below `root` (absolute), in a stable order. */
export function corpusFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && statSync(file).size <= MAX_CORPUS_FILE) files.push(file);
    }
  };
  walk(root);
  return files;
}

/**
 * What makes a found value greppable: the value itself and, for values that
 * span lines (private keys), each of its lines but the armour; for
 * connection strings also the password on its own.
 */
function piecesOf(value: string): string[] {
  const pieces = [value];
  if (value.includes("\n")) pieces.push(...value.split(/\r?\n/).filter((line) => !line.startsWith("-----")));
  const password = /^[a-z][\w+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i.exec(value)?.[1];
  if (password) pieces.push(password);
  return pieces.map((p) => p.trim()).filter((p) => p.length >= MIN_VALUE_LENGTH);
}

/**
 * The raw values that must never appear in anything the extension or the CLI
 * emits: the listed fakes, and the exact text of every finding the engine
 * itself makes in the corpus files under `repoRoot`.
 */
export async function plantedValues(repoRoot: string): Promise<string[]> {
  const values = new Set<string>([...RAW_VALUES, FAKE.postgresUrl, FAKE_AWS.secretAccessKey].flatMap(piecesOf));
  const policy = await WorkspacePolicy.defaults();
  for (const root of CORPUS_ROOTS) {
    for (const file of corpusFiles(path.join(repoRoot, root))) {
      const text = readFileSync(file, "utf8");
      for (const finding of await policy.scanSecrets(file, text)) {
        for (const piece of piecesOf(text.slice(finding.offset, finding.offset + finding.length))) values.add(piece);
      }
    }
  }
  return [...values];
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The forms a value takes in text, JSON, HTML and URLs. */
function encodings(value: string): string[] {
  return [
    ...new Set([value, JSON.stringify(value).slice(1, -1), value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]), encodeURIComponent(value)]),
  ];
}

/**
 * The planted values found in `output`, masked (so that a failing test does
 * not print them either), with the name of the output. Binary output is
 * searched as UTF-8, Latin-1 and UTF-16.
 */
export function leaksIn(name: string, output: string | Uint8Array, values: readonly string[]): string[] {
  const texts =
    typeof output === "string"
      ? [output]
      : [Buffer.from(output).toString("utf8"), Buffer.from(output).toString("latin1"), Buffer.from(output).toString("utf16le")];
  return values
    .filter((value) => encodings(value).some((form) => texts.some((text) => text.includes(form))))
    .map((value) => `${name}: ${maskSecret(value)}`);
}
