/**
 * Values that only stand in for a secret: documentation and templates write
 * `ghp_xxxxxxxx`, `<password>`, `${DB_PASSWORD}` or `****` where the real
 * value goes. The scanner drops a finding of any rule whose value is one.
 */

/** Characters that fill a placeholder: x, stars, zeros, dots, bullets, and the separators inside tokens. */
const FILLER = /[xX*0#•…._-]/g;
/** Template and markup tokens that no real secret contains. */
const TEMPLATE = /<[^<>\s]*(?:[ _-][^<>\s]*)*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|\$\([^)]*\)/;
/** `scheme://user:password@` */
const URL_USERINFO = /^[a-z][\w+.-]*:\/\/([^:/@\s]*):([^@\s]*)@/i;
/** A token's type prefix: `ghp_`, `sk-proj-`, `xoxb-`, `glpat-`. */
const TYPE_PREFIX = /^(?:[A-Za-z]{1,12}[_-]){1,3}/;

/**
 * The part of a found value that carries the secret: a URL's password, a
 * PEM block's body, or a token without its type prefix.
 */
function secretPart(value: string): string {
  const url = URL_USERINFO.exec(value);
  if (url) return url[2];
  const pem = /-----BEGIN[^-]*-----([\s\S]*?)(?:-----END|$)/.exec(value);
  if (pem) return pem[1].replace(/\s+/g, "");
  return value.replace(TYPE_PREFIX, "");
}

/**
 * Keys their vendors publish for local emulators and documentation, which
 * grant nothing: the Azure Storage emulator's (Azurite) account key and
 * AWS's documentation example key pair.
 */
const PUBLISHED_KEYS = new Set([
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
]);

/**
 * Whether a found value is a stand-in rather than a secret: made mostly of
 * filler characters, holding a template token, or one character repeated.
 * Random secrets hold filler characters at about the rate of any other
 * (some 5%), so "at most a quarter of the characters are not filler" never
 * drops one.
 */
export function isPlaceholderValue(value: string): boolean {
  if (TEMPLATE.test(value) || PUBLISHED_KEYS.has(value)) return true;
  const body = secretPart(value);
  if (TEMPLATE.test(body)) return true;
  const meaningful = body.replace(FILLER, "");
  if (meaningful.length <= body.length / 4) return true;
  return new Set(meaningful).size <= 2;
}
