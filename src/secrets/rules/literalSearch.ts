/**
 * Searching literal by literal with `indexOf` costs about as much per 64 K
 * characters of text as building the automaton does once (some 40 ms for
 * the provider tables). A process that searches less than this in all, such
 * as a hook answering one prompt, never builds it; one that says it will
 * search many texts (see LiteralSearch.prepareForManyTexts) builds it at once.
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
 * text's characters with ASCII letters folded to lower case and the
 * separators `-`, `.` and space folded onto `_`. Literals found that way are
 * then checked against the text itself: case-sensitive ones as they are,
 * caseless ones in any case but with their own separators. Keywords are
 * written in every spelling of their separators (`heroku_api_key`,
 * `heroku-api-key`, …): folded, each spelling shares its states with the
 * others, which halves the automaton of the provider tables.
 *
 * Case folding is ASCII-only, as the rules' own patterns spell their words
 * (`[oO][cC][iI]`, or a non-Unicode `i` flag, under which no non-ASCII
 * character equals an ASCII one), and it keeps positions: full lower-casing
 * lengthens some characters (`İ`), which Turkish texts are full of.
 *
 * One search is shared by everyone asking for the same literals or some of
 * them (the prefilter, then the rules it lets run), and the hits of the last
 * text are kept, so that the rules find what the prefilter already looked
 * for; callers look up only their own literals in the hits.
 */
export class LiteralSearch {
  private static readonly built: LiteralSearch[] = [];

  /**
   * Builds the automaton of every search made so far, now: the process will
   * search many texts (a workspace audit), and would pass ONE_BY_ONE_BUDGET
   * within its first files anyway, having paid as much again for searching
   * them literal by literal.
   */
  static prepareForManyTexts(): void {
    for (const search of LiteralSearch.built) search.automaton ??= new Automaton([...search.exact], [...search.caseless]);
  }

  /**
   * A search for these literals (caseless ones in lower case): one built
   * before for a set that holds them all, if any, since it finds the same
   * occurrences of these, else a new one.
   */
  static of(exact: readonly string[], caseless: readonly string[]): LiteralSearch {
    let search = LiteralSearch.built.find(
      (built) => exact.every((l) => built.exact.has(l)) && caseless.every((l) => built.caseless.has(l)),
    );
    if (!search) LiteralSearch.built.push((search = new LiteralSearch(new Set(exact), new Set(caseless))));
    return search;
  }

  private automaton: Automaton | undefined;
  /** Characters searched literal by literal so far. */
  private searchedOneByOne = 0;
  private last: { text: string; hits: LiteralHits } | undefined;

  private constructor(
    private readonly exact: ReadonlySet<string>,
    private readonly caseless: ReadonlySet<string>,
  ) {}

  /** Where the literals occur in the text. */
  find(text: string): LiteralHits {
    if (this.last?.text === text) return this.last.hits;
    let hits: LiteralHits;
    if (!this.automaton && this.searchedOneByOne + text.length <= ONE_BY_ONE_BUDGET) {
      this.searchedOneByOne += text.length;
      hits = this.findOneByOne(text);
    } else hits = (this.automaton ??= new Automaton([...this.exact], [...this.caseless])).find(text);
    this.last = { text, hits };
    return hits;
  }

  private findOneByOne(text: string): LiteralHits {
    const all = (haystack: string, literals: ReadonlySet<string>) => {
      const found = new Map<string, number[]>();
      for (const literal of literals) {
        for (let at = haystack.indexOf(literal); at >= 0; at = haystack.indexOf(literal, at + 1)) push(found, literal, at);
      }
      return found;
    };
    return { exact: all(text, this.exact), caseless: this.caseless.size ? all(foldAscii(text), this.caseless) : new Map() };
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
      if (!literal) throw new Error("literal search: an empty literal");
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i);
        if (code >= 128) throw new Error(`literal search: ${JSON.stringify(literal)} is not ASCII`);
        const lower = code >= 65 && code <= 90 ? code + 32 : code;
        if (!this.column[lower]) this.column[lower] = columns++;
      }
    }
    for (const literal of caseless)
      if (literal !== literal.toLowerCase()) throw new Error(`literal search: caseless ${JSON.stringify(literal)} is not in lower case`);
    for (let code = 65; code <= 90; code++) this.column[code] = this.column[code + 32];
    const separators = [..."_-. "].map((ch) => ch.charCodeAt(0)).filter((code) => this.column[code]);
    for (const code of separators) this.column[code] = this.column[separators[0]];
    const width = (this.width = columns);

    // The trie of the folded literals, state 0 its root, written into the transition table as plain
    // state numbers (next[state * width + column], 0 for none), each state's children also kept as a
    // linked list: the table's rows are then overwritten as the automaton is completed below. Typed
    // arrays rather than objects: the provider tables make some 9,000 states, and every audit worker
    // builds them at its start, before its code is optimised.
    const most = 1 + this.literals.reduce((n, literal) => n + literal.length, 0);
    const next = new Int32Array(most * width);
    const firstChild = new Int32Array(most);
    const sibling = new Int32Array(most);
    const columnOf = new Int32Array(most);
    const ownEnding: Array<number[] | undefined> = [];
    let states = 1;
    for (let number = 0; number < this.literals.length; number++) {
      const literal = this.literals[number];
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const column = this.column[literal.charCodeAt(i)];
        const at = state * width + column;
        if (!next[at]) {
          next[at] = states;
          columnOf[states] = column;
          sibling[states] = firstChild[state];
          firstChild[state] = states++;
        }
        state = next[at];
      }
      (ownEnding[state] ??= []).push(number);
    }

    // Breadth first, so that a state's failure state (that of the longest proper suffix, in the trie,
    // of its literal prefix), being shallower, has its row and endings done before the state's own:
    // a state's row is its failure state's row (a native copy), then its own trie edges. A child's
    // failure state is where its parent's failure state goes on the child's character.
    this.next = next.subarray(0, states * width);
    this.ending = new Array<readonly number[] | undefined>(states);
    const failure = new Int32Array(states);
    const queue = new Int32Array(states);
    for (let head = 0, tail = 1; head < tail; head++) {
      const state = queue[head];
      const row = state * width;
      if (state !== 0) next.copyWithin(row, failure[state] * width, failure[state] * width + width);
      for (let to = firstChild[state]; to !== 0; to = sibling[to]) {
        const viaFailure = state === 0 ? 0 : next[row + columnOf[to]];
        failure[to] = (viaFailure < 0 ? ~viaFailure : viaFailure) / width;
        const inherited = this.ending[failure[to]];
        const own = ownEnding[to];
        this.ending[to] = own && inherited ? [...own, ...inherited] : (own ?? inherited);
        next[row + columnOf[to]] = this.ending[to] ? ~(to * width) : to * width;
        queue[tail++] = to;
      }
    }
  }

  find(text: string): LiteralHits {
    const exact = new Map<string, number[]>();
    const caseless = new Map<string, number[]>();
    const { column, next, width } = this;
    let offset = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const to = next[offset + (code < 128 ? column[code] : 0)];
      if (to >= 0) {
        offset = to;
        continue;
      }
      offset = ~to;
      for (const number of this.ending[offset / width]!) {
        const literal = this.literals[number];
        const start = i + 1 - literal.length;
        if (number >= this.caselessFrom ? equalsCaseless(text, start, literal) : text.startsWith(literal, start))
          push(number >= this.caselessFrom ? caseless : exact, literal, start);
      }
    }
    return { exact, caseless };
  }
}

/** Whether the text at `start` is the (lower-case) literal, its ASCII letters in any case. */
function equalsCaseless(text: string, start: number, literal: string): boolean {
  for (let i = 0; i < literal.length; i++) {
    const code = text.charCodeAt(start + i);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
