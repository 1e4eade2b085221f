import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from "@secretlint/types";
import { allowedBy } from "./allows";
import { GENERIC_RULE_ID, RULES_DOCS_URL } from "./ids";
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
const KEY_WORD = String.raw`api[_.-]?key|apikey|access[_.-]?key|secret[_.-]?key|private[_.-]?key|auth[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|account[_.-]?key`;
const TOKEN_WORD = String.raw`token|bearer|authorization`;
const SECRET_WORD = String.raw`secret|credentials?`;
const NAME_WORD = `${PASSWORD_WORD}|${KEY_WORD}|${TOKEN_WORD}|${SECRET_WORD}`;

/** A word that makes a name a credential's; the name is the run of identifier characters around it. */
const NAME_WORD_RE = new RegExp(NAME_WORD, "gi");
const NAME_CHAR = /[\w.$-]/;
const MAX_NAME = 80;
/**
 * What follows a credential's name: an optional closing quote or bracket,
 * an assignment (`=`, `:`, `:=`, `=>`, `->`, `+=`, or `is` in prose), an
 * optional auth scheme, then a quoted or bare value.
 */
const ASSIGNED_VALUE = new RegExp(
  String.raw`["'\]]?(?:[ \t]*(?:=|:=|=>|->|:|\+=)[ \t]*|[ \t]+(?:is|was|=)[ \t]+(?:set[ \t]+to[ \t]+)?)` +
    String.raw`(?:(?:Bearer|Basic|Token)[ \t]+)?` +
    String.raw`(?:(?<q>["'\x60])(?<quoted>[^"'\x60\s\\]{6,256})\k<q>|(?<bare>[^\s"'\x60,;(){}\[\]<>]{8,256}))`,
  "iyd",
);
/** `--password value` on a command line. */
const FLAG_VALUE = /[ \t]+(?:(?<q>["'])(?<quoted>[^"'\s\\]{6,256})\k<q>|(?<bare>[^\s"'`,;(){}\[\]<>]{8,256}))/yd;
/** `<password>value</password>` */
const XML_VALUE = />(?<quoted>[^<>\s]{6,256})<\//yd;

/** Names whose value describes a credential rather than being one (`password_min_length`, `token_url`, `secret_arn`). */
const DESCRIBING_NAME = /(?:name|id|ids|arn|url|uri|file|path|dir|type|field|length|len|policy|expiry|expires?|expiration|ttl|timeout|endpoint|header|prefix|suffix|param|env|var|label|hint|regex|pattern|min|max|count|hash|hashed|digest|salt|sha\d*|md5|checksum|fingerprint|integrity|format|mode|kind|strategy|provider|enabled|required|usage|limit|size|version|location|ref|key_?id|index|placeholder|example|sample|description|message|prompt|error)$/i;
/** Names that say the value is a hash of a secret, not the secret. */
const HASH_NAME = /hash|digest|checksum|sha\d|md5|fingerprint|integrity/i;

/** Stand-in words of documentation and templates. */
const PLACEHOLDER_WORDS =
  /change[_-]?me|changeit|your[_-]?(?:api|access|secret|own|password|token|key|pass)|^your|example|dummy|placeholder|sample|redacted|replace[_-]?(?:me|this|with)|insert[_-]?|^<|xxxx|^(?:password|passwd|secret|token|apikey|api_key|none|null|nil|undefined|true|false|empty|default|required|optional|string|value|unset|\*+)$/i;
/** Values read from somewhere else: environment, secret stores, template engines, CloudFormation. */
const LOOKUP =
  /^(?:[$%@!&]|\{\{|process\.env|import\.meta\.env|os\.(?:environ|getenv)|getenv|env[.:[(]|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|config[.[]|settings\.|secrets?\.|vault:|resolve:|arn:|ssm:|sm:\/\/|file:|cmd:|op:\/\/|keyring:)|resolve:(?:secretsmanager|ssm)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASHED_VALUE = /^(?:sha\d+[-:]|md5[-:]|\$2[abxy]?\$|\$argon2|\$pbkdf2|\$scrypt|\$6\$|\$5\$|\$1\$|pbkdf2[_:$])/i;
const PATH = /^(?:\/|\.\.?[\\/]|~[\\/]|[A-Za-z]:\\|\\\\)|\.(?:pem|key|crt|cer|p12|pfx|jks|json|ya?ml|txt|env|ini|cfg|conf|properties|toml|xml|gpg|asc)$/i;
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
 * Letters and separators only, as names and references are
 * (`getPassword`, `config.db.password`, `PASSWORD_FIELD`, `prod/db/password`),
 * unless the case changes as often as in random text.
 */
function looksLikeIdentifier(value: string): boolean {
  if (!/^[A-Za-z_.\/:-]+$/.test(value)) return /^[a-z]+(?:[_.-][a-z0-9]+)+$|^[A-Z]+(?:[_.-][A-Z0-9]+)+$/.test(value);
  const letters = value.replace(/[^A-Za-z]/g, "");
  let changes = 0;
  for (let i = 1; i < letters.length; i++) if ((letters[i] < "a") !== (letters[i - 1] < "a")) changes++;
  return !(letters.length >= 16 && changes / letters.length >= 0.3);
}

/** The message id a name calls for, or undefined when its value is not a credential. */
function kindOfName(name: string): GenericMessageId | undefined {
  if (DESCRIBING_NAME.test(name) || HASH_NAME.test(name)) return undefined;
  if (new RegExp(PASSWORD_WORD, "i").test(name)) return "GENERIC_PASSWORD";
  if (new RegExp(KEY_WORD, "i").test(name)) return "GENERIC_API_KEY";
  if (new RegExp(TOKEN_WORD, "i").test(name)) return "GENERIC_TOKEN";
  return "GENERIC_SECRET";
}

/** Whether a value assigned to a credential name looks like a real credential of that kind. */
export function looksLikeCredential(value: string, kind: GenericMessageId): boolean {
  if (isPlaceholderValue(value) || PLACEHOLDER_WORDS.test(value)) return false;
  if (LOOKUP.test(value) || UUID.test(value) || HASHED_VALUE.test(value) || PATH.test(value) || URL.test(value)) return false;
  if (looksLikeIdentifier(value)) return false;
  // Numbers are ports, counts and ids; dates and versions are not credentials either.
  if (/^[\d.:_-]+$/.test(value)) return false;
  const classes = characterClasses(value);
  if (kind === "GENERIC_PASSWORD") return value.length >= 8 && classes >= 2 && shannonEntropy(value) >= 2.5;
  return value.length >= 16 && classes >= 2 && shannonEntropy(value) >= 3;
}

export interface GenericRuleOptions {
  /** secretlint's `allows`: values matching one of these (`/regex/flags` or a literal inside the value) are not reported. */
  allows?: string[];
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
const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|java|kt|kts|scala|go|rs|cs|fs|vb|c|cc|cpp|cxx|h|hpp|m|mm|swift|rb|php|pl|lua|dart|groovy|r|jl|ex|exs|erl|hs|clj|vue|svelte)$/i;

/** Credential assignments in a text, with the span of each value. */
export function* genericCredentials(text: string, filePath = ""): Generator<GenericCandidate> {
  const bareValues = !CODE_FILE.test(filePath);
  // A copy per scan: a generator left unfinished must not leave its position in a shared regex.
  const words = new RegExp(NAME_WORD_RE);
  for (let m = words.exec(text); m; m = words.exec(text)) {
    // The whole name around the word, found by walking out from it: linear in the text, whatever its identifiers' length.
    let nameStart = m.index;
    while (nameStart > 0 && m.index - nameStart < MAX_NAME && NAME_CHAR.test(text[nameStart - 1])) nameStart--;
    let nameEnd = m.index + m[0].length;
    while (nameEnd < text.length && nameEnd - m.index < MAX_NAME && NAME_CHAR.test(text[nameEnd])) nameEnd++;
    words.lastIndex = nameEnd;
    const name = text.slice(nameStart, nameEnd);
    const kind = kindOfName(name.replace(/^[-@$]+/, ""));
    if (!kind) continue;
    const followers = text[nameStart - 1] === "<" ? [XML_VALUE] : name.startsWith("-") ? [ASSIGNED_VALUE, FLAG_VALUE] : [ASSIGNED_VALUE];
    let assigned: RegExpExecArray | null = null;
    let follower = followers[0];
    for (follower of followers) {
      follower.lastIndex = nameEnd;
      if ((assigned = follower.exec(text))) break;
    }
    if (!assigned) continue;
    const { quoted, bare } = assigned.groups!;
    if (bare && !bareValues) continue;
    if (follower === XML_VALUE && !text.startsWith(`${name}>`, follower.lastIndex)) continue;
    const [start] = assigned.indices!.groups![quoted ? "quoted" : "bare"]!;
    // Prose ends a bare value with its sentence.
    const value = quoted ?? bare.replace(/[.!?:]+$/, "");
    if (!looksLikeCredential(value, kind)) continue;
    yield { messageId: kind, start, end: start + value.length };
  }
}

/** Whether the text holds a credential assignment: what the prefilter asks before the rule runs. */
export function mayHoldGenericCredential(text: string, filePath = ""): boolean {
  return !genericCredentials(text, filePath).next().done;
}

const messages: SecretLintRuleLocalizeMessages = Object.fromEntries(
  Object.entries(GENERIC_KINDS).map(([id, name]) => [id, { en: () => `found a hardcoded ${name.toLowerCase()}` }]),
);

export const genericCredentialRule: SecretLintRuleCreator<GenericRuleOptions> = {
  messages,
  meta: {
    id: GENERIC_RULE_ID,
    recommended: true,
    type: "scanner",
    supportedContentTypes: ["text"],
    docs: { url: RULES_DOCS_URL },
  },
  create(context, options) {
    const t = context.createTranslator(messages);
    const allows = options?.allows ?? [];
    return {
      file(source) {
        for (const { messageId, start, end } of genericCredentials(source.content, source.filePath ?? "")) {
          if (allowedBy(allows, source.content.slice(start, end))) continue;
          context.report({ message: t(messageId), range: [start, end] });
        }
      },
    };
  },
};
