import * as assert from "node:assert/strict";
import {
  parseHcl,
  type HAttribute,
  type HBlock,
  type HCall,
  type HHeredoc,
  type HObject,
  type HString,
  type HTuple,
} from "../../../src/iam/hcl";
import { fixture } from "../../support/iam";

function attr(body: { items: (HAttribute | HBlock)[] }, name: string): HAttribute {
  const found = body.items.find((i): i is HAttribute => i.kind === "attribute" && i.name === name);
  assert.ok(found, `attribute ${name}`);
  return found;
}

function block(body: { items: (HAttribute | HBlock)[] }, type: string, n = 0): HBlock {
  const found = body.items.filter((i): i is HBlock => i.kind === "block" && i.type === type)[n];
  assert.ok(found, `block ${type}`);
  return found;
}

describe("HCL parser", () => {
  it("parses the Terraform fixture without errors", () => {
    const { body, errors, commentStyle } = parseHcl(fixture("main.tf"));
    assert.deepEqual(errors, []);
    assert.equal(commentStyle, "#");
    const data = block(body, "data");
    assert.deepEqual(data.labels, ["aws_iam_policy_document", "app"]);
    assert.equal(data.body.items.filter((i) => i.kind === "block").length, 3);
  });

  it("keeps offsets of strings, lists, objects and calls", () => {
    const text = 'a = ["x", "y",]\nb = jsonencode({ K = "v", "Q": [1, 2] })\n';
    const { body, errors } = parseHcl(text);
    assert.deepEqual(errors, []);
    const list = attr(body, "a").value as HTuple;
    assert.equal(list.kind, "tuple");
    assert.deepEqual(
      list.items.map((i) => text.slice(i.offset, i.end)),
      ['"x"', '"y"'],
    );
    const call = attr(body, "b").value as HCall;
    assert.equal(call.name, "jsonencode");
    const obj = call.args[0] as HObject;
    assert.deepEqual(
      obj.items.map((i) => [i.key, text.slice(i.keyOffset, i.keyEnd)]),
      [
        ["K", "K"],
        ["Q", "Q"],
      ],
    );
    assert.equal((obj.items[0].value as HString).value, "v");
  });

  it("marks template strings and decodes escapes", () => {
    const text = 'a = "${var.x}:*"\nb = "$${literal}"\nc = "tab\\tq\\""\nd = "%{ if x }y%{ endif }"\n';
    const { body, errors } = parseHcl(text);
    assert.deepEqual(errors, []);
    assert.equal((attr(body, "a").value as HString).template, true);
    const b = attr(body, "b").value as HString;
    assert.equal(b.template, false);
    assert.equal(b.value, "${literal}");
    assert.equal((attr(body, "c").value as HString).value, 'tab\tq"');
    assert.equal((attr(body, "d").value as HString).template, true);
  });

  it("reads heredocs, plain and indented, with their body offsets", () => {
    const text = 'a = <<EOF\n{"k": 1}\nEOF\nb = <<-JSON\n    [1]\n  JSON\nc = 1\n';
    const { body, errors } = parseHcl(text);
    assert.deepEqual(errors, []);
    const a = attr(body, "a").value as HHeredoc;
    assert.equal(text.slice(a.bodyOffset, a.bodyEnd), '{"k": 1}\n');
    const b = attr(body, "b").value as HHeredoc;
    assert.equal(b.indented, true);
    assert.equal(text.slice(b.bodyOffset, b.bodyEnd), "    [1]\n");
    assert.equal(body.items.length, 3);
  });

  it("survives expressions it does not model", () => {
    const text = [
      "locals {",
      '  a = [for s in var.list : upper(s) if s != ""]',
      "  b = { for k, v in var.map : k => v... }",
      '  c = var.x ? "y" : "z"',
      "  d = -1 + 2 * (3 - 4) >= 5 && !false || null == null",
      "  e = aws_iam_role.r[*].arn",
      '  f = module.m.outputs["x"].y',
      "  g = provider::terraform::encode_tfvars({ a = 1 })",
      "  h = try(local.x, [])",
      "  i = 1.5e3",
      "}",
      "/* block",
      "   comment */",
      "// line comment",
    ].join("\n");
    const { body, errors } = parseHcl(text);
    assert.deepEqual(errors, []);
    assert.equal(block(body, "locals").body.items.length, 9);
  });

  it("reports half-typed input without throwing", () => {
    for (const text of [
      'resource "a" "b" {\n  policy = jsonencode({\n    Statement = [{ Action = "s3:*"',
      'x = <<EOF\n{"a": 1}\n',
      'a = "unterminated\nb = 2\n',
      "block {\n  = 3\n}\n",
      "}}}]]])))",
      "a = [1, 2\nb = 3",
      "a = {\n  k = \n}\n",
      "a = b.\n",
    ]) {
      const { errors } = parseHcl(text);
      assert.ok(errors.length > 0, text);
    }
    const unterminated = parseHcl(fixture("unterminated-heredoc.tf"));
    assert.ok(unterminated.errors.some((e) => /heredoc <<EOF is not closed/.test(e.message)));
  });

  it("terminates on random token soup", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pieces = [
      "{",
      "}",
      "[",
      "]",
      "(",
      ")",
      "=",
      ":",
      ",",
      ".",
      "?",
      "!",
      "-",
      "*",
      "\n",
      "a",
      "b ",
      '"s"',
      '"${x',
      "<<EOF\n",
      "EOF\n",
      "#c\n",
      "for ",
      "in ",
      "...",
      "1",
      "=>",
    ];
    for (let i = 0; i < 3000; i++) {
      let text = "";
      const n = Math.floor(random() * 30);
      for (let k = 0; k < n; k++) text += pieces[Math.floor(random() * pieces.length)];
      const { body } = parseHcl(text);
      assert.ok(Array.isArray(body.items));
    }
  });
});
