// The bad-input corpus: the small files committed under test/fixtures/corpus/
// and the large or special ones generated here into a temporary folder, once
// per test run (a 50 MB file, 100,000 levels of nesting, symbolic link loops,
// a FIFO). Tests feed every entry to every entry point; see README.md there.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { decodeText } from "../../src/scan/fileText";
import { FAKE } from "../fixtures/fakeSecrets";

/** From test/support, or from out/integration where the integration suite is bundled. */
export const CORPUS_FIXTURES = [
  path.join(__dirname, "..", "fixtures", "corpus"),
  path.join(__dirname, "..", "..", "test", "fixtures", "corpus"),
].find((dir) => existsSync(dir))!;

/** Nesting depth of the generated deep files. */
export const DEEP = 100_000;
export const HUGE_BYTES = 50 * 1024 * 1024;
export const MINIFIED_BYTES = 5 * 1024 * 1024;

const POLICY = `{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`;

/** What reading an entry for a scan gives: its text, or the reason it is skipped. */
export type ReadExpectation = "text" | "binary" | "too-large" | "unreadable" | "not-a-file";

export interface CorpusEntry {
  /** Relative to the corpus root, forward slashes. */
  rel: string;
  path: string;
  read: ReadExpectation;
  /** Planted fake secrets the secret engine reports in the decoded text (text entries). */
  secrets?: number;
}

/**
 * Expectations of the committed files. Every file under test/fixtures/corpus
 * (except payloads/ and README.md) must be listed, so that a new file cannot
 * go untested.
 */
const COMMITTED: Record<string, { read: ReadExpectation; secrets?: number }> = {
  "json/truncated-policy.json": { read: "text", secrets: 0 },
  "json/malformed.json": { read: "text", secrets: 1 },
  "json/wrong-shapes.json": { read: "text", secrets: 0 },
  "json/duplicate-keys.json": { read: "text", secrets: 1 },
  "json/trailing-garbage.json": { read: "text", secrets: 0 },
  "yaml/truncated.yaml": { read: "text", secrets: 0 },
  "yaml/bad-indent.yaml": { read: "text", secrets: 1 },
  "yaml/alias-bomb.yaml": { read: "text", secrets: 0 },
  "yaml/alias-cycle.yaml": { read: "text", secrets: 0 },
  "yaml/tags-and-anchors.yaml": { read: "text", secrets: 0 },
  "yaml/multi-doc.yaml": { read: "text", secrets: 1 },
  "hcl/unterminated-heredoc.tf": { read: "text", secrets: 0 },
  "hcl/unbalanced.tf": { read: "text", secrets: 1 },
  "hcl/garbage.tf": { read: "text", secrets: 0 },
  "hcl/interpolation.tf": { read: "text", secrets: 0 },
  "text/crlf.env": { read: "text", secrets: 2 },
  "text/mixed-eol.py": { read: "text", secrets: 3 },
  "text/cr-only.ts": { read: "text", secrets: 1 },
  "text/empty.txt": { read: "text", secrets: 0 },
  "text/empty.json": { read: "text", secrets: 0 },
  "text/whitespace.yaml": { read: "text", secrets: 0 },
  "text/bom-only.json": { read: "text", secrets: 0 },
  "text/long-line.js": { read: "text", secrets: 1 },
  "text/control-chars.txt": { read: "text", secrets: 1 },
  "text/surrogates.ts": { read: "text", secrets: 1 },
  "encoding/invalid-utf8.env": { read: "text", secrets: 1 },
  "encoding/utf16le-bom.env": { read: "text", secrets: 2 },
  "encoding/utf16be-bom.env": { read: "text", secrets: 2 },
  "encoding/utf8-bom.json": { read: "text", secrets: 1 },
  // UTF-16 without a BOM has a NUL in every other byte: taken for binary, as git does.
  "encoding/utf16le-no-bom.txt": { read: "binary" },
  "encoding/latin1.properties": { read: "text", secrets: 1 },
  "binary/nul-bytes.bin": { read: "binary" },
  "binary/png-with-secret.png": { read: "binary" },
};

/** Garbled hook payloads, by name: the committed ones and generated ones. */
export function hookPayloads(): Record<string, Buffer> {
  const dir = path.join(CORPUS_FIXTURES, "payloads");
  const payloads: Record<string, Buffer> = {};
  for (const name of readdirSync(dir).sort()) payloads[name] = readFileSync(path.join(dir, name));
  const prompt = (text: string) => JSON.stringify({ hook_event_name: "UserPromptSubmit", session_id: "s", cwd: ".", prompt: text });
  payloads["generated/deep-array"] = Buffer.from("[".repeat(DEEP) + "]".repeat(DEEP));
  payloads["generated/deep-tool-input"] = Buffer.from(
    `{"hook_event_name": "PreToolUse", "session_id": "s", "cwd": ".", "tool_name": "Write", "tool_input": ${'{"a": '.repeat(DEEP)}"${FAKE.githubToken}"${"}".repeat(DEEP)}}`,
  );
  payloads["generated/binary"] = pseudoRandomBytes(64 * 1024, 7);
  payloads["generated/huge-prompt-8mb"] = Buffer.from(prompt(`${"lorem ipsum dolor sit amet ".repeat(300_000)} token ${FAKE.githubToken}`));
  payloads["generated/over-limit-40mb"] = Buffer.alloc(40 * 1024 * 1024, 0x20);
  return payloads;
}

export interface Corpus {
  root: string;
  entries: CorpusEntry[];
  /** Decoded text of a text entry. */
  text(entry: CorpusEntry): string;
}

let built: Corpus | undefined;

/**
 * The whole corpus in one temporary folder: a copy of the committed files
 * plus the generated ones. Built once per process and removed at exit.
 */
export function corpus(): Corpus {
  if (built) return built;
  const root = mkdtempSync(path.join(tmpdir(), "agent-security-corpus-"));
  process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  const entries: CorpusEntry[] = [];
  for (const [rel, expectation] of Object.entries(COMMITTED)) {
    const target = path.join(root, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(CORPUS_FIXTURES, rel), target);
    entries.push({ rel, path: target, ...expectation });
  }
  const write = (rel: string, content: string | Uint8Array, expectation: Omit<CorpusEntry, "rel" | "path">) => {
    const target = path.join(root, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    entries.push({ rel, path: target, ...expectation });
  };
  write("generated/deep-array-100k.json", "[".repeat(DEEP) + POLICY + "]".repeat(DEEP), { read: "text", secrets: 0 });
  write("generated/deep-object-100k.json", '{"a": '.repeat(DEEP) + POLICY + "}".repeat(DEEP), { read: "text", secrets: 0 });
  write("generated/deep-unclosed-100k.json", `{"Statement": [{"Effect": "Allow", "Action": ${'["s3:*", '.repeat(DEEP)}`, {
    read: "text",
    secrets: 0,
  });
  write("generated/deep-flow-100k.yaml", `Statement:\n  - Effect: Allow\n    Action: ${"[".repeat(DEEP)}s3:*${"]".repeat(DEEP)}\n`, {
    read: "text",
    secrets: 0,
  });
  write(
    "generated/deep-block-1000.yaml",
    "Statement:\n" + Array.from({ length: 1000 }, (_, i) => `${"  ".repeat(i)}- Action:`).join("\n") + " s3:*\n",
    { read: "text", secrets: 0 },
  );
  write(
    "generated/deep-100k.tf",
    `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${"{a = ".repeat(DEEP)}{Statement = [{Effect = "Allow", Action = "s3:*"}]}${"}".repeat(DEEP)})\n}\n`,
    { read: "text", secrets: 0 },
  );
  write(
    "generated/deep-list-100k.tf",
    `data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ${"[".repeat(DEEP)}"s3:*"${"]".repeat(DEEP)}\n  }\n}\n`,
    { read: "text", secrets: 0 },
  );
  write("generated/deep-blocks-100k.tf", `${"statement {\n".repeat(DEEP)}actions = ["s3:*"]\n${"}\n".repeat(DEEP)}`, {
    read: "text",
    secrets: 0,
  });
  write("generated/huge-50mb.txt", hugeText(), { read: "too-large", secrets: 1 });
  write("generated/minified-5mb.js", minifiedText(), { read: "too-large", secrets: 1 });
  write("generated/random-1mb.bin", pseudoRandomBytes(1024 * 1024, 1), { read: "binary" });
  // Files that are not what a scan expects.
  const special = (rel: string, make: (target: string) => void, read: ReadExpectation) => {
    const target = path.join(root, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    make(target);
    entries.push({ rel, path: target, read });
  };
  special("special/loop-self", (t) => symlinkSync("loop-self", t), "unreadable");
  special("special/loop-a", (t) => symlinkSync("loop-b", t), "unreadable");
  special("special/loop-b", (t) => symlinkSync("loop-a", t), "unreadable");
  special("special/dangling.env", (t) => symlinkSync("does-not-exist", t), "unreadable");
  special("special/folder.json", (t) => mkdirSync(t), "not-a-file");
  special("special/up", (t) => symlinkSync("..", t), "not-a-file");
  if (process.platform !== "win32") special("special/fifo.env", (t) => execFileSync("mkfifo", [t]), "not-a-file");
  built = {
    root,
    entries,
    text: (entry) => {
      const text = decodeText(readFileSync(entry.path));
      if (text === undefined) throw new Error(`${entry.rel} is not text`);
      return text;
    },
  };
  return built;
}

/** The committed files the corpus lists, to check that none is forgotten. */
export function committedNames(): string[] {
  return Object.keys(COMMITTED);
}

/** 50 MB of ordinary lines with a secret in the first one. */
function hugeText(): string {
  const line = "2024-05-01T12:00:00Z INFO request handled in 12 ms path=/api/v1/items status=200\n";
  return `token=${FAKE.githubToken}\n` + line.repeat(Math.ceil(HUGE_BYTES / line.length));
}

/** One 5 MB line of minified JavaScript with a secret in the middle. */
function minifiedText(): string {
  const chunk = 'var a=function(b){return b+1},c="x",d={e:[1,2,3],f:"y"};';
  const half = chunk.repeat(Math.ceil(MINIFIED_BYTES / 2 / chunk.length));
  return `${half}var t="${FAKE.githubToken}";${half}`;
}

/** Deterministic bytes (a linear congruential generator), so that a failure can be reproduced. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    bytes[i] = s >>> 24;
  }
  return bytes;
}
