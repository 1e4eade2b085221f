import { promises as fs } from "node:fs";

export type SkipReason = "binary" | "too-large" | "unreadable" | "not-a-file";

export type FileText =
  | { ok: true; text: string }
  | { ok: false; reason: SkipReason; message: string };

/** Git's heuristic: a NUL byte in the first 8,000 bytes means binary. */
const SNIFF_BYTES = 8000;

/**
 * Decodes file bytes the way an editor would: UTF-8 (BOM dropped), or UTF-16
 * when a BOM says so. Returns undefined for binary content.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return undefined;
  // Invalid sequences become U+FFFD rather than failing: a secret next to a
  // stray Latin-1 byte is still a secret.
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
}

/** Reads a file for scanning, or says in words why it is skipped. */
export async function readFileText(filePath: string, maxBytes: number): Promise<FileText> {
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) return { ok: false, reason: "not-a-file", message: "not a regular file" };
    if (stat.size > maxBytes) {
      return { ok: false, reason: "too-large", message: `larger than ${Math.round(maxBytes / 1024)} KB` };
    }
    const text = decodeText(await fs.readFile(filePath));
    if (text === undefined) return { ok: false, reason: "binary", message: "binary file" };
    return { ok: true, text };
  } catch (error) {
    return { ok: false, reason: "unreadable", message: describeFsError(error) };
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "symbolic link loop";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
