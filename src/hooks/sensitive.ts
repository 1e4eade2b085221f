import * as path from "node:path";
import type { Issue, TextToScan } from "./types";

// Files that exist to hold credentials. Reading one puts its values in the
// model's context even where no rule knows their shape (`DB_PASSWORD=hunter2…`),
// so their secret-named assignments count as secrets of their own.

/** Templates committed on purpose, whose values are placeholders. */
const TEMPLATE = /\.(?:example|sample|template|dist|defaults?)$/i;
const ENV_STYLE =
  /^(?:\.env(?:\..+)?|.+\.env|\.envrc|\.npmrc|\.pypirc|\.netrc|\.pgpass|credentials|\.git-credentials|secrets?\.(?:ya?ml|json|toml))$/i;

/** True for `.env`, `.env.local`, `prod.env`, `.npmrc`, `~/.aws/credentials` and the like, not `.env.example`. */
export function isEnvStyleFile(file: string): boolean {
  const name = path.basename(file);
  return ENV_STYLE.test(name) && !TEMPLATE.test(name);
}

const SECRET_NAME = /(?:secret|token|passw(?:or)?d|pwd|api_?key|private_?key|access_?key|credential|auth|_key$)/i;
/** Values that say where a secret comes from rather than being one. */
const PLACEHOLDER = /^(?:\$\{?[\w:-]+\}?|<[^>]*>|x+|\*+|changeme|change_me|todo|none|null|true|false|your[-_].*)$/i;
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(["']?)(.*?)\2\s*(?:#.*)?$/;
const MIN_VALUE_LENGTH = 8;

/**
 * Secret-named assignments with a real-looking value in an env-style file.
 * `mask` is passed in so that the hashing behind the shared mask loads only
 * when such a file is seen.
 */
export function envFileIssues(item: TextToScan, mask: (value: string) => string): Issue[] {
  const issues: Issue[] = [];
  let offset = 0;
  for (const [index, line] of item.text.split("\n").entries()) {
    const match = ASSIGNMENT.exec(line.replace(/\r$/, ""));
    if (match && SECRET_NAME.test(match[1])) {
      const value = match[3].trim();
      if (value.length >= MIN_VALUE_LENGTH && !PLACEHOLDER.test(value)) {
        const at = offset + line.indexOf(value, line.indexOf(match[1]) + match[1].length);
        issues.push({
          check: "secret",
          kind: `value of ${match[1]} in an environment file`,
          masked: mask(value),
          where: item.label,
          line: index + 1,
          span: { offset: at, length: value.length },
        });
      }
    }
    offset += line.length + 1;
  }
  return issues;
}

/** Commands that print or load a file's content. */
const READERS =
  /^(?:cat|tac|less|more|head|tail|bat|batcat|nl|strings|xxd|od|grep|rg|egrep|awk|sed|source|\.|type|Get-Content|gc|sort|uniq|cut|jq|yq|cp|base64)$/i;

/** Files an env-style name that a shell command line reads (`cat .env`, `source .env.local`). */
export function filesReadByCommand(command: string): string[] {
  const files: string[] = [];
  for (const segment of command.split(/&&|\|\||[;|\n&]/)) {
    const words = segment
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/^["']|["']$/g, ""));
    if (words.length < 2 || !READERS.test(path.basename(words[0]))) continue;
    for (const word of words.slice(1)) {
      const file = word.replace(/^<+/, "");
      if (!file.startsWith("-") && isEnvStyleFile(file)) files.push(file);
    }
  }
  return files;
}
