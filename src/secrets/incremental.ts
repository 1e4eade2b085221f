/**
 * Re-scanning only what an edit touched. secretlint's rules match patterns
 * that sit on one line, except private keys (a block of at most ~100 lines)
 * and two whole-file checks. So after an edit it is enough to scan the edited
 * lines plus a margin of whole lines, and to keep earlier findings outside
 * that window where they were (shifted by the edit) — unless the text holds
 * something that makes distant lines matter, in which case the caller scans
 * everything.
 */

import type { Position, Range } from "../shared/text";

/** A half-open span of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** One replacement, in the coordinates of the text before it. */
export interface Edit {
  offset: number;
  removed: number;
  inserted: number;
}

interface Located {
  offset: number;
  length: number;
}

/** Lines on each side of an edit that are scanned again: longer than a PEM block of an 8192-bit key. */
export const MARGIN_LINES = 120;

/**
 * Distant lines change what a rule reports when a disable/enable comment
 * pair spans the edit, or when the whole file may be a GCP service-account
 * key (a JSON-wide check).
 */
export function needsFullScan(text: string): boolean {
  // One regular expression: V8 runs it in a fraction of the time of three includes() over a large text.
  return FULL_SCAN_MARKERS.test(text);
}

const FULL_SCAN_MARKERS = /secretlint-(?:disable|enable)|"private_key"/;

/** Where an already-dirty span lies after one more edit, grown to cover that edit's new text. */
export function mapDirtySpan(dirty: Span | undefined, edit: Edit): Span {
  const inserted: Span = { start: edit.offset, end: edit.offset + edit.inserted };
  if (!dirty) return inserted;
  const shift = (at: number) =>
    at <= edit.offset ? at : at >= edit.offset + edit.removed ? at + edit.inserted - edit.removed : inserted.end;
  return { start: Math.min(shift(dirty.start), inserted.start), end: Math.max(shift(dirty.end), inserted.end) };
}

/** Earlier findings after one more edit: shifted when after it, dropped when it touched them. */
export function mapFindings<F extends Located>(findings: readonly F[], edit: Edit): F[] {
  const delta = edit.inserted - edit.removed;
  const result: F[] = [];
  for (const f of findings) {
    if (f.offset + f.length <= edit.offset) result.push(f);
    else if (f.offset >= edit.offset + edit.removed && !(edit.removed === 0 && f.offset === edit.offset)) {
      result.push({ ...f, offset: f.offset + delta });
    }
  }
  return result;
}

/**
 * The window to scan again: the dirty span widened to whole lines plus the
 * margin, and further to take in any earlier finding it cuts through.
 */
export function rescanWindow(text: string, dirty: Span, previous: readonly Located[]): Span {
  let start = lineStartBefore(text, dirty.start, MARGIN_LINES);
  let end = lineEndAfter(text, dirty.end, MARGIN_LINES);
  for (const f of previous) {
    const fEnd = f.offset + f.length;
    if (f.offset < start && fEnd > start) start = lineStartBefore(text, f.offset, 0);
    if (f.offset < end && fEnd > end) end = lineEndAfter(text, fEnd, 0);
  }
  return { start, end };
}

/**
 * Earlier findings outside the window, with the window's fresh ones, in text
 * order. Kept findings may have moved to other lines: `positionAt` (the
 * editor's own line index) places them again.
 */
export function mergeFindings<F extends Located & { range: Range }>(
  previous: readonly F[],
  window: Span,
  fresh: readonly F[],
  positionAt: (offset: number) => Position,
): F[] {
  const kept = previous
    .filter((f) => f.offset + f.length <= window.start || f.offset >= window.end)
    .map((f) => ({ ...f, range: { start: positionAt(f.offset), end: positionAt(f.offset + f.length) } }));
  return [...kept, ...fresh].sort((a, b) => a.offset - b.offset);
}

/** Offset of the start of the line `lines` lines above the one holding `offset`. */
function lineStartBefore(text: string, offset: number, lines: number): number {
  let start = lineStart(text, Math.min(offset, text.length));
  for (let i = 0; i < lines && start > 0; i++) {
    const lineBreak = text[start - 1] === "\n" && text[start - 2] === "\r" ? start - 2 : start - 1;
    start = lineStart(text, lineBreak);
  }
  return start;
}

/**
 * Offset of the start of the line holding `offset`. A loop rather than
 * lastIndexOf("\r"), which in a file without CR searches back to its start on
 * every call: 120 lines up in a large file cost more than scanning the file.
 */
function lineStart(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && text[at - 1] !== "\n" && text[at - 1] !== "\r") at--;
  return at;
}

/** Offset just past the end (line break included) of the line `lines` lines below the one holding `offset`. */
function lineEndAfter(text: string, offset: number, lines: number): number {
  let at = offset;
  for (let i = 0; i <= lines; i++) {
    const newline = text.indexOf("\n", at);
    if (newline < 0) return text.length;
    at = newline + 1;
  }
  return at;
}
