/**
 * Where the secret is now. While AWS was being asked, the user (or an agent)
 * may have edited the document; the literal is found again by its exact text,
 * the occurrence nearest to where it was, or not at all.
 */
export function relocateValue(text: string, value: string, near: number): number | undefined {
  if (value.length === 0) return undefined;
  let best: number | undefined;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at;
    if (at > near) break; // later ones are only farther
  }
  return best;
}
