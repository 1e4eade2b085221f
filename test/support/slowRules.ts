import { writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * A `.secretlintrc.json` that makes every GitHub token take forever: the
 * rule's `allows` patterns are the workspace's own regular expressions, and
 * this one backtracks catastrophically (2^40 ways to split a 40-character
 * token). The hostile input the time budgets exist for, through real
 * configuration and the real engine, nothing injected.
 */
export const SLOW_SECRETLINTRC = {
  rules: [{ id: "@secretlint/secretlint-rule-github", options: { allows: ["/^(\\w+)*!$/"] } }],
};

export function writeSlowSecretlintrc(root: string): void {
  writeFileSync(path.join(root, ".secretlintrc.json"), JSON.stringify(SLOW_SECRETLINTRC, null, 2));
}
