import type { ProviderPattern } from "./types";

/**
 * Which provider patterns can match in a text, from their anchors and
 * keywords, in one pass over the text per case mode. Built once per pattern
 * table: the anchors become one regular expression written as a trie
 * (`sk-(?:proj-|admin-)|gh(?:p_|o_)`), so the regex engine tries each position
 * of a text against the few first characters of all anchors rather than
 * against hundreds of alternatives, and a clean text costs a single scan.
 */
/** What the index needs of a pattern. */
export type PatternLiterals = Pick<ProviderPattern, "anchors" | "keywords">;

export class AnchorIndex<T extends PatternLiterals = ProviderPattern> {
  private static readonly built = new WeakMap<readonly PatternLiterals[], AnchorIndex<PatternLiterals>>();

  /** The index of a table, built at its first use and shared by the rule's scans. */
  static of<T extends PatternLiterals>(patterns: readonly T[]): AnchorIndex<T> {
    let index = AnchorIndex.built.get(patterns) as AnchorIndex<T> | undefined;
    if (!index) AnchorIndex.built.set(patterns, (index = new AnchorIndex(patterns)));
    return index;
  }

  private readonly anchors: RegExp | undefined;
  private readonly keywords: RegExp | undefined;
  private readonly byAnchor = new Map<string, number[]>();
  private readonly byKeyword = new Map<string, number[]>();
  /** The literals that a shorter one is a prefix of: the trie stops at the shorter one. */
  private readonly longer = new Map<string, string[]>();

  private constructor(private readonly patterns: readonly T[]) {
    patterns.forEach((pattern, i) => {
      // A pattern with keywords needs one of them; its anchors (if any) narrow further inside the rule.
      if (pattern.keywords?.length) for (const keyword of pattern.keywords) push(this.byKeyword, keyword.toLowerCase(), i);
      else for (const anchor of pattern.anchors) push(this.byAnchor, anchor, i);
    });
    for (const literals of [[...this.byAnchor.keys()], [...this.byKeyword.keys()]]) {
      for (const short of literals) {
        const extensions = literals.filter((l) => l !== short && l.startsWith(short));
        if (extensions.length) this.longer.set(short, extensions);
      }
    }
    this.anchors = this.byAnchor.size ? new RegExp(trieSource([...this.byAnchor.keys()]), "g") : undefined;
    this.keywords = this.byKeyword.size ? new RegExp(trieSource([...this.byKeyword.keys()]), "gi") : undefined;
  }

  /** Whether any pattern could match in the text: one anchor or keyword occurs. */
  mayMatch(text: string): boolean {
    if (test(this.anchors, text)) return true;
    const keywords = this.keywords;
    if (!keywords) return false;
    keywords.lastIndex = 0;
    for (let m = keywords.exec(text); m; m = keywords.exec(text)) {
      if (startsWord(text, m.index)) return true;
      keywords.lastIndex = m.index + 1;
    }
    return false;
  }

  /** The patterns whose anchor or keyword occurs in the text, in table order. */
  candidates(text: string): T[] {
    const found = new Set<number>();
    this.collect(this.anchors, text, this.byAnchor, found, false);
    this.collect(this.keywords, text, this.byKeyword, found, true);
    return [...found].sort((a, b) => a - b).map((i) => this.patterns[i]);
  }

  private collect(re: RegExp | undefined, text: string, map: Map<string, number[]>, found: Set<number>, lowerCase: boolean): void {
    if (!re) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (lowerCase && !startsWord(text, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const literal = lowerCase ? m[0].toLowerCase() : m[0];
      for (const i of map.get(literal) ?? []) found.add(i);
      for (const extension of this.longer.get(literal) ?? []) {
        const there = text.slice(m.index, m.index + extension.length);
        if ((lowerCase ? there.toLowerCase() : there) === extension) for (const i of map.get(extension)!) found.add(i);
      }
      // Anchors that overlap (`sk-` inside `task-sk-proj-`) are found by stepping one character, not past the match.
      re.lastIndex = m.index + 1;
    }
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

function test(re: RegExp | undefined, text: string): boolean {
  if (!re) return false;
  re.lastIndex = 0;
  return re.test(text);
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
