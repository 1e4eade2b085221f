import * as assert from "node:assert/strict";
import { genericCredentials, looksLikeCredential } from "../../../../src/secrets/rules/genericMatch";

/** Values that look like real credentials (fakes, written for this test). */
const PASSWORD = "Vq7#mLp2zR9w";
const TOKEN = "q8Xr2LmZ7vKp4TfW9sJd3HbN";

/** The values the rule reports in a text, as text. */
function found(text: string, filePath = "/w/input.txt"): string[] {
  return [...genericCredentials(text, filePath)].map((c) => text.slice(c.start, c.end));
}

describe("generic credential rule", () => {
  const positives: Array<[string, string, string?]> = [
    [`DB_PASSWORD = "${PASSWORD}"`, PASSWORD, "/w/settings.py"],
    [`DB_PASSWORD=${PASSWORD}`, PASSWORD, "/w/.env"],
    [`export API_TOKEN='${TOKEN}'`, TOKEN, "/w/deploy.sh"],
    [`database:\n  password: ${PASSWORD}\n`, PASSWORD, "/w/config.yaml"],
    [`{"client_secret": "${TOKEN}"}`, TOKEN, "/w/app.json"],
    [`spring.datasource.password=${PASSWORD}`, PASSWORD, "/w/application.properties"],
    [`const apiKey = "${TOKEN}";`, TOKEN, "/w/a.ts"],
    [`token := "${TOKEN}"`, TOKEN, "/w/main.go"],
    [`'password' => '${PASSWORD}',`, PASSWORD, "/w/config.php"],
    [`<password>${PASSWORD}</password>`, PASSWORD, "/w/settings.xml"],
    [`<add key="ApiKey" value="${TOKEN}" />`, TOKEN, "/w/web.config"],
    [`mysql --user=app --password=${PASSWORD} shop`, PASSWORD, "/w/run.sh"],
    [`curl -H "Authorization: Bearer ${TOKEN}" https://api.example.com`, TOKEN, "/w/prompt"],
    [`my password is ${PASSWORD}. Why can't I log in?`, PASSWORD, "/w/prompt"],
    [`the api key is ${TOKEN}, please add it`, TOKEN, "/w/prompt"],
    [`COSMOS_DB_KEY=${TOKEN}==`, `${TOKEN}==`, "/w/.env"],
  ];
  for (const [text, value, filePath] of positives) {
    it(`finds the value in ${JSON.stringify(text.replace(value, "…"))}`, () => {
      assert.deepEqual(found(text, filePath), [value]);
    });
  }

  const negatives: Array<[string, string?]> = [
    // placeholders
    ['password = "changeme"'],
    ['api_key: "your-api-key"'],
    ['API_KEY="<your api key>"'],
    ["DB_PASSWORD=${DB_PASSWORD}"],
    ['"password": "example-password-1"'],
    ["SECRET=dummy-secret-value-1"],
    ["TOKEN=********************************"],
    ["password: xxxxxxxxxxxxxxxx"],
    // lookups
    ['DB_PASSWORD = os.environ["DB_PASSWORD"]', "/w/a.py"],
    ["const token = process.env.GITHUB_TOKEN;", "/w/a.ts"],
    ["token: ${{ secrets.GITHUB_TOKEN }}", "/w/ci.yml"],
    ["MasterUserPassword: !Ref DbPassword", "/w/template.yaml"],
    ["password: '{{resolve:secretsmanager:prod/db:SecretString:password}}'", "/w/template.yaml"],
    ['password = get_password("db")', "/w/a.py"],
    ["password = userPassword2", "/w/a.py"],
    // hashes, UUIDs, paths, URLs, identifiers
    ['password_hash = "5f4dcc3b5aa765d61d8327deb882cf99aa765d61"'],
    ['password: "$2b$12$KIXQJv1Cq4PzHh5e6Vd9Oe7m3ZxB7Q1m0S2s4t6u8w0y2A4C6E8G."'],
    ['client_secret = "3f2b8c1e-9a7d-4e6f-b5c4-2d1a0e9f8b7c"'],
    ["private_key_file: /etc/ssl/private/server.key"],
    ["secret_path: ./secrets/db_password.txt"],
    ["token_url: https://auth.example.com/oauth/token"],
    ['PASSWORD_FIELD = "passwordConfirmation"'],
    ['const ERROR = { INVALID_PASSWORD: "InvalidPasswordException" };', "/w/a.ts"],
    ['WEB_IDENTITY_TOKEN_FAILED: "WebIdentityTokenFailed",', "/w/a.js"],
    ['password: "[type=password]"', "/w/a.js"],
    ['lastSignificantToken = "?NonNullExpression";', "/w/a.mjs"],
    ['const token = "#privateTokenCache";', "/w/a.ts"],
    ["source argument for a token is `args[token.index]`"],
    ["password_min_length: 12345678"],
    ["token_expiry: 2025-01-01T00:00:00Z"],
    ['"password": "Please enter your password"'],
    // prose and code that merely mention credentials
    ["Why does the build fail? The error mentions a missing key and the token refresh."],
    ["function hashPassword(password: string): string {", "/w/a.ts"],
    ["SORT_KEY=created_at_desc_2024"],
  ];
  for (const [text, filePath] of negatives) {
    it(`reports nothing in ${JSON.stringify(text)}`, () => {
      assert.deepEqual(found(text, filePath), []);
    });
  }

  it("takes bare values in configuration and prose, only quoted ones in code", () => {
    assert.deepEqual(found(`password = ${PASSWORD}`, "/w/a.py"), []);
    assert.deepEqual(found(`password = ${PASSWORD}`, "/w/app.ini"), [PASSWORD]);
  });

  it("asks passwords for variety and tokens for length", () => {
    assert.equal(looksLikeCredential("Tr0ub4dor&3", "GENERIC_PASSWORD"), true);
    assert.equal(looksLikeCredential("abcdefgh", "GENERIC_PASSWORD"), false);
    assert.equal(looksLikeCredential("Ab3dE", "GENERIC_PASSWORD"), false);
    assert.equal(looksLikeCredential("aB3dE", "GENERIC_TOKEN"), false);
    assert.equal(looksLikeCredential(TOKEN, "GENERIC_TOKEN"), true);
  });

  it("scans a long minified line in linear time", () => {
    const line = "a.token=b.secretKey||c.password;".repeat(20_000) + "x".repeat(100_000);
    // A walk over names that were quadratic would not end within the test's timeout.
    assert.deepEqual(found(line, "/w/min.js"), []);
  });
});
