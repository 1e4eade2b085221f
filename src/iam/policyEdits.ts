import { LineIndex, type TextEdit } from "../shared/text";
import type { ParsedPolicies, Statement } from "./policy";
import type { PArray, PNode } from "./tree";

// Lookups and edits on a parsed policy that both the least-privilege fixes
// (fixes.ts) and the Access Analyzer fixes (analyzer/fixes.ts) use.

/** The statement whose text holds `offset` (the innermost, for the checks that point at a condition or a resource). */
export function statementAround(parsed: ParsedPolicies, offset: number): Statement | undefined {
  let found: Statement | undefined;
  for (const s of parsed.statements) {
    if (offset >= s.node.offset && offset < s.node.offset + s.node.length && (!found || s.node.length < found.node.length)) found = s;
  }
  return found;
}

/** Removes one item from a list, with the separator next to it. Undefined when it is the only item. */
export function removeListItemEdit(text: string, list: PArray, item: PNode): TextEdit | undefined {
  if (list.items.length < 2) return undefined;
  const index = list.items.findIndex((i) => i === item);
  if (index < 0) return undefined;
  if (!list.flow) {
    const lines = new LineIndex(text);
    const line = lines.positionAt(item.offset).line;
    const start = lines.lineStart(line);
    const before = text.slice(start, item.offset);
    if (!/^[ \t]*-[ \t]+$/.test(before)) return undefined;
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
    return { offset: start, length: next - start, newText: "" };
  }
  const nodeEnd = (n: PNode) => n.offset + n.length;
  if (index < list.items.length - 1) {
    const next = list.items[index + 1];
    return { offset: item.offset, length: next.offset - item.offset, newText: "" };
  }
  const previous = list.items[index - 1];
  return { offset: nodeEnd(previous), length: nodeEnd(item) - nodeEnd(previous), newText: "" };
}
