import * as assert from "node:assert/strict";
import { describeFindings, redactSecrets } from "../../../src/hooks/redact";
import { SecretScanner } from "../../../src/secrets/engine";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";

describe("redaction", () => {
  it("replaces each secret by its kind and keeps the rest", async () => {
    const scanner = await SecretScanner.create();
    const text = `token=${FAKE.githubToken}\nslack: ${FAKE.slackToken}\ndb = "${FAKE.postgresUrl}"\n`;
    const findings = await scanner.scan(text, "/w/notes.txt");
    const redacted = redactSecrets(text, findings);
    assert.equal(
      redacted,
      'token=[REDACTED GitHub token]\nslack: [REDACTED Slack token]\ndb = "[REDACTED PostgreSQL connection string with password]"\n',
    );
    for (const raw of RAW_VALUES) assert.ok(!redacted.includes(raw));
  });

  it("replaces a found value wherever else it stands, also the password of a connection string on its own", async () => {
    const scanner = await SecretScanner.create();
    const text = `db = "${FAKE.postgresUrl}"\nnote = "${FAKE.postgresPassword}"\n# again: ${FAKE.githubToken} ${FAKE.githubToken}\n`;
    const findings = await scanner.scan(text, "/w/notes.txt");
    assert.ok(
      !findings.some((f) => text.slice(f.offset, f.offset + f.length) === FAKE.postgresPassword),
      "the bare password is no finding of its own",
    );
    const redacted = redactSecrets(text, findings);
    assert.equal(
      redacted,
      'db = "[REDACTED PostgreSQL connection string with password]"\nnote = "[REDACTED PostgreSQL connection string with password]"\n# again: [REDACTED GitHub token] [REDACTED GitHub token]\n',
    );
  });

  it("merges overlapping reports", () => {
    assert.equal(
      redactSecrets("abcdefghij", [
        { offset: 2, length: 5, kind: "A" },
        { offset: 3, length: 2, kind: "B" },
      ]),
      "ab[REDACTED A]hij",
    );
  });

  it("describes findings in a sentence", () => {
    assert.equal(
      describeFindings([
        { kind: "GitHub token", masked: "ghp_****" },
        { kind: "AWS secret access key", masked: "1tUm****" },
        { kind: "Slack token", masked: "xoxb****" },
      ]),
      "a GitHub token (ghp_****), an AWS secret access key (1tUm****) and a Slack token (xoxb****)",
    );
  });
});
