/**
 * IAM's own wildcard match: `*` matches any run of characters including
 * none, `?` matches exactly one character, every other character matches
 * itself. Actions compare case-insensitively, and the pattern is matched
 * against the whole `service:Action` string, so a wildcard can run across the
 * colon (`*Object` matches `s3:GetObject`); resources (ARNs) compare
 * case-sensitively (`{ caseSensitive: true }`).
 *
 * Iterative, with backtracking only to the last `*`: linear in practice and
 * never exponential, whatever the pattern.
 */
export function wildcardMatch(pattern: string, value: string, { caseSensitive = false } = {}): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase();
  const v = caseSensitive ? value : value.toLowerCase();
  let pi = 0;
  let vi = 0;
  let starP = -1;
  let starV = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === "?" || (p[pi] !== "*" && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === "*") {
      starP = pi++;
      starV = vi;
    } else if (starP >= 0) {
      pi = starP + 1;
      vi = ++starV;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** Optimal-string-alignment edit distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}
