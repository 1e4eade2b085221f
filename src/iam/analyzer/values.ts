import type { PEntry, PNode, PObject, PString } from "../tree";

/** A scalar as written in a policy: strings, and numbers or booleans (their source text). */
export interface Scalar {
  value: string;
  node: PNode;
  /** The value is a JSON/YAML string (not a number or boolean). */
  string: boolean;
}

export function entryOf(node: PObject, key: string): PEntry | undefined {
  return node.entries.find((e) => e.key === key);
}

/** CloudFormation intrinsics and HCL expressions stand for values we cannot know. */
export function isUnknown(node: PNode | undefined): boolean {
  return !node || (node.kind === "other" && !!node.intrinsic);
}

export function scalarOf(node: PNode, text: string): Scalar | undefined {
  if (node.kind === "string") return { value: node.value, node, string: true };
  if (node.kind === "other" && !node.intrinsic && node.length > 0) {
    const raw = text.slice(node.offset, node.offset + node.length).trim();
    if (/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|True|False|TRUE|FALSE)$/.test(raw))
      return { value: raw.replace(/^(True|TRUE)$/, "true").replace(/^(False|FALSE)$/, "false"), node, string: false };
  }
  return undefined;
}

/**
 * The scalars of a value that is one scalar or a list of them; undefined
 * when any part is unknown (an intrinsic, an object), so that no check
 * reasons about a value it cannot read.
 */
export function scalarsOf(node: PNode | undefined, text: string): Scalar[] | undefined {
  if (!node || isUnknown(node)) return undefined;
  if (node.kind === "array") {
    const out: Scalar[] = [];
    for (const item of node.items) {
      const s = scalarOf(item, text);
      if (!s) return undefined;
      out.push(s);
    }
    return out;
  }
  const s = scalarOf(node, text);
  return s ? [s] : undefined;
}

/**
 * The literal strings of a value (a string or a list), skipping what is not
 * a string and strings whose text differs from their value (escapes), whose
 * range could not be pointed at.
 */
export function stringsOf(node: PNode | undefined): PString[] {
  if (!node) return [];
  if (node.kind === "string") return node.exact ? [node] : [];
  if (node.kind === "array") return node.items.filter((i): i is PString => i.kind === "string" && i.exact);
  return [];
}

/** Where to point at a node's text: inside the quotes of a string. */
export function spanOf(node: PNode): { offset: number; length: number } {
  if (node.kind === "string") return { offset: node.contentOffset, length: node.contentLength };
  return { offset: node.offset, length: Math.max(1, node.length) };
}

export function keySpan(e: PEntry): { offset: number; length: number } {
  return { offset: e.keyOffset, length: e.keyLength };
}
