/**
 * Building blocks for provider patterns. Every pattern is bounded: a fixed
 * literal anchor or a keyword starts it, quantifiers have upper limits, and
 * lookarounds stop a match inside a longer run of token characters, so a
 * scan costs at most a few hundred steps per anchor occurrence.
 */

/** Character classes (as regex source) of the alphabets providers use. */
export const ALNUM = "A-Za-z0-9";
export const B64URL = "A-Za-z0-9_\\-";
export const B64 = "A-Za-z0-9+/";
export const HEX = "a-f0-9";

/** Not preceded by a token character, so the match starts where the token starts. */
export const START = "(?<![A-Za-z0-9_\\-+/.])";

/** Not followed by a letter, digit or further body character: the match ends where the token ends. */
export function end(body: string): string {
  return `(?![A-Za-z0-9${body}])`;
}

/** Upper/lower-case-insensitive source for one literal ASCII word, without the `i` flag (which would loosen the value's alphabet too). */
export function caseless(word: string): string {
  // A loop over character codes, not a replacement with a callback: the tables make thousands of these when they load, in every audit worker.
  const escaped = escapeRegex(word);
  let source = "";
  for (let i = 0; i < escaped.length; i++) {
    const lower = escaped.charCodeAt(i) | 32;
    source += lower >= 97 && lower <= 122 ? CASE_PAIRS[lower - 97] : escaped[i];
  }
  return source;
}

/** `[aA]` to `[zZ]`. */
const CASE_PAIRS = [..."abcdefghijklmnopqrstuvwxyz"].map((letter) => `[${letter}${letter.toUpperCase()}]`);

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/**
 * A prefixed token: `prefix` then `min..max` characters of `body`, and no
 * further body character after it (so a longer run is not cut into a match).
 */
export function prefixed(prefixes: readonly string[], body: string, min: number, max = min): RegExp {
  const alternatives = prefixes.map(escapeRegex).join("|");
  const length = min === max ? `{${min}}` : `{${min},${max}}`;
  return new RegExp(`${START}(?:${alternatives})[${body}]${length}${end(body)}`, "g");
}

/**
 * A value without a distinctive prefix, found only when one of `keywords`
 * (matched regardless of case, at the start of a word) comes shortly before it: on the same line or
 * on the next one, within 48 characters each. `value` is regex source for
 * the secret itself, which becomes the named group `secret`; `valueChars`
 * is the class that must not continue it on either side.
 */
export function keyed(
  keywords: readonly string[],
  value: string,
  valueChars: string,
  options: { wholeWord?: boolean } = {},
): {
  keywords: readonly string[];
  pattern: RegExp;
} {
  const spelled = spellings(keywords);
  const words = spelled.map(caseless).join("|");
  const window = "[^\\r\\n]{0,48}?(?:\\r?\\n[^\\r\\n]{0,48}?)?";
  // A keyword starts a word: not after a letter, unless it is capitalised after a lower-case one (ociAuthToken).
  const wordStart = "(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))";
  // For keywords that begin longer words (cohere: coherent), the keyword must also end one.
  const wordEnd = options.wholeWord ? "(?![a-z])" : "";
  const source = `${wordStart}(?:${words})${wordEnd}${window}(?<![${valueChars}])(?<secret>${value})(?![${valueChars}])`;
  const pattern = new RegExp(source, "g");
  keywordFirst.add(pattern);
  return { keywords: spelled, pattern };
}

/** The patterns made by {@link keyed}. */
const keywordFirst = new WeakSet<RegExp>();

/**
 * Whether every match of the pattern begins where one of its keywords
 * does, as those made by {@link keyed} do: the rule then tries it only at
 * those places instead of searching the whole text with it.
 */
export function startsAtKeyword(pattern: RegExp): boolean {
  return keywordFirst.has(pattern);
}

/** A lookbehind, which consumes nothing: its body is character classes, escapes and characters, no groups. */
const LOOKBEHIND = /^\(\?<[!=](?:\\.|\[(?:\\.|[^\]\\])*\]|[^()[\]\\])*\)/;
/** A character class repeated a fixed number of times (`[a-f0-9]{32}`): it takes that many characters. */
const FIXED_CLASS_RUN = /^\[(?:\\.|[^\]\\])*\]\{(\d+)\}/;
/** Characters that stand for themselves: no class, group, escape sequence or quantifier. */
const LITERAL_RUN = /^(?:[^\\^$.|?*+()[\]{}]|\\[^A-Za-z0-9])+/;
/** A group of alternatives. */
const ALTERNATIVES = /^\(\?:((?:[^\\^$.|?*+()[\]{}]|\\[^A-Za-z0-9]|\|)+)\)/;
const QUANTIFIER = /^[?*+{]/;

/**
 * How many characters before an occurrence of one of its anchors every
 * match of the pattern begins, when its source says so: after lookbehinds
 * and fixed-width runs (that many characters), it goes on with literal text,
 * or a group of literal alternatives, each of which begins with an anchor.
 * `0` for prefixed tokens (`(?<![…])pat[…]{14}…`), `32` for Mailchimp's
 * `[a-f0-9]{32}-us…`; undefined when the source does not show it. The rule
 * then tries the pattern only at those places instead of searching the whole
 * text with it, which matters for anchors that are common fragments of words
 * (`pat`, `-us`, `AC`).
 */
export function anchorOffset(pattern: RegExp, anchors: readonly string[]): number | undefined {
  // Case-insensitive or Unicode-set patterns read literal text otherwise than anchors are found.
  if (/[iv]/.test(pattern.flags) || anchors.length === 0 || hasTopLevelAlternation(pattern.source)) return undefined;
  let source = pattern.source;
  let offset = 0;
  for (
    let step = LOOKBEHIND.exec(source) ?? FIXED_CLASS_RUN.exec(source);
    step;
    step = LOOKBEHIND.exec(source) ?? FIXED_CLASS_RUN.exec(source)
  ) {
    if (step[1] !== undefined) offset += Number(step[1]);
    source = source.slice(step[0].length);
  }
  const group = ALTERNATIVES.exec(source);
  let alternatives: string[];
  if (group) {
    if (QUANTIFIER.test(source.slice(group[0].length))) return undefined;
    alternatives = group[1].split("|");
  } else {
    const run = LITERAL_RUN.exec(source)?.[0];
    if (!run) return undefined;
    // A quantifier after the run applies to its last character only, which may then be missing.
    alternatives = [QUANTIFIER.test(source.slice(run.length)) ? run.replace(/(?:\\.|.)$/, "") : run];
  }
  const unescaped = alternatives.map((alternative) => alternative.replace(/\\(.)/g, "$1"));
  return unescaped.every((text) => anchors.some((anchor) => text.startsWith(anchor))) ? offset : undefined;
}

/** Whether the source is two or more alternatives (`a…|b…`), any of which may begin a match. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") i++;
    else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) return true;
  }
  return false;
}

/**
 * A keyword written with `_` between its words also stands for its other
 * spellings: `heroku_api_key` for heroku-api-key, heroku.api.key,
 * "heroku api key" and herokuApiKey.
 */
function spellings(keywords: readonly string[]): string[] {
  const out = new Set<string>();
  for (const keyword of keywords) {
    out.add(keyword);
    if (!keyword.includes("_")) continue;
    for (const separator of ["-", ".", " ", ""]) out.add(keyword.replace(/_/g, separator));
  }
  return [...out];
}

/**
 * A short value with a run of 8 or more of one letter or digit is filler
 * (`ghp_xxxxxxxx…`, `AIzaSyXXXXXXXX…`), not a random token; random tokens
 * practically never hold one. Runs of `A` are base64 for zero bytes (Twitter
 * bearer tokens start with them), and long values are left alone.
 */
export function notFiller(secret: string): boolean {
  return secret.length > 200 || !/([B-Zb-z0-9])\1{7}/.test(secret);
}

/** True when the text has a digit and a letter: random tokens nearly always do, words and runs of one digit do not. */
export function hasDigitAndLetter(text: string): boolean {
  return /[0-9]/.test(text) && /[A-Za-z]/.test(text);
}

/** Random tokens mix at least two of upper case, lower case and digits. */
export function twoCharacterClasses(text: string): boolean {
  return [/[A-Z]/, /[a-z]/, /[0-9]/].filter((re) => re.test(text)).length >= 2;
}

/** True when the text mixes upper case, lower case and digits, as random base62 of 20+ characters nearly always does. */
export function hasMixedCase(text: string): boolean {
  return /[0-9]/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `value` in base62 (digits, upper, lower), left-padded with `0` to `width`. */
export function base62(value: number, width: number): string {
  let out = "";
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

/**
 * GitHub's checksum: the last 6 characters are the CRC-32 of the random part
 * (after the 4-character prefix) in base62
 * (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/).
 */
export function githubChecksumOk(token: string): boolean {
  const random = token.slice(4, -6);
  return base62(crc32(random), 6) === token.slice(-6);
}

/** Words that stand in for a password in samples and docs, not a password. */
const PLACEHOLDER_PASSWORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "secret",
  "changeme",
  "change_me",
  "changeit",
  "example",
  "dummy",
  "sample",
  "placeholder",
  "mypassword",
  "yourpassword",
  "your_password",
  "your-password",
  "dbpassword",
  "db_password",
  "pw",
  "user",
  "username",
  "root",
  "admin",
  "redacted",
  "xxx",
  "none",
  "null",
  "test",
  "guest",
  // Defaults of database images and tutorials.
  "postgres",
  "mysql",
  "mariadb",
  "mongo",
  "mongodb",
  "redis",
  "rabbitmq",
  "letmein",
  "123456",
  "12345678",
  "qwerty",
  // Oracle's sample schema account (scott/tiger).
  "tiger",
]);

/**
 * A password that is a real value, not a reference to one (`${VAR}`,
 * `{{ x }}`, `<password>`, `%(x)s`, `$VAR`), a masked run (`****`, `xxxx`)
 * or a stand-in word.
 */
export function isLiteralPassword(password: string): boolean {
  if (password.length === 0) return false;
  if (/^(?:\$\{|\$\(|\{\{|<|%\(|%s$|\$[A-Za-z_]|\[)/.test(password)) return false;
  if (/^([*x.0#•?…-])\1*[,.;:)]?$/i.test(password)) return false;
  return !PLACEHOLDER_PASSWORDS.has(password.toLowerCase());
}

/** For URL kinds: the URL carries a literal password, and not the user name again (`test:test`, a local default). */
export function urlHasLiteralPassword(url: string): boolean {
  const match = /^[^:]{1,40}:\/\/([^:@/\s]{0,128}):([^@\s]{0,256})@/.exec(url);
  if (!match) return false;
  const [, user, password] = match;
  return password !== user && isLiteralPassword(password);
}
