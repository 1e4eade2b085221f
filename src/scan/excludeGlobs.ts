import { Minimatch } from "minimatch";

/**
 * The user's exclude globs (`agentSecurity.exclude`) as one test of a
 * workspace-relative path: Minimatch, with a glob without a slash matching
 * file names anywhere. The audit tests every file and folder, and most globs
 * name a literal segment (`node_modules` in `**\/node_modules/**`) that a
 * path must contain to match, so a substring search rules most paths out
 * before Minimatch is asked; the answers are Minimatch's.
 */
export function excludeTest(globs: readonly string[]): (target: string) => boolean {
  const tests = globs.map((glob) => {
    const matcher = new Minimatch(glob, { dot: true, matchBase: !glob.includes("/") });
    // One list per brace expansion; a negated, empty or comment glob is always asked.
    const needs =
      matcher.negate || matcher.empty || matcher.comment
        ? undefined
        : matcher.set.map((parts) => parts.filter((part): part is string => typeof part === "string" && isPlainSegment(part)));
    return (target: string) => (!needs || needs.some((need) => need.every((segment) => target.includes(segment)))) && matcher.match(target);
  });
  return (target) => tests.some((test) => test(target));
}

/** Literal segments, less those Minimatch compares loosely (Windows drive letters and UNC parts). */
function isPlainSegment(part: string): boolean {
  return part !== "" && part !== "?" && !/^[a-z]:$/i.test(part);
}
