import type { LineIndex } from "../shared/text";

/** A span of the text that must never appear raw, and what shows in its place. */
export interface MaskedSpan {
  offset: number;
  length: number;
  masked: string;
}

/** Lines longer than this (minified code) are cut to a window around the finding. */
const MAX_PREVIEW = 160;
const BEFORE = 60;

/**
 * The line a finding starts on, as a short one-line preview with every secret
 * span that touches it replaced by its mask. A window cut through a secret
 * still shows only the mask: spans are replaced whole.
 */
export function maskedPreview(lines: LineIndex, offset: number, secrets: readonly MaskedSpan[]): string {
  const line = lines.positionAt(offset).line;
  const lineStart = lines.lineStart(line);
  const lineEnd = lineStart + lines.lineText(line).length;
  let from = lineStart;
  let to = lineEnd;
  if (lineEnd - lineStart > MAX_PREVIEW) {
    from = Math.max(lineStart, offset - BEFORE);
    to = Math.min(lineEnd, from + MAX_PREVIEW);
  }
  const text = lines.text;
  let out = "";
  let at = from;
  for (const span of [...secrets].sort((a, b) => a.offset - b.offset)) {
    const end = span.offset + span.length;
    if (end <= from || span.offset >= to || end <= at) continue;
    out += text.slice(at, Math.max(at, span.offset)) + span.masked;
    at = end;
  }
  if (at < to) out += text.slice(at, to);
  out = out.replace(/\s+/g, " ").trim();
  return (from > lineStart ? "…" : "") + out + (to < lineEnd ? "…" : "");
}
