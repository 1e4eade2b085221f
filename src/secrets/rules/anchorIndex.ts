import { LiteralSearch } from "./literalSearch";
import type { ProviderPattern } from "./types";

/** What the index needs of a pattern. */
export type PatternLiterals = Pick<ProviderPattern, "anchors" | "keywords">;

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
  private readonly search: LiteralSearch;

  private constructor(private readonly patterns: readonly T[]) {
    patterns.forEach((pattern, i) => {
      if (pattern.keywords?.length) for (const keyword of pattern.keywords) push(this.byKeyword, keyword.toLowerCase(), i);
      else for (const anchor of pattern.anchors) push(this.byAnchor, anchor, i);
    });
    this.search = LiteralSearch.of([...this.byAnchor.keys()], [...this.byKeyword.keys()]);
  }

  /** Whether any pattern could match in the text: one anchor or keyword occurs. */
  mayMatch(text: string): boolean {
    return !this.literalsIn(text).next().done;
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

  /** Where the pattern's keywords begin words in the text, ascending and without repeats. */
  keywordStarts(pattern: T, text: string): number[] {
    const hits = this.search.find(text);
    const starts = new Set<number>();
    for (const keyword of pattern.keywords ?? [])
      for (const at of hits.caseless.get(keyword.toLowerCase()) ?? []) if (startsWord(text, at)) starts.add(at);
    return [...starts].sort((a, b) => a - b);
  }
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
