import { LiteralSearch } from "./literalSearch";
import { isPlaceholderValue } from "./placeholder";

/**
 * Credentials without a provider format: a value assigned to a name that
 * says password, secret, token or key, in code, configuration (.env, YAML,
 * JSON, properties, INI, XML), shell and prose ("my password is …"). The
 * name finds the candidates; the value decides: it must look like a real
 * credential (long enough, varied enough) and not like a placeholder, a
 * lookup, a hash, a UUID, a path, a URL or a code identifier.
 */

export const GENERIC_KINDS = {
  GENERIC_PASSWORD: "Password",
  GENERIC_API_KEY: "API key",
  GENERIC_TOKEN: "Access token",
  GENERIC_SECRET: "Secret",
} as const;
export type GenericMessageId = keyof typeof GENERIC_KINDS;

// Words in a name that make its value a credential.
const PASSWORD_WORD = String.raw`passw(?:or)?d|passphrase|pwd|(?<![a-z])pass(?![a-z])`;
const KEY_WORD = String.raw`api[_. -]?key|apikey|access[_. -]?key|secret[_. -]?key|private[_. -]?key|auth[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|account[_.-]?key`;
const TOKEN_WORD = String.raw`token|bearer|authorization|(?<![a-z])auth(?![a-z])`;
const SECRET_WORD = String.raw`secret|credentials?`;
const CREDENTIAL_WORD = `${PASSWORD_WORD}|${KEY_WORD}|${TOKEN_WORD}|${SECRET_WORD}`;
/** A name's last segment `KEY` (`COSMOS_DB_KEY`), which {@link kindOfName} accepts only in environment-style names. */
const BARE_KEY = String.raw`(?<=[A-Za-z0-9]_)key(?![A-Za-z0-9])`;
const NAME_WORD = `${CREDENTIAL_WORD}|${BARE_KEY}`;

/**
 * Literals one of which every credential name holds, in any ASCII case, for
 * the scan of a whole text: a search for plain words is several times
 * faster than the lookarounds of {@link NAME_WORD}, which then judges the
 * name alone.
 */
const KEY_PREFIXES = ["api", "access", "private", "signing", "encryption", "master", "account"];
export const CREDENTIAL_NAME_LITERALS = [
  "pass",
  "pwd",
  "secret",
  "token",
  "bearer",
  "auth",
  "credential",
  "_key",
  ...KEY_PREFIXES.flatMap((prefix) => ["_", "-", ".", " ", ""].map((separator) => `${prefix}${separator}key`)),
];
const NAME_LITERALS = new Set(CREDENTIAL_NAME_LITERALS);
/** Taken at the first scan: by then the prefilter may have built the search that serves both our rules (see prefilter.ts). */
let nameWordSearch: LiteralSearch | undefined;
const NAME_WORD_IN_NAME = new RegExp(NAME_WORD, "i");
/** Whether a character (its code) can be part of a name: `[\w.$-]`, asked of every character around every name word. */
function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 36 ||
    code === 45
  );
}
const MAX_NAME = 80;
/**
 * What follows a credential's name: an optional closing quote or bracket,
 * an assignment (`=`, `:`, `:=`, `=>`, `->`, `+=`, or `is` in prose), an
 * optional auth scheme, then a quoted or bare value.
 */
const ASSIGNED_VALUE = new RegExp(
  String.raw`["'\]]?(?:[ \t]*(?:=|:=|=>|->|:|\+=)[ \t]*|[ \t]+(?:is|was|=)[ \t]+(?:set[ \t]+to[ \t]+)?|[ \t]+value[ \t]*=[ \t]*(?=["']))` +
    String.raw`(?:(?:Bearer|Basic|Token)[ \t]+)?` +
    String.raw`(?:(?<q>["'\x60])(?<quoted>[^"'\x60\s\\]{6,256})\k<q>|(?<bare>[^\s"'\x60,;(){}[\]<>\\]{8,256}))`,
  "iyd",
);
/** The characters a value's assignment can begin with, right after the name: those of ASSIGNED_VALUE, XML_VALUE and FLAG_VALUE. */
const MAY_FOLLOW_NAME = new Set([..."\"'] \t=:-+>"].map((ch) => ch.charCodeAt(0)));
/** `--password value` on a command line. */
const FLAG_VALUE = /[ \t]+(?:(?<q>["'])(?<quoted>[^"'\s\\]{6,256})\k<q>|(?<bare>[^\s"'`,;(){}[\]<>\\]{8,256}))/dy;
/** `<password>value</password>` */
const XML_VALUE = />(?<quoted>[^<>\s]{6,256})<\//dy;

/** Names whose value describes a credential rather than being one (`password_min_length`, `token_url`, `secret_arn`). */
const DESCRIBING_NAME =
  /(?:name|id|ids|arn|url|uri|file|path|dir|type|field|length|len|policy|expiry|expires?|expiration|ttl|timeout|endpoint|header|prefix|suffix|param|env|var|label|hint|regex|pattern|min|max|count|hash|hashed|digest|salt|sha\d*|md5|checksum|fingerprint|integrity|format|mode|kind|strategy|provider|enabled|required|usage|limit|size|version|location|ref|key_?id|index|placeholder|example|sample|description|message|prompt|error)$/i;
/** `_KEY` names that are not credentials. */
const NOT_SECRET_KEY =
  /(?:PUBLIC|PUB|PRIMARY|SORT|PARTITION|FOREIGN|CACHE|IDEMPOTENCY|DEDUP|OBJECT|S3|MAP|LOOKUP|UNIQUE|ROW|INDEX|SEARCH|HOT|SHORTCUT|LICENSE|SITE|PUBLISHABLE|ANON|CLIENT)_KEY$/;
/** Names that say the value is a hash of a secret, not the secret. */
const HASH_NAME = /hash|digest|checksum|sha\d|md5|fingerprint|integrity/i;

/** Stand-in words of documentation and templates. */
const PLACEHOLDER_WORDS =
  /change[_-]?me|changeit|your[_-]?(?:api|access|secret|own|password|token|key|pass)|^your|example|dummy|placeholder|sample|redacted|replace[_-]?(?:me|this|with)|insert[_-]?|^<|xxxx|secret|passw(?:or)?d|token|^(?:password|passwd|secret|token|apikey|api_key|none|null|nil|undefined|true|false|empty|default|required|optional|string|value|unset|\*+)$/i;
/** Values read from somewhere else: environment, secret stores, template engines, CloudFormation. */
const LOOKUP =
  /^(?:[$%@!&]|\{\{|process\.env|import\.meta\.env|os\.(?:environ|getenv)|getenv|env[.:[(]|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|config[.[]|settings\.|secrets?\.|vault:|resolve:|arn:|ssm:|sm:\/\/|file:|cmd:|op:\/\/|keyring:)|resolve:(?:secretsmanager|ssm)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASHED_VALUE = /^(?:sha\d+[-:]|md5[-:]|\$2[abxy]?\$|\$argon2|\$pbkdf2|\$scrypt|\$6\$|\$5\$|\$1\$|pbkdf2[_:$])/i;
/** A path: from a root, home or relative start through path characters (base64 may start with `/` too, but soon holds `+` or `=`), or a key file's name. */
const PATH =
  /^(?:\/|\.\.?[\\/]|~[\\/]|[A-Za-z]:\\|\\\\)[\w.~/\\:-]*$|\.(?:pem|key|crt|cer|p12|pfx|jks|json|ya?ml|txt|env|ini|cfg|conf|properties|toml|xml|gpg|asc)$/i;
const URL = /^[a-z][\w+.-]*:\/\//i;

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}

/**
 * Names and references, as code writes them (`getPassword`,
 * `config.db.password`, `PASSWORD_FIELD`, `WebIdentityTokenFailed`,
 * `FlowPasswordRequiredV2`): identifier characters only, made of words. A
 * random string splits into many one- and two-letter pieces where case
 * changes; an identifier into few, longer ones.
 */
function looksLikeIdentifier(value: string): boolean {
  // Also behind one sigil of code: `#privateField`, `@scope/name`, a parser's `?NonNullExpression` token kind.
  if (!/^[?#@]?[\w.$/:-]+$/.test(value)) return false;
  const words = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  if (words.length === 0) return false;
  const letters = words.reduce((n, w) => n + w.length, 0);
  const short = words.filter((w) => w.length <= 2).length;
  return letters / words.length >= 4 && short <= Math.max(1, words.length / 4);
}

const PASSWORD_NAME = new RegExp(PASSWORD_WORD, "i");
const KEY_NAME = new RegExp(KEY_WORD, "i");
const TOKEN_NAME = new RegExp(TOKEN_WORD, "i");
const CREDENTIAL_NAME = new RegExp(CREDENTIAL_WORD, "i");

/** The message id a name calls for, or undefined when its value is not a credential. */
function kindOfName(name: string): GenericMessageId | undefined {
  if (DESCRIBING_NAME.test(name) || HASH_NAME.test(name)) return undefined;
  if (!CREDENTIAL_NAME.test(name)) {
    // Only `…_KEY`: a credential in SCREAMING_SNAKE environment names, and not every key is one.
    return /^[A-Z][A-Z0-9_]*_KEY$/.test(name) && !NOT_SECRET_KEY.test(name) ? "GENERIC_API_KEY" : undefined;
  }
  if (PASSWORD_NAME.test(name)) return "GENERIC_PASSWORD";
  if (KEY_NAME.test(name)) return "GENERIC_API_KEY";
  if (TOKEN_NAME.test(name)) return "GENERIC_TOKEN";
  return "GENERIC_SECRET";
}

/** Whether a value assigned to a credential name looks like a real credential of that kind. */
export function looksLikeCredential(value: string, kind: GenericMessageId): boolean {
  if (isPlaceholderValue(value) || PLACEHOLDER_WORDS.test(value)) return false;
  if (LOOKUP.test(value) || UUID.test(value) || HASHED_VALUE.test(value) || PATH.test(value) || URL.test(value)) return false;
  if (looksLikeIdentifier(value)) return false;
  // Credentials are printable ASCII; a call, an index or a bracketed selector is code (`args[token.index]`, `[type=password]`).
  if (!/^[\x21-\x7e]+$/.test(value) || /^[\w.$]+[([]|^[[({]/.test(value)) return false;
  // Numbers are ports, counts and ids; dates and versions are not credentials either.
  if (/^[\d.:_-]+$/.test(value)) return false;
  const classes = characterClasses(value);
  // Passwords people choose mix in digits or symbols; words alone (`tenantId`) are not taken for one.
  if (kind === "GENERIC_PASSWORD") return value.length >= 8 && classes >= 2 && /[^A-Za-z]/.test(value) && shannonEntropy(value) >= 2.5;
  return value.length >= 12 && classes >= 2 && shannonEntropy(value) >= 3;
}

export interface GenericCandidate {
  messageId: GenericMessageId;
  start: number;
  end: number;
}

/**
 * Source files of programming languages, where a bare value after `=` is an
 * expression (`password = read_password()`, `token = userToken2`), never a
 * literal: only quoted values count there. Configuration, shell, prompts and
 * files of unknown type take bare values too.
 */
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|py|java|kt|kts|scala|go|rs|cs|fs|vb|c|cc|cpp|cxx|h|hpp|m|mm|swift|rb|php|pl|lua|dart|groovy|r|jl|ex|exs|erl|hs|clj|vue|svelte|map)$/i;

/**
 * The credential-name literals in the text, by position; of two at one
 * position (one extends the other) only the shorter, which is all a name
 * needs.
 */
function nameWords(text: string): Array<{ at: number; length: number }> {
  const words: Array<{ at: number; length: number }> = [];
  // The search may be one for more literals (see prefilter.ts); a text holds few of them, so its hits are walked, not our list.
  const hits = (nameWordSearch ??= LiteralSearch.of([], CREDENTIAL_NAME_LITERALS)).find(text).caseless;
  hits.forEach((places, literal) => {
    if (NAME_LITERALS.has(literal)) for (const at of places) words.push({ at, length: literal.length });
  });
  if (words.length < 2) return words;
  words.sort((a, b) => a.at - b.at || a.length - b.length);
  return words.filter((word, i) => i === 0 || words[i - 1].at !== word.at);
}

/**
 * Credential assignments in a text, with the span of each value: the first
 * `limit` of them. A plain loop, not a generator: the prefilter asks this of
 * every text an audit reads, most of them before the code is optimised.
 */
export function genericCredentials(text: string, filePath = "", limit = Infinity): GenericCandidate[] {
  const found: GenericCandidate[] = [];
  const bareValues = !CODE_FILE.test(filePath);
  let nameEnd = 0;
  for (const word of nameWords(text)) {
    // Each word once, the first after the previous name: words inside a name already looked at are part of it.
    if (word.at < nameEnd) continue;
    // The whole name around the word, found by walking out from it: linear in the text, whatever its identifiers' length.
    nameEnd = word.at + word.length;
    while (nameEnd < text.length && nameEnd - word.at < MAX_NAME && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    // Most names in code are followed by a call, a member or a comma, which no value follows.
    if (!MAY_FOLLOW_NAME.has(text.charCodeAt(nameEnd))) continue;
    let nameStart = word.at;
    while (nameStart > 0 && word.at - nameStart < MAX_NAME && isNameChar(text.charCodeAt(nameStart - 1))) nameStart--;
    const name = text.slice(nameStart, nameEnd);
    const followers = text[nameStart - 1] === "<" ? [XML_VALUE] : name.startsWith("-") ? [ASSIGNED_VALUE, FLAG_VALUE] : [ASSIGNED_VALUE];
    let assigned: RegExpExecArray | null = null;
    let follower = followers[0];
    for (follower of followers) {
      follower.lastIndex = nameEnd;
      if ((assigned = follower.exec(text))) break;
    }
    if (!assigned) continue;
    const kind = NAME_WORD_IN_NAME.test(name) ? kindOfName(name.replace(/^[-@$]+/, "")) : undefined;
    if (!kind) continue;
    const { quoted, bare } = assigned.groups!;
    // A bare value in code is an expression; one followed by a call or an index (`fs.readFileSync(…)`) is one anywhere.
    if (bare && (!bareValues || /[([]/.test(text[follower.lastIndex] ?? ""))) continue;
    if (follower === XML_VALUE && !text.startsWith(`${name}>`, follower.lastIndex)) continue;
    const [start] = assigned.indices!.groups![quoted ? "quoted" : "bare"];
    // Prose ends a bare value with its sentence.
    const value = quoted ?? bare.replace(/[.!?:]+$/, "");
    if (!looksLikeCredential(value, kind)) continue;
    if (found.push({ messageId: kind, start, end: start + value.length }) >= limit) break;
  }
  return found;
}

/** Whether the text holds a credential assignment: what the prefilter asks before the rule runs. */
export function mayHoldGenericCredential(text: string, filePath = ""): boolean {
  return genericCredentials(text, filePath, 1).length > 0;
}
