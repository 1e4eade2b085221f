import * as jsonc from "jsonc-parser";
import * as YAML from "yaml";
import type { TextEdit } from "../../shared/text";
import { findingSpan, isMeaningfulName, nameBefore, normalizeEdits, STORE_TITLES, textFacts } from "./common";
import type { FormatFixer } from "./family";
import type { IgnoreLines } from "./ignore";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * Templates and configuration files: the value becomes a reference that
 * the deploy tooling resolves.
 *
 * - CloudFormation/SAM (and, as a documented placeholder, plain YAML, JSON,
 *   `.env`, `.properties` and other text): the dynamic reference
 *   `{{resolve:secretsmanager:app/x}}` / `{{resolve:ssm-secure:/app/x}}`.
 * - Serverless Framework: `${ssm:/aws/reference/secretsmanager/app/x}` (the
 *   Parameter Store path that reads a Secrets Manager secret) and `${ssm:/app/x}`.
 */

export type ReferenceSyntax = "dynamic" | "serverless";

export function reference(store: SecretStore, name: string, syntax: ReferenceSyntax): string {
  if (syntax === "serverless") {
    return store === "secretsManager" ? `\${ssm:/aws/reference/secretsmanager/${name}}` : `\${ssm:${name}}`;
  }
  return store === "secretsManager" ? `{{resolve:secretsmanager:${name}}}` : `{{resolve:ssm-secure:${name}}}`;
}

/** CloudFormation or SAM, judged by content: the format version, a SAM transform, or resources of `AWS::` types. */
export function isCloudFormation(text: string): boolean {
  if (/^\s*["']?AWSTemplateFormatVersion["']?\s*:/m.test(text)) return true;
  if (/["']?Transform["']?\s*:\s*(\[\s*)?["']?AWS::Serverless/.test(text)) return true;
  return /^[\s{]*["']?Resources["']?\s*:/m.test(text) && /["']?Type["']?\s*:\s*["']?AWS::\w+::\w+/.test(text);
}

export function isServerlessConfig(filePath: string): boolean {
  return /(^|[\\/])serverless\.ya?ml$/i.test(filePath);
}

// --- YAML -----------------------------------------------------------------

interface YamlHit {
  scalar: YAML.Scalar;
  /** Key of the pair whose value holds the scalar, if any. */
  key?: string;
  /** Offset where that pair's key starts (for comments above it). */
  keyStart?: number;
  /** The mapping holding the pair (for `Name:`/`Value:` pairs). */
  map?: YAML.YAMLMap;
  /** Nearest key further up, for generic keys like `Default` or `Value`. */
  parentKey?: string;
  flow: boolean;
}

/**
 * The scalar holding the finding. Tags such as `!Sub` and `!Ref` are unknown
 * to a plain parser; it still yields the tree, only with warnings.
 */
function yamlScalarAt(text: string, start: number, end: number): YamlHit | undefined {
  let hit: YamlHit | undefined;
  for (const doc of YAML.parseAllDocuments(text, { keepSourceTokens: false, strict: false, uniqueKeys: false })) {
    if (!("contents" in doc)) continue;
    YAML.visit(doc, {
      Scalar(_key, node, path) {
        const range = node.range;
        if (!range || range[0] > start || end > range[1]) return;
        // A secret used as a key names nothing.
        if (path.some((p) => YAML.isPair(p) && p.key === node)) {
          hit = { scalar: node, flow: path.some((p) => YAML.isCollection(p) && p.flow) };
          return YAML.visit.BREAK;
        }
        let key: string | undefined;
        let keyStart: number | undefined;
        let map: YAML.YAMLMap | undefined;
        let parentKey: string | undefined;
        let flow = false;
        for (let i = path.length - 1; i >= 0; i--) {
          const p = path[i];
          if (YAML.isCollection(p) && p.flow) flow = true;
          if (YAML.isPair(p)) {
            const k = YAML.isScalar(p.key) ? String(p.key.value) : undefined;
            if (key === undefined && p.value === node) {
              key = k;
              keyStart = YAML.isScalar(p.key) ? p.key.range?.[0] : undefined;
              const parent = path[i - 1];
              if (YAML.isMap(parent)) map = parent;
            } else if (key !== undefined && parentKey === undefined && k !== undefined) {
              parentKey = k;
            } else if (key === undefined && k !== undefined && parentKey === undefined) {
              parentKey = k; // inside a sequence under this key
            }
          }
        }
        hit = {
          scalar: node,
          flow,
          ...(key !== undefined ? { key } : {}),
          ...(keyStart !== undefined ? { keyStart } : {}),
          ...(map ? { map } : {}),
          ...(parentKey !== undefined ? { parentKey } : {}),
        };
        return YAML.visit.BREAK;
      },
    });
    if (hit) break;
  }
  return hit;
}

/** `Name: GITHUB_TOKEN` next to `Value: ghp_…` (ECS, Lambda env lists) names the value. */
function yamlName(hit: YamlHit): string | undefined {
  if (hit.key && /^value$/i.test(hit.key) && hit.map) {
    for (const pair of hit.map.items) {
      if (YAML.isScalar(pair.key) && /^name$/i.test(String(pair.key.value)) && YAML.isScalar(pair.value)) return String(pair.value.value);
    }
  }
  if (isMeaningfulName(hit.key)) return hit.key;
  return hit.parentKey;
}

/** Double-quotes a YAML plain scalar's text (it has no escapes of its own). */
function yamlDoubleQuote(s: string): string {
  return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
}

function yamlEdit(ctx: FixContext, ref: string, syntax: ReferenceSyntax): TextEdit | undefined {
  const { start, end } = findingSpan(ctx);
  const hit = yamlScalarAt(ctx.text, start, end);
  if (!hit) return undefined;
  const node = hit.scalar;
  const [s, valueEnd] = node.range!;
  const source = ctx.text.slice(s, valueEnd);
  const type = node.type;
  // A reference never holds a quote or backslash, so inside quotes it goes in as it is.
  if (type === "QUOTE_DOUBLE" || type === "QUOTE_SINGLE") return { offset: start, length: end - start, newText: ref };
  if (type === "BLOCK_LITERAL" || type === "BLOCK_FOLDED") {
    // The value has the block's indentation stripped; compare without whitespace.
    const whole = String(node.value).replace(/\s+/g, "") === ctx.text.slice(start, end).replace(/\s+/g, "");
    if (!whole) return { offset: start, length: end - start, newText: ref };
    // The whole block becomes one quoted scalar on the key's line.
    let blockEnd = valueEnd;
    while (blockEnd > s && /[\r\n]/.test(ctx.text[blockEnd - 1])) blockEnd--;
    return { offset: s, length: blockEnd - s, newText: yamlDoubleQuote(ref) };
  }
  // Plain scalar. Inside one in block context, `{{…}}` and `${…}` are plain
  // text; only at its start would `{` open a flow mapping, and in a flow
  // collection `{`, `}` and `,` are syntax everywhere.
  const trimmedEnd = s + source.trimEnd().length;
  const whole = start === s && end >= trimmedEnd;
  const multiline = /[\r\n]/.test(source.trimEnd());
  if (!hit.flow && (!whole || syntax === "serverless")) return { offset: start, length: end - start, newText: ref };
  if (multiline) return whole && !hit.flow ? { offset: s, length: trimmedEnd - s, newText: yamlDoubleQuote(ref) } : undefined;
  const mark = "\u0000";
  const newText = yamlDoubleQuote(ctx.text.slice(s, start) + mark + ctx.text.slice(end, trimmedEnd)).replace(mark, ref);
  return { offset: s, length: trimmedEnd - s, newText };
}

function yamlIgnoreLines(ctx: FixContext): IgnoreLines | undefined {
  const { start, end } = findingSpan(ctx);
  const hit = yamlScalarAt(ctx.text, start, end);
  if (!hit) return undefined;
  const lines = textFacts(ctx.text).lines;
  const findingLine = lines.positionAt(start).line;
  const [s, valueEnd] = hit.scalar.range!;
  const firstLine = lines.positionAt(s).line;
  let lastOffset = valueEnd;
  while (lastOffset > s && /[\r\n]/.test(ctx.text[lastOffset - 1])) lastOffset--;
  const lastLine = lines.positionAt(lastOffset).line;
  if (firstLine === lastLine && firstLine === findingLine) return undefined;
  // A comment inside a block or multi-line scalar would become part of it: go above the key.
  const keyLine = hit.keyStart !== undefined ? lines.positionAt(hit.keyStart).line : firstLine;
  return { first: Math.min(keyLine, firstLine), last: lastLine, indentLine: keyLine };
}

// --- JSON -----------------------------------------------------------------

function jsonEdit(ctx: FixContext, ref: string): TextEdit | undefined {
  const { start, end } = findingSpan(ctx);
  const root = jsonc.parseTree(ctx.text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  const node = jsonc.findNodeAtOffset(root, start, false);
  if (!node || node.type !== "string" || node.offset + node.length < end) return undefined;
  const raw = ctx.text.slice(node.offset + 1, node.offset + node.length - 1);
  const before = ctx.text.slice(node.offset + 1, start);
  const after = ctx.text.slice(end, node.offset + node.length - 1);
  if (raw.length > 0 && /^(\s|\\[nrt])*$/.test(before) && /^(\s|\\[nrt])*$/.test(after)) {
    return { offset: node.offset, length: node.length, newText: `"${ref}"` };
  }
  return { offset: start, length: end - start, newText: ref };
}

function jsonName(ctx: FixContext): string | undefined {
  const root = jsonc.parseTree(ctx.text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  const node = jsonc.findNodeAtOffset(root, ctx.finding.offset, false);
  // A secret used as a key names nothing.
  if (!node || (node.parent?.type === "property" && node.parent.children?.[0] === node)) return undefined;
  const path = jsonc.getNodePath(node);
  const keys = path.filter((p): p is string => typeof p === "string");
  for (let i = keys.length - 1; i >= 0; i--) if (isMeaningfulName(keys[i])) return keys[i];
  return undefined;
}

// --- lines (.env, .properties, other text) --------------------------------

function lineEdit(ctx: FixContext, ref: string): TextEdit {
  const { start, end } = findingSpan(ctx);
  return { offset: start, length: end - start, newText: ref };
}

// --- the fixer ------------------------------------------------------------

function syntaxFor(ctx: FixContext): ReferenceSyntax {
  return ctx.languageId === "yaml" && isServerlessConfig(ctx.filePath) ? "serverless" : "dynamic";
}

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const syntax = syntaxFor(ctx);
  const ref = reference(store, secretName, syntax);
  let edit: TextEdit | undefined;
  if (ctx.languageId === "yaml") edit = yamlEdit(ctx, ref, syntax);
  else if (ctx.languageId === "json" || ctx.languageId === "jsonc") edit = jsonEdit(ctx, ref);
  else edit = lineEdit(ctx, ref);
  if (!edit) return undefined;
  return { title: STORE_TITLES[store], store, secretName, edits: normalizeEdits([edit]), isPreferred: store === "secretsManager" };
}

export const configFixer: FormatFixer = {
  supportsParameterStore: true,
  derivedName(ctx) {
    if (ctx.languageId === "yaml") {
      const { start, end } = findingSpan(ctx);
      const hit = yamlScalarAt(ctx.text, start, end);
      if (hit) return yamlName(hit);
    }
    if (ctx.languageId === "json" || ctx.languageId === "jsonc") return jsonName(ctx);
    return nameBefore(ctx.text, quotedStart(ctx));
  },
  lookup,
  ignoreLines(ctx) {
    return ctx.languageId === "yaml" ? yamlIgnoreLines(ctx) : undefined;
  },
};

/** In `KEY="…"` the name ends before the quote. */
function quotedStart(ctx: FixContext): number {
  const at = ctx.finding.offset;
  return at > 0 && /["']/.test(ctx.text[at - 1]) ? at - 1 : at;
}
