import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

const VISIBLE_PREFIX = 4;
const MAX_STARS = 16;
/**
 * A token type's prefix: up to three short segments of lower-case letters
 * and digits, or of capitals, each ended by `-`, `_` or `.` (`sk-proj-`,
 * `github_pat_`, `sk-ant-admin01-`, `SG.`, `HRKU-`). These name the kind of
 * a token, not its secret part.
 */
const TYPE_PREFIX = /^(?:(?:[a-z][a-z0-9]{0,7}|[A-Z]{2,8})[-_.]){1,3}/;
const MAX_TYPE_PREFIX = 15;
// A prefix one character longer than the usual four (`xoxb-`) adds nothing to recognise; the usual four stay.

/**
 * The only form in which a secret leaves the scanner: at most four leading
 * characters (enough to recognise `ghp_`, `AKIA`, `xoxb`), or a long
 * token's whole type prefix (`sk-proj-`, `github_pat_`), followed by stars.
 * Short values show nothing at all, since four characters of them would be a
 * real fraction of the secret.
 */
export function maskSecret(value: string): string {
  const firstLine = value.split(/\r?\n/, 1)[0];
  const typePrefix = TYPE_PREFIX.exec(firstLine)?.[0] ?? "";
  const prefixLength =
    typePrefix.length > VISIBLE_PREFIX + 1 && typePrefix.length <= MAX_TYPE_PREFIX && value.length >= 4 * typePrefix.length
      ? typePrefix.length
      : VISIBLE_PREFIX;
  const visible = value.length >= 16 ? firstLine.slice(0, prefixLength) : "";
  const stars = Math.min(MAX_STARS, Math.max(8, value.length - visible.length));
  return visible + "*".repeat(stars);
}

/**
 * A stable identifier for a secret value that does not reveal it: used to
 * remember "ignore this finding" where a file has no comment syntax.
 */
export function fingerprint(value: string): string {
  // Pure JavaScript SHA-256, the same digest as node:crypto's: loading
  // node:crypto (and the stream modules it pulls in) would cost a hook that
  // blocks a prompt about a fifth of its run time.
  return "sha256:" + bytesToHex(sha256(utf8ToBytes(value))).slice(0, 32);
}

/** Replaces every occurrence of the given raw values in a text by their masks. */
export function redact(text: string, values: readonly string[]): string {
  let result = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length > 0) result = result.split(value).join(maskSecret(value));
  }
  return result;
}
