/**
 * secretlint's `allows` option as its preset rules read it: each entry is a
 * regular expression written `/source/flags`, or a literal that a value
 * containing it is allowed by.
 */
export function allowedBy(allows: readonly string[], value: string): boolean {
  return allows.some((allow) => {
    const regex = /^\/(.+)\/([dgimsuvy]*)$/.exec(allow);
    if (!regex) return value.includes(allow);
    try {
      return new RegExp(regex[1], regex[2].replace(/[gy]/g, "")).test(value);
    } catch {
      return false;
    }
  });
}
