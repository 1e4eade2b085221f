import * as jsonc from "jsonc-parser";
import { detectEol } from "../../shared/text";

type Path = (string | number)[];

/**
 * Small edits of a user's JSON(C) configuration file that leave every other
 * character as it was: comments, order, indentation, one-line arrays. Text is
 * inserted and deleted at node offsets from jsonc-parser's tree; jsonc's own
 * `modify` is not used for structure because with formatting it reformats the
 * neighbours of an edit (and can break the file when removing), and without
 * it inserts unindented text. Removing what `append` or `setProperty` added
 * gives back the text as it was.
 */
export class JsonDocument {
  private constructor(
    public text: string,
    private readonly unit: string,
    private readonly eol: string,
  ) {}

  /** A document from a file's text; a missing or blank file starts as `{}`. */
  static from(text: string | undefined): JsonDocument {
    const start = text && text.trim() ? text : "{}\n";
    const indent = /^([ \t]+)\S/m.exec(start)?.[1] ?? "  ";
    return new JsonDocument(start, indent.startsWith("\t") ? "\t" : indent, detectEol(start));
  }

  /** True when the text parses as a JSON object (comments and trailing commas allowed). */
  static isObject(text: string): boolean {
    const errors: jsonc.ParseError[] = [];
    const tree = jsonc.parseTree(text, errors, { allowTrailingComma: true });
    return errors.length === 0 && tree?.type === "object";
  }

  get value(): unknown {
    return jsonc.parse(this.text, [], { allowTrailingComma: true }) as unknown;
  }

  /** The value at a path, or undefined. */
  get(path: Path): unknown {
    const node = this.node(path);
    return node ? jsonc.getNodeValue(node) : undefined;
  }

  /** Sets a property, replacing its value or adding it (and missing parent objects) at the end. */
  set(path: Path, value: unknown): void {
    const existing = this.node(path);
    if (existing) {
      this.splice(existing.offset, existing.length, this.render(value, this.indentAt(existing.offset), this.multiLine(existing)));
      return;
    }
    const key = String(path[path.length - 1]);
    const parent = this.node(path.slice(0, -1));
    if (!parent) {
      this.set(path.slice(0, -1), { [key]: value });
      return;
    }
    const property = (indent: string, multiLine: boolean) => `${JSON.stringify(key)}: ${this.render(value, indent, multiLine)}`;
    this.insertLast(parent, property);
  }

  /** Appends an item to the array at `path`, creating the array when missing. */
  append(path: Path, item: unknown): void {
    const array = this.node(path);
    if (!array) this.set(path, [item]);
    else this.insertLast(array, (indent, multiLine) => this.render(item, indent, multiLine));
  }

  /** True when the object or array at `path` holds nothing, not even a comment. */
  isBlank(path: Path): boolean {
    const node = this.node(path);
    return !!node && (node.children ?? []).length === 0 && this.onlyWhitespaceAround(node);
  }

  /** Removes a property or an array item together with its separator. */
  remove(path: Path): void {
    const node = this.node(path);
    if (!node?.parent) return;
    const item = node.parent.type === "property" ? node.parent : node;
    const container = item.parent!;
    const siblings = container.children ?? [];
    const i = siblings.indexOf(item);
    if (siblings.length === 1 && this.onlyWhitespaceAround(container, item)) {
      this.splice(container.offset, container.length, container.type === "array" ? "[]" : "{}");
    } else if (siblings.length === 1) {
      // Comments stay: only the item and the white space before it go.
      const start = this.text.slice(0, item.offset).trimEnd().length;
      this.splice(start, item.offset + item.length - start, "");
    } else if (i > 0) {
      const previousEnd = siblings[i - 1].offset + siblings[i - 1].length;
      this.splice(previousEnd, item.offset + item.length - previousEnd, "");
    } else {
      this.splice(item.offset, siblings[1].offset - item.offset, "");
    }
  }

  private node(path: Path): jsonc.Node | undefined {
    const root = jsonc.parseTree(this.text, [], { allowTrailingComma: true });
    return root && (path.length === 0 ? root : jsonc.findNodeAtLocation(root, path));
  }

  /** Inserts after a container's last child, on a new line or inline as the container is written. */
  private insertLast(container: jsonc.Node, render: (indent: string, multiLine: boolean) => string): void {
    const children = container.children ?? [];
    if (children.length === 0) {
      const outer = this.indentAt(container.offset);
      const inner = outer + this.unit;
      const [open, close] = container.type === "array" ? ["[", "]"] : ["{", "}"];
      const first = `${this.eol}${inner}${render(inner, true)}`;
      // An empty container that holds only comments keeps them, after the new item.
      if (this.onlyWhitespaceAround(container))
        this.splice(container.offset, container.length, `${open}${first}${this.eol}${outer}${close}`);
      else this.splice(container.offset + 1, 0, first);
      return;
    }
    const last = children[children.length - 1];
    const end = last.offset + last.length;
    if (this.multiLine(container)) {
      const indent = this.indentAt(last.offset);
      this.splice(end, 0, `,${this.eol}${indent}${render(indent, true)}`);
    } else {
      this.splice(end, 0, `, ${render("", false)}`);
    }
  }

  /** JSON for a value: indented like the file, or on one line (`{ "a": 1 }`). */
  private render(value: unknown, indent: string, multiLine: boolean): string {
    const pretty = JSON.stringify(value, null, this.unit);
    if (!multiLine) return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
    return pretty.split("\n").join(this.eol + indent);
  }

  /** True when the container's brackets hold nothing but white space (and `item`, when given): no comments. */
  private onlyWhitespaceAround(container: jsonc.Node, item?: jsonc.Node): boolean {
    const start = container.offset + 1;
    const end = container.offset + container.length - 1;
    // By offsets: the item's text may also stand in a comment before it.
    const rest = item ? this.text.slice(start, item.offset) + this.text.slice(item.offset + item.length, end) : this.text.slice(start, end);
    return rest.trim() === "";
  }

  private multiLine(node: jsonc.Node): boolean {
    return /[\r\n]/.test(this.text.slice(node.offset, node.offset + node.length));
  }

  /** The whitespace that starts the line holding `offset`. */
  private indentAt(offset: number): string {
    const lineStart = Math.max(this.text.lastIndexOf("\n", offset - 1) + 1, 0);
    return /^[ \t]*/.exec(this.text.slice(lineStart))![0];
  }

  private splice(offset: number, length: number, insert: string): void {
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + length);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
