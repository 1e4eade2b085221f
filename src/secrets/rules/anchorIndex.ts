import type { ProviderPattern } from "./types";

/** What the index needs of a pattern. */
export type PatternLiterals = Pick<ProviderPattern, "anchors" | "keywords">;

/**
 * Texts up to this length (prompts, edits) are searched literal by literal:
 * compiling the combined regular expressions costs tens of milliseconds,
 * more than a hook answering a clean prompt may spend altogether.
 */
const SMALL_TEXT = 4096;

/**
 * Which provider patterns can match in a text, from their anchors and
 * keywords. A large text is searched in one pass per kind of literal: the
 * anchors as one regular expression written as a trie
 * (`sk-(?:proj-|admin-)|gh(?:p_|o_)`), so the regex engine tries each
 * position against the few first characters of all anchors rather than
 * against hundreds of alternatives; the keywords likewise, over the text in
 * lower case. Built once per table.
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
  /** The literals that a shorter one is a prefix of: the trie stops at the shorter one. */
  private readonly longer = new Map<string, string[]>();
  /** Compiled at the first large text. */
  private regexes: { anchors: RegExp | undefined; keywords: RegExp | undefined } | undefined;

  private constructor(private readonly patterns: readonly T[]) {
    patterns.forEach((pattern, i) => {
      // A pattern with keywords needs one of them; its anchors (if any) narrow further inside the rule.
      if (pattern.keywords?.length) for (const keyword of pattern.keywords) push(this.byKeyword, keyword.toLowerCase(), i);
      else for (const anchor of pattern.anchors) push(this.byAnchor, anchor, i);
    });
  }

  /** Whether any pattern could match in the text: one anchor or keyword occurs. */
  mayMatch(text: string): boolean {
    return !this.literalsIn(text).next().done;
  }

  /** The patterns whose anchor or keyword occurs in the text, in table order. */
  candidates(text: string): T[] {
    const found = new Set<number>();
    for (const [literal, keyword] of this.literalsIn(text)) for (const i of (keyword ? this.byKeyword : this.byAnchor).get(literal)!) found.add(i);
    return [...found].sort((a, b) => a - b).map((i) => this.patterns[i]);
  }

  /** The anchors and keywords (the latter at the start of a word) that occur in the text; `true` marks a keyword. */
  private *literalsIn(text: string): Generator<[string, boolean]> {
    const lower = text.toLowerCase();
    // Lower-casing keeps positions only when no character changes length (`İ` does).
    const comparable = lower.length === text.length;
    if (text.length <= SMALL_TEXT || !comparable) {
      for (const anchor of this.byAnchor.keys()) if (text.includes(anchor)) yield [anchor, false];
      for (const keyword of this.byKeyword.keys()) {
        const haystack = comparable ? lower : text;
        for (let at = indexOfCaseless(haystack, keyword, 0, comparable); at >= 0; at = indexOfCaseless(haystack, keyword, at + 1, comparable)) {
          if (startsWord(text, at)) {
            yield [keyword, true];
            break;
          }
        }
      }
      return;
    }
    const regexes = (this.regexes ??= this.compile());
    yield* this.matches(regexes.anchors, text, text, false);
    yield* this.matches(regexes.keywords, lower, text, true);
  }

  private compile(): { anchors: RegExp | undefined; keywords: RegExp | undefined } {
    for (const literals of [[...this.byAnchor.keys()], [...this.byKeyword.keys()]]) {
      for (const short of literals) {
        const extensions = literals.filter((l) => l !== short && l.startsWith(short));
        if (extensions.length) this.longer.set(short, extensions);
      }
    }
    const trie = (literals: Map<string, number[]>) => (literals.size ? new RegExp(trieSource([...literals.keys()]), "g") : undefined);
    return { anchors: trie(this.byAnchor), keywords: trie(this.byKeyword) };
  }

  /** Each literal of a trie regex found in `searched` (the text, or it in lower case), once. */
  private *matches(re: RegExp | undefined, searched: string, text: string, keyword: boolean): Generator<[string, boolean]> {
    if (!re) return;
    const seen = new Set<string>();
    re.lastIndex = 0;
    for (let m = re.exec(searched); m; m = re.exec(searched)) {
      // Literals that overlap (`sk-` inside `task-sk-proj-`) are found by stepping one character, not past the match.
      re.lastIndex = m.index + 1;
      if (keyword && !startsWord(text, m.index)) continue;
      for (const literal of [m[0], ...(this.longer.get(m[0]) ?? []).filter((l) => searched.startsWith(l, m.index))]) {
        if (seen.has(literal)) continue;
        seen.add(literal);
        yield [literal, keyword];
      }
    }
  }
}

/** `indexOf` of a lower-case keyword, in a text already in lower case or (rarely) one that is not. */
function indexOfCaseless(haystack: string, keyword: string, from: number, lowerCased: boolean): number {
  if (lowerCased) return haystack.indexOf(keyword, from);
  for (let at = from; at + keyword.length <= haystack.length; at++) if (haystack.slice(at, at + keyword.length).toLowerCase() === keyword) return at;
  return -1;
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


const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

/**
 * A regular expression source matching exactly the given literals, written
 * as a trie. A literal that is a prefix of another (`hf_` and `hf_api_`)
 * makes the longer one optional behind it; the shortest match is enough,
 * since the index only asks which literals occur.
 */
export function trieSource(literals: readonly string[]): string {
  const root: TrieNode = { end: false, children: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const ch of literal) {
      let next = node.children.get(ch);
      if (!next) node.children.set(ch, (next = { end: false, children: new Map() }));
      node = next;
    }
    node.end = true;
  }
  return alternatives(root);
}

function alternatives(node: TrieNode): string {
  const branches = [...node.children].map(([ch, child]) => escape(ch) + (child.end ? "" : tail(child)));
  return branches.length === 1 ? branches[0] : branches.join("|");
}

function tail(node: TrieNode): string {
  const inner = alternatives(node);
  return node.children.size === 1 ? inner : `(?:${inner})`;
}
