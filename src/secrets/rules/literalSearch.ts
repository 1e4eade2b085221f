/**
 * Searching literal by literal with `indexOf` costs about as much per 64 K
 * characters of text as building the automaton does once (some 40 ms for
 * the provider tables). A process that searches less than this in all, such
 * as a hook answering one prompt, never builds it; an audit builds it after
 * its first few files, or at its first large one.
 */
export const ONE_BY_ONE_BUDGET = 64 * 1024;

/** Where each literal occurs in a text: every start position, ascending, overlapping ones included. */
export interface LiteralHits {
  /** By case-sensitive literal. */
  readonly exact: ReadonlyMap<string, readonly number[]>;
  /** By caseless literal (in lower case): occurrences in any ASCII case. */
  readonly caseless: ReadonlyMap<string, readonly number[]>;
}

/**
 * All occurrences of many ASCII literals in a text, in one pass over it: an
 * Aho–Corasick automaton written out as a table of transitions over the
 * text's characters with ASCII letters folded to lower case. Case-sensitive
 * literals found that way are then checked against the text itself.
 *
 * Case folding is ASCII-only, as the rules' own patterns spell their words
 * (`[oO][cC][iI]`, or a non-Unicode `i` flag, under which no non-ASCII
 * character equals an ASCII one), and it keeps positions: full lower-casing
 * lengthens some characters (`İ`), which Turkish texts are full of.
 *
 * One search is built per set of literals and shared by everyone asking for
 * the same set (the prefilter and the rule it lets run), and the hits of the
 * last text are kept, so that the rule finds what the prefilter already
 * looked for.
 */
export class LiteralSearch {
  private static readonly built = new Map<string, LiteralSearch>();

  /** The search for these literals; caseless ones must be given in lower case. */
  static of(exact: readonly string[], caseless: readonly string[]): LiteralSearch {
    const sorted = (values: readonly string[]) => [...new Set(values)].sort();
    const [exactSet, caselessSet] = [sorted(exact), sorted(caseless)];
    const key = JSON.stringify([exactSet, caselessSet]);
    let search = LiteralSearch.built.get(key);
    if (!search) LiteralSearch.built.set(key, (search = new LiteralSearch(exactSet, caselessSet)));
    return search;
  }

  private automaton: Automaton | undefined;
  /** Characters searched literal by literal so far. */
  private searchedOneByOne = 0;
  private last: { text: string; hits: LiteralHits } | undefined;

  private constructor(
    private readonly exact: readonly string[],
    private readonly caseless: readonly string[],
  ) {
    for (const literal of [...exact, ...caseless]) {
      if (!/^[\x00-\x7f]+$/.test(literal)) throw new Error(`literal search: ${JSON.stringify(literal)} is empty or not ASCII`);
    }
    for (const literal of caseless) if (literal !== literal.toLowerCase()) throw new Error(`literal search: caseless ${JSON.stringify(literal)} is not in lower case`);
  }

  /** Where the literals occur in the text. */
  find(text: string): LiteralHits {
    if (this.last?.text === text) return this.last.hits;
    let hits: LiteralHits;
    if (!this.automaton && this.searchedOneByOne + text.length <= ONE_BY_ONE_BUDGET) {
      this.searchedOneByOne += text.length;
      hits = this.findOneByOne(text);
    } else hits = (this.automaton ??= new Automaton(this.exact, this.caseless)).find(text);
    this.last = { text, hits };
    return hits;
  }

  private findOneByOne(text: string): LiteralHits {
    const all = (haystack: string, literals: readonly string[]) => {
      const found = new Map<string, number[]>();
      for (const literal of literals) {
        for (let at = haystack.indexOf(literal); at >= 0; at = haystack.indexOf(literal, at + 1)) push(found, literal, at);
      }
      return found;
    };
    return { exact: all(text, this.exact), caseless: this.caseless.length ? all(foldAscii(text), this.caseless) : new Map() };
  }
}

/** The text with ASCII upper-case letters in lower case and every other character as it is. */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

class Automaton {
  /** Column of each ASCII character (upper case folded onto lower case); 0 for characters in no literal. */
  private readonly column = new Uint8Array(128);
  /**
   * `next[offset + column]`: the state after reading a character, where a
   * state is written as its offset in this table (its number times the
   * number of columns), or as the complement (`~offset`, negative) when a
   * literal ends in it. Both keep the loop over the text to one lookup and
   * one test per character.
   */
  private readonly next: Int32Array;
  /** Literals (their numbers) that end in a state, by state number: its own and those of its proper suffixes. */
  private readonly ending: Array<readonly number[] | undefined>;
  private readonly width: number;
  private readonly literals: string[];
  private readonly caselessFrom: number;

  constructor(exact: readonly string[], caseless: readonly string[]) {
    this.literals = [...exact, ...caseless];
    this.caselessFrom = exact.length;
    let columns = 1;
    for (const literal of this.literals) {
      for (const ch of literal.toLowerCase()) {
        const code = ch.charCodeAt(0);
        if (!this.column[code]) this.column[code] = columns++;
      }
    }
    for (let code = 65; code <= 90; code++) this.column[code] = this.column[code + 32];
    const width = (this.width = columns);

    // The trie of the folded literals: state 0 is the root; child[state * width + column], 0 for none.
    let child: Int32Array = new Int32Array(64 * width);
    const ownEnding: number[][] = [[]];
    this.literals.forEach((literal, number) => {
      let state = 0;
      for (const ch of literal.toLowerCase()) {
        const at = state * width + this.column[ch.charCodeAt(0)];
        if (!child[at]) {
          if ((ownEnding.length + 1) * width > child.length) child = grown(child);
          child[at] = ownEnding.length;
          ownEnding.push([]);
        }
        state = child[at];
      }
      ownEnding[state].push(number);
    });

    // Transitions for every character, breadth first: a state without a child for a
    // character goes where its longest proper suffix in the trie (its failure state) goes.
    const states = ownEnding.length;
    const next = (this.next = new Int32Array(states * width));
    const failure = new Int32Array(states);
    this.ending = new Array(states);
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const ending = state === 0 ? ownEnding[0] : [...ownEnding[state], ...(this.ending[failure[state]] ?? [])];
      this.ending[state] = ending.length ? ending : undefined;
      for (let column = 0; column < width; column++) {
        const to = child[state * width + column];
        const fallback = state === 0 ? 0 : next[failure[state] * width + column];
        if (to === 0) next[state * width + column] = fallback;
        else {
          next[state * width + column] = to;
          failure[to] = fallback;
          queue.push(to);
        }
      }
    }
    for (let at = 0; at < next.length; at++) next[at] = this.ending[next[at]] ? ~(next[at] * width) : next[at] * width;
  }

  find(text: string): LiteralHits {
    const exact = new Map<string, number[]>();
    const caseless = new Map<string, number[]>();
    const { column, next } = this;
    let offset = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const to = next[offset + (code < 128 ? column[code] : 0)];
      if (to >= 0) {
        offset = to;
        continue;
      }
      offset = ~to;
      for (const number of this.ending[offset / this.width]!) {
        const literal = this.literals[number];
        const start = i + 1 - literal.length;
        if (number >= this.caselessFrom) push(caseless, literal, start);
        else if (text.startsWith(literal, start)) push(exact, literal, start);
      }
    }
    return { exact, caseless };
  }
}

/** The table with room for as many states again. */
function grown(table: Int32Array): Int32Array {
  const larger = new Int32Array(table.length * 2);
  larger.set(table);
  return larger;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
