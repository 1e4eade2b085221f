import { isAscii } from "node:buffer";
import { closeSync, constants as fsConstants, fstatSync, promises as fs, openSync, readSync, type Stats } from "node:fs";

export type SkipReason = "binary" | "too-large" | "unreadable" | "not-a-file";

export type FileText = { ok: true; text: string } | { ok: false; reason: SkipReason; message: string };

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
  // Most source files are ASCII: checked and copied in native code, which spares
  // UTF-8 decoding (and, in a new worker, the decoder's costly first use).
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  // Invalid sequences become U+FFFD rather than failing: a secret next to a
  // stray Latin-1 byte is still a secret.
  return UTF8.decode(bytes);
}

/** One decoder for every file (an audit decodes thousands): without `stream`, each decode starts afresh. */
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: false });

/**
 * Opened without waiting for a writer: a path that turned into a FIFO since it
 * was listed would otherwise block the read forever. The handle, not the path,
 * is then checked, so nothing can change between the check and the read.
 */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/** Reads a file for scanning, or says in words why it is skipped. */
export async function readFileText(filePath: string, maxBytes: number): Promise<FileText> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(filePath, OPEN_FLAGS);
    const stat = await handle.stat();
    const skip = skipByStat(stat, maxBytes);
    if (skip) return skip;
    const buffer = Buffer.allocUnsafe(bytesToRead(stat, maxBytes));
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, length));
    }
    return decoded(buffer.subarray(0, length), maxBytes);
  } catch (error) {
    return { ok: false, reason: "unreadable", message: describeFsError(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * readFileText with blocking calls, for worker threads that have nothing else
 * to do meanwhile. `listedSize`: the size of the regular file a listing has
 * just found (the audit's), which spares the handle's own stat, a tenth of an
 * audit's reading, when that many bytes are there to read; anything else
 * (a FIFO or folder by now, a shorter file) is checked by the handle as usual.
 * A file that grew is read as listed; its new modification time makes the
 * next audit read it again.
 */
export function readFileTextSync(filePath: string, maxBytes: number, listedSize?: number): FileText {
  let fd: number | undefined;
  try {
    fd = openSync(filePath, OPEN_FLAGS);
    if (listedSize !== undefined && listedSize > 0 && listedSize <= maxBytes) {
      const bytes = readFully(fd, listedSize, true);
      if (bytes) return decoded(bytes, maxBytes);
    }
    const stat = fstatSync(fd);
    const skip = skipByStat(stat, maxBytes);
    if (skip) return skip;
    return decoded(readFully(fd, bytesToRead(stat, maxBytes), false)!, maxBytes);
  } catch (error) {
    return { ok: false, reason: "unreadable", message: describeFsError(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Up to `size` bytes from the start of the file; with `exactly`, undefined
 * unless there were that many (or the read failed: the handle is then checked).
 */
function readFully(fd: number, size: number, exactly: boolean): Uint8Array | undefined {
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  try {
    for (let read = -1; read !== 0 && length < size; length += read) read = readSync(fd, buffer, length, size - length, length);
  } catch (error) {
    if (exactly) return undefined;
    throw error;
  }
  return exactly && length < size ? undefined : buffer.subarray(0, length);
}

/**
 * The file as large as it was when opened: once that many bytes are in, no
 * further read asks for the end of the file (a system call per file, a
 * quarter of an audit's reading). A file that reports no size (procfs) is
 * read to its end, at most one byte past the limit, so that it is still bounded.
 */
function bytesToRead(stat: Stats, maxBytes: number): number {
  return stat.size > 0 ? stat.size : maxBytes + 1;
}

function skipByStat(stat: Stats, maxBytes: number): FileText | undefined {
  if (!stat.isFile()) return { ok: false, reason: "not-a-file", message: "not a regular file" };
  if (stat.size > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

function decoded(bytes: Uint8Array, maxBytes: number): FileText {
  if (bytes.length > maxBytes) return tooLarge(maxBytes);
  const text = decodeText(bytes);
  if (text === undefined) return { ok: false, reason: "binary", message: "binary file" };
  return { ok: true, text };
}

function tooLarge(maxBytes: number): FileText {
  return { ok: false, reason: "too-large", message: `larger than ${Math.round(maxBytes / 1024)} KB` };
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
