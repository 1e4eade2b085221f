import * as path from "node:path";

type PathApi = Pick<typeof path, "relative" | "isAbsolute" | "normalize" | "sep">;

/**
 * A function giving the path of a file relative to the folder `root`, with
 * forward slashes, or undefined when the file lies outside (or is the folder
 * itself). The audit asks this for every file and folder of a workspace, so
 * the usual case (an absolute, normalised path under an absolute, normalised
 * root) is cut from the string; anything else goes through path.relative,
 * and both give the same answer.
 */
export function relativeTo(root: string, p: PathApi = path): (filePath: string) => string | undefined {
  const prefix = root + p.sep;
  const plainRoot = p.isAbsolute(root) && p.normalize(root) === root && !root.endsWith(p.sep);
  const windows = p.sep === "\\";
  // An empty, "." or ".." segment: path.relative would normalise it away.
  const unplain = windows ? /(?:^|[\\/])\.{0,2}(?:[\\/]|$)/ : /(?:^|\/)\.{0,2}(?:\/|$)/;
  return (filePath) => {
    if (plainRoot && filePath.startsWith(prefix)) {
      const rest = filePath.slice(prefix.length);
      if (!unplain.test(rest)) {
        const rel = windows ? rest.replace(/\\/g, "/") : rest;
        return rel.startsWith("..") ? undefined : rel;
      }
    }
    const rel = p.relative(root, filePath);
    if (!rel || rel.startsWith("..") || p.isAbsolute(rel)) return undefined;
    return rel.split(p.sep).join("/");
  };
}
