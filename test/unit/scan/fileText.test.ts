import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { decodeText, readFileTextSync } from "../../../src/scan/fileText";
import { removeTree, tempTree } from "../../support/tempTree";

/** What an editor shows for UTF-8 bytes: the BOM dropped, invalid sequences as U+FFFD. */
const utf8 = (bytes: Uint8Array) => new TextDecoder("utf-8").decode(bytes);

describe("file text", () => {
  it("decodes ASCII, UTF-8 and invalid bytes as a UTF-8 decoder does, whichever path it takes", () => {
    const bytes = fc
      .uint8Array({ maxLength: 200 })
      .filter((b) => !b.includes(0) && !(b[0] === 0xff && b[1] === 0xfe) && !(b[0] === 0xfe && b[1] === 0xff));
    const ascii = fc.string({ unit: "binary-ascii", maxLength: 200 }).filter((s) => !s.includes("\0"));
    fc.assert(fc.property(bytes, (b) => decodeText(b) === utf8(b)));
    fc.assert(fc.property(ascii, (s) => decodeText(Buffer.from(s, "latin1")) === s));
    assert.equal(decodeText(Buffer.from("\ufeffkey = 1", "utf8")), "key = 1");
    assert.equal(decodeText(Buffer.from("a\0b")), undefined);
  });

  it("reads a listed file as listed, and checks by the handle one that is no longer what was listed", () => {
    const root = tempTree({ "a.txt": "0123456789", "dir/b.txt": "x" });
    try {
      const file = path.join(root, "a.txt");
      assert.deepEqual(readFileTextSync(file, 1024, 10), { ok: true, text: "0123456789" });
      // Grown since it was listed: read as listed. Shrunk: read as it is.
      writeFileSync(file, "0123456789abc");
      assert.deepEqual(readFileTextSync(file, 1024, 10), { ok: true, text: "0123456789" });
      writeFileSync(file, "01234");
      assert.deepEqual(readFileTextSync(file, 1024, 10), { ok: true, text: "01234" });
      // A folder by now.
      assert.deepEqual(readFileTextSync(path.join(root, "dir"), 1024, 10), {
        ok: false,
        reason: "not-a-file",
        message: "not a regular file",
      });
    } finally {
      removeTree(root);
    }
  });
});
