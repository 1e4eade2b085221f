import * as jsonc from "jsonc-parser";
import * as YAML from "yaml";

/**
 * One position-aware tree for JSON, YAML and HCL object expressions, so that
 * policy extraction, checks and fixes are written once. Offsets are UTF-16
 * code units into the original text; `offset`/`length` cover the whole node
 * as written (with quotes, brackets).
 */
export type Syntax = "json" | "yaml" | "hcl";

interface Base {
  offset: number;
  length: number;
}

export interface PString extends Base {
  kind: "string";
  value: string;
  /** Where the characters of the value are (inside the quotes). */
  contentOffset: number;
  contentLength: number;
  quote: '"' | "'" | "";
  /**
   * True only when the text at the content range is exactly the value: no
   * escapes, no interpolation, no multi-line folding. Only such strings are
   * reported or edited, so that no range ever points at the wrong text.
   */
  exact: boolean;
}

export interface PArray extends Base {
  kind: "array";
  items: PNode[];
  /** YAML flow (`[a, b]`) as opposed to block (`- a`); always true for JSON and HCL. */
  flow: boolean;
}

export interface PEntry {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: PNode | undefined;
}

export interface PObject extends Base {
  kind: "object";
  entries: PEntry[];
  flow: boolean;
}

/** Anything else: numbers, booleans, intrinsic functions, references, expressions. */
export interface POther extends Base {
  kind: "other";
  /** CloudFormation intrinsic (`!Sub`, `Fn::If`) or HCL function, when known. */
  intrinsic?: string;
}

export type PNode = PString | PArray | PObject | POther;

export function entry(node: PNode | undefined, key: string): PEntry | undefined {
  if (!node || node.kind !== "object") return undefined;
  return node.entries.find((e) => e.key === key);
}

export function value(node: PNode | undefined, key: string): PNode | undefined {
  return entry(node, key)?.value;
}

/** Parses JSON (with comments and trailing commas tolerated) into a tree; `base` shifts every offset. */
export function jsonTree(text: string, base = 0, fullText?: string): { root: PNode | undefined; errors: number } {
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const whole = fullText ?? text;
  return { root: root ? fromJson(root, base, whole) : undefined, errors: errors.length };
}

function fromJson(node: jsonc.Node, base: number, text: string): PNode {
  const offset = node.offset + base;
  const length = node.length;
  switch (node.type) {
    case "string": {
      const raw = text.slice(offset, offset + length);
      const value = String(node.value);
      const closed = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
      const exact = closed && raw.slice(1, -1) === value && !value.includes("\n");
      return {
        kind: "string",
        value,
        offset,
        length,
        contentOffset: offset + 1,
        contentLength: Math.max(0, length - 2),
        quote: '"',
        exact,
      };
    }
    case "array":
      return { kind: "array", offset, length, flow: true, items: (node.children ?? []).map((c) => fromJson(c, base, text)) };
    case "object": {
      const entries: PEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || k.type !== "string") continue;
        // Key offsets point at the key's characters, inside its quotes.
        entries.push({
          key: String(k.value),
          keyOffset: k.offset + base + 1,
          keyLength: Math.max(0, k.length - 2),
          value: v ? fromJson(v, base, text) : undefined,
        });
      }
      // `{"Fn::If": ...}`, `{"Ref": ...}`: CloudFormation intrinsics are objects with one such key.
      const intrinsic = entries.length === 1 && /^(Fn::\w+|Ref|Condition)$/.test(entries[0].key) ? entries[0].key : undefined;
      if (intrinsic) return { kind: "other", offset, length, intrinsic };
      return { kind: "object", offset, length, flow: true, entries };
    }
    default:
      return { kind: "other", offset, length };
  }
}

/** CloudFormation short-form intrinsic functions, accepted in scalar, sequence and mapping form. */
export const CFN_TAGS = [
  "!Ref",
  "!Sub",
  "!GetAtt",
  "!Join",
  "!If",
  "!Select",
  "!Split",
  "!FindInMap",
  "!Base64",
  "!Cidr",
  "!ImportValue",
  "!GetAZs",
  "!Equals",
  "!And",
  "!Or",
  "!Not",
  "!Condition",
  "!Transform",
  "!Length",
  "!ToJsonString",
] as const;

const cfnTags: YAML.Tags = CFN_TAGS.flatMap((tag) => [
  { tag, resolve: (v: string) => v },
  { tag, collection: "seq", resolve: (v: unknown) => v },
  { tag, collection: "map", resolve: (v: unknown) => v },
]);

/** Options for parsing CloudFormation-flavoured YAML; the same ones the tests use to re-parse fixed output. */
export function yamlParseOptions(): YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions {
  return { customTags: cfnTags, lineCounter: new YAML.LineCounter(), keepSourceTokens: false, uniqueKeys: false };
}

/** Parses every document of a YAML stream into trees. Never throws. */
export function yamlTrees(text: string): { roots: PNode[]; errors: number } {
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, yamlParseOptions()) as YAML.Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch {
    return { roots: [], errors: 1 };
  }
  const roots: PNode[] = [];
  let errors = 0;
  for (const doc of docs) {
    errors += doc.errors.length;
    if (doc.contents) roots.push(fromYaml(doc.contents, text));
  }
  return { roots, errors };
}

function fromYaml(node: unknown, text: string): PNode {
  if (YAML.isScalar(node)) {
    const [start, end] = node.range ?? [0, 0, 0];
    const base = { offset: start, length: Math.max(0, end - start) };
    if (node.tag && node.tag.startsWith("!") && !node.tag.startsWith("!!")) return { kind: "other", ...base, intrinsic: node.tag };
    if (typeof node.value !== "string") return { kind: "other", ...base };
    const raw = text.slice(start, end);
    const value = node.value;
    if (node.type === "PLAIN") {
      return { kind: "string", value, ...base, contentOffset: start, contentLength: end - start, quote: "", exact: raw === value };
    }
    if (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") {
      const q = node.type === "QUOTE_DOUBLE" ? '"' : "'";
      const closed = raw.length >= 2 && raw.startsWith(q) && raw.endsWith(q);
      const exact = closed && raw.slice(1, -1) === value && !raw.includes("\n");
      return { kind: "string", value, ...base, contentOffset: start + 1, contentLength: Math.max(0, end - start - 2), quote: q, exact };
    }
    return { kind: "other", ...base };
  }
  if (YAML.isMap(node)) {
    const [start, end] = node.range ?? [0, 0, 0];
    if (node.tag && node.tag.startsWith("!") && !node.tag.startsWith("!!"))
      return { kind: "other", offset: start, length: end - start, intrinsic: node.tag };
    const entries: PEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!YAML.isScalar(key) || key.value === null || key.value === undefined || typeof key.value === "object") continue;
      const [ks, ke] = key.range ?? [0, 0];
      const q = key.type === "QUOTE_DOUBLE" || key.type === "QUOTE_SINGLE" ? 1 : 0;
      entries.push({
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects and null are skipped above: a string, number, boolean or bigint is left
        key: String(key.value),
        keyOffset: ks + q,
        keyLength: Math.max(0, ke - ks - 2 * q),
        value: pair.value ? fromYaml(pair.value, text) : undefined,
      });
    }
    const intrinsic = entries.length === 1 && /^(Fn::\w+|Ref)$/.test(entries[0].key) ? entries[0].key : undefined;
    if (intrinsic) return { kind: "other", offset: start, length: end - start, intrinsic };
    return { kind: "object", offset: start, length: end - start, flow: !!node.flow, entries };
  }
  if (YAML.isSeq(node)) {
    const [start, end] = node.range ?? [0, 0, 0];
    if (node.tag && node.tag.startsWith("!") && !node.tag.startsWith("!!"))
      return { kind: "other", offset: start, length: end - start, intrinsic: node.tag };
    return { kind: "array", offset: start, length: end - start, flow: !!node.flow, items: node.items.map((i) => fromYaml(i, text)) };
  }
  const range = (node as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
  return { kind: "other", offset: range[0], length: range[1] - range[0] };
}
