import type { TextEdit } from "../../shared/text";
import { DIRECTIVE_REASON, endOfLineBreak, indentOf, textFacts } from "./common";
import type { FixContext, SecretFix } from "./types";

export type CommentStyle = { open: string; close: string };

const LINE_SLASH: CommentStyle = { open: "//", close: "" };
const LINE_HASH: CommentStyle = { open: "#", close: "" };
const LINE_DASH: CommentStyle = { open: "--", close: "" };
const LINE_SEMI: CommentStyle = { open: ";", close: "" };
const HTML: CommentStyle = { open: "<!--", close: " -->" };
const BLOCK: CommentStyle = { open: "/*", close: " */" };

/** Comment syntax by VS Code language id. Languages not listed have none we trust. */
const COMMENT_STYLES: Record<string, CommentStyle> = {
  ...Object.fromEntries(
    [
      "typescript",
      "typescriptreact",
      "javascript",
      "javascriptreact",
      "java",
      "go",
      "csharp",
      "c",
      "cpp",
      "rust",
      "swift",
      "kotlin",
      "scala",
      "dart",
      "php",
      "groovy",
      "objective-c",
      "objective-cpp",
      "fsharp",
      "jsonc",
      "json5",
      "scss",
      "less",
      "proto",
      "proto3",
      "zig",
    ].map((id) => [id, LINE_SLASH]),
  ),
  ...Object.fromEntries(
    [
      "python",
      "yaml",
      "dotenv",
      "properties",
      "shellscript",
      "ruby",
      "perl",
      "r",
      "terraform",
      "terraform-vars",
      "hcl",
      "toml",
      "dockerfile",
      "makefile",
      "powershell",
      "elixir",
      "julia",
      "nim",
      "crystal",
      "coffeescript",
      "graphql",
      "cmake",
      "nix",
      "gitignore",
      "ignore",
      "requirements",
    ].map((id) => [id, LINE_HASH]),
  ),
  ...Object.fromEntries(["sql", "lua", "haskell", "plsql"].map((id) => [id, LINE_DASH])),
  ...Object.fromEntries(["html", "xml", "markdown", "svg", "xsl"].map((id) => [id, HTML])),
  // `;` is the one comment marker every INI reader accepts (PHP's rejects `#`).
  ini: LINE_SEMI,
  css: BLOCK,
};

export function commentStyle(languageId: string): CommentStyle | undefined {
  return COMMENT_STYLES[languageId];
}

/**
 * The lines a disable comment must surround. Formats narrow it where a
 * comment cannot go right above the finding: a YAML block scalar (the
 * comment goes above its key), a multi-line string literal (a comment line
 * inside it would change the string).
 */
export interface IgnoreLines {
  /** First line to cover; the comment goes above it, with its indentation. */
  first: number;
  /** Last line to cover. */
  last: number;
  /** The line whose indentation the comments take (defaults to `first`). */
  indentLine?: number;
  /** A comment syntax for this place, where it differs from the language's (JSX children). */
  style?: CommentStyle;
}

/**
 * "Ignore this secret": a secretlint disable comment, or, for files without
 * comments (JSON), a suppression for the project file.
 *
 * The directive always carries ` -- reason`: secretlint reads everything
 * after `secretlint-disable…` up to `--` as a list of rule ids, so a bare
 * `/* secretlint-disable-next-line *\/` would disable a rule named `*\/` and
 * nothing else. With the `--`, the list is empty, which means all rules.
 */
export function buildIgnoreFix(ctx: FixContext, lines: IgnoreLines | undefined): SecretFix | undefined {
  const style = lines?.style ?? commentStyle(ctx.languageId);
  if (!style) {
    if (!ctx.relativePath) return undefined;
    return {
      title: "Ignore this secret",
      edits: [],
      suppression: { file: ctx.relativePath, check: ctx.finding.ruleId, fingerprint: ctx.finding.fingerprint },
    };
  }
  const facts = textFacts(ctx.text);
  const start = facts.lines.positionAt(ctx.finding.offset).line;
  const end = facts.lines.positionAt(ctx.finding.offset + ctx.finding.length).line;
  const span = lines ?? { first: start, last: end };
  const indent = indentOf(facts.lines.lineText(span.indentLine ?? span.first));
  const comment = (directive: string) => `${indent}${style.open} ${directive} ${DIRECTIVE_REASON}${style.close}${facts.eol}`;
  const edits: TextEdit[] = [];
  const firstOffset = facts.lines.lineStart(span.first);
  if (span.first === span.last && span.first === start && span.last === end) {
    edits.push({ offset: firstOffset, length: 0, newText: comment("secretlint-disable-next-line") });
  } else {
    edits.push({ offset: firstOffset, length: 0, newText: comment("secretlint-disable") });
    const lastLineStart = facts.lines.lineStart(span.last);
    const after = endOfLineBreak(ctx.text, lastLineStart);
    const needsBreak = after === ctx.text.length && !/[\r\n]$/.test(ctx.text);
    edits.push({
      offset: after,
      length: 0,
      newText: (needsBreak ? facts.eol : "") + comment("secretlint-enable").replace(/\r?\n$/, needsBreak ? "" : facts.eol),
    });
  }
  return { title: "Ignore this secret", edits };
}
