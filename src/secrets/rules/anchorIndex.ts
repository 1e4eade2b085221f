import { LiteralSearch } from "./literalSearch";
import { anchorOffset, startsAtKeyword } from "./providers/shape";
import type { ProviderPattern } from "./types";

/** What the index needs of a pattern. */
export type PatternLiterals = Pick<ProviderPattern, "anchors" | "keywords"> & Partial<Pick<ProviderPattern, "pattern">>;

/**
 * Which provider patterns can match in a text, from their anchors and
 * keywords, found in one pass over the text (see literalSearch.ts). A
 * pattern with keywords needs one of them at the start of a word; one
 * without needs one of its anchors. Built once per table.
 */
export class AnchorIndex<T extends PatternLiterals = ProviderPattern> {
  private static readonly built = new WeakMap<readonly PatternLiterals[], AnchorIndex<PatternLiterals>>();

  /** The index of a table, built at its first use and shared by the rule's scans. */
  static of<T extends PatternLiterals>(patterns: readonly T[]): AnchorIndex<T> {
    let index = AnchorIndex.built.get(patterns) as AnchorIndex<T> | undefined;
    if (!index) AnchorIndex.built.set(patterns, (index = new AnchorIndex(patterns)));
    return index;
  }

  private readonly byAnchor = new Map<string, number[]>();
  private readonly byKeyword = new Map<string, number[]>();
  /**
   * How far before an anchor each pattern's matches begin, where its source
   * tells (see anchorOffset); worked out at a pattern's first candidate text,
   * since reading 300 sources costs a thread more than most audits use of them.
   */
  private readonly anchorOffsets = new Map<T, number | undefined>();
  private readonly search: LiteralSearch;

  private constructor(private readonly patterns: readonly T[]) {
    patterns.forEach((pattern, i) => {
      if (pattern.keywords?.length) for (const keyword of pattern.keywords) push(this.byKeyword, keyword.toLowerCase(), i);
      else for (const anchor of pattern.anchors) push(this.byAnchor, anchor, i);
    });
    this.search = LiteralSearch.of([...this.byAnchor.keys()], [...this.byKeyword.keys()]);
  }

  /** Whether any pattern could match in the text: one anchor or keyword occurs. Asked of every text the prefilter sees. */
  mayMatch(text: string): boolean {
    const hits = this.search.find(text);
    for (const anchor of hits.exact.keys()) if (this.byAnchor.has(anchor)) return true;
    for (const [keyword, starts] of hits.caseless)
      if (this.byKeyword.has(keyword) && starts.some((at) => startsWord(text, at))) return true;
    return false;
  }

  /** The patterns whose anchor or keyword occurs in the text, in table order. */
  candidates(text: string): T[] {
    const found = new Set<number>();
    for (const patterns of this.literalsIn(text)) for (const i of patterns) found.add(i);
    return [...found].sort((a, b) => a - b).map((i) => this.patterns[i]);
  }

  /**
   * For each anchor, and keyword at the start of a word, that occurs in the
   * text: the patterns (their numbers) that have it. The search may be one
   * for more literals than the table's (see LiteralSearch.of).
   */
  private *literalsIn(text: string): Generator<readonly number[]> {
    const hits = this.search.find(text);
    for (const anchor of hits.exact.keys()) {
      const patterns = this.byAnchor.get(anchor);
      if (patterns) yield patterns;
    }
    for (const [keyword, starts] of hits.caseless) {
      const patterns = this.byKeyword.get(keyword);
      if (patterns && starts.some((at) => startsWord(text, at))) yield patterns;
    }
  }

  /**
   * The places in the text where a match of the pattern can begin,
   * ascending and without repeats, when its shape tells: where its keywords
   * begin words (patterns made by keyed()), or at a fixed distance before
   * its anchors (see anchorOffset). Undefined when a match may begin
   * anywhere.
   */
  matchStarts(pattern: T, text: string): number[] | undefined {
    if (pattern.pattern && startsAtKeyword(pattern.pattern)) return this.keywordStarts(pattern, text);
    const offset = this.anchorOffsetOf(pattern);
    if (offset === undefined) return undefined;
    const hits = this.search.find(text);
    return ascendingUnion(
      pattern.anchors.map((anchor) => hits.exact.get(anchor) ?? []),
      (at) => (at >= offset ? at - offset : -1),
    );
  }

  private anchorOffsetOf(pattern: T): number | undefined {
    if (!this.anchorOffsets.has(pattern)) {
      const known = pattern.pattern && !pattern.keywords?.length ? anchorOffset(pattern.pattern, pattern.anchors) : undefined;
      this.anchorOffsets.set(pattern, known);
    }
    return this.anchorOffsets.get(pattern);
  }

  /** Where the pattern's keywords begin words in the text, ascending and without repeats. */
  private keywordStarts(pattern: T, text: string): number[] {
    const hits = this.search.find(text);
    return ascendingUnion(
      (pattern.keywords ?? []).map((keyword) => hits.caseless.get(keyword.toLowerCase()) ?? []),
      (at) => (startsWord(text, at) ? at : -1),
    );
  }
}

/**
 * The places of several ascending lists, each moved by `place` (negative:
 * left out), in one ascending list without repeats. A pattern with common
 * anchors or keywords has thousands of places in a large text, and most
 * have one list, which needs no sorting.
 */
function ascendingUnion(lists: ReadonlyArray<readonly number[]>, place: (at: number) => number): number[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  const all = new Int32Array(nonEmpty.reduce((n, list) => n + list.length, 0));
  let count = 0;
  for (const list of nonEmpty) {
    for (const at of list) {
      const placed = place(at);
      if (placed >= 0) all[count++] = placed;
    }
  }
  const places = all.subarray(0, count);
  if (nonEmpty.length > 1) places.sort();
  const out: number[] = [];
  for (const at of places) if (out.length === 0 || out[out.length - 1] !== at) out.push(at);
  return out;
}

/**
 * Whether a keyword found at `index` begins a word: not preceded by a
 * letter, or upper-case after a lower-case one (`localStorage`,
 * `ociAuthToken`). `oci` in "social" or `ibm` in "fibmap" is no keyword.
 */
function startsWord(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (!isLetter(before)) return true;
  const first = text.charCodeAt(index);
  return first >= 65 && first <= 90 && before >= 97;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
