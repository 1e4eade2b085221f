// ESLint (flat config) with typescript-eslint's type-aware rules. Formatting is
// Prettier's (.prettierrc.json); eslint-config-prettier turns off the rules
// that would disagree with it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The editor glue: the only source that may import `vscode`. Everything else
 * under src/ is an engine (scanning, policy analysis, fixes, hook decisions,
 * the audit, the CLI, the worker) that the CLI, the hooks and the unit tests
 * run without an editor.
 */
export const GLUE = ["src/extension.ts", "src/settings.ts", "src/commands.ts", "src/editor/**", "src/*/editor/**"];

const noVscode = {
  "no-restricted-imports": [
    "error",
    {
      paths: [
        {
          name: "vscode",
          message:
            "Engines run without an editor (CLI, hooks, worker, unit tests): keep `vscode` in the glue (see GLUE in eslint.config.mjs and ARCHITECTURE.md).",
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "out/**",
      ".vscode-test/**",
      ".bench/**",
      "test-results/**",
      "samples/**",
      // Test inputs, kept as the tests expect them; the TypeScript ones at its top are code and linted.
      "test/fixtures/*/**",
      "test/integration/workspace/**",
      "test/integration/workspace-untrusted/**",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // `typeof import("./sdk")` names a lazily loaded module's type without loading it.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `async` is how an implementation of a promise-returning interface stays one even when its body is synchronous.
      "@typescript-eslint/require-await": "off",
      // A callback passes on whatever its promise was rejected with.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read JSON reports and fixtures as they come, spy on methods and build
    // regular expressions of exact output (runs of spaces, terminal escapes).
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/restrict-plus-operands": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
      "no-regex-spaces": "off",
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["media/report/**/*.js"],
    languageOptions: { globals: { ...globals.browser, acquireVsCodeApi: "readonly" } },
  },
  {
    files: ["**/*.{ts,js,mjs,cjs}"],
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      // The code's habit: a body on the line of its `if` may go without braces; one on lines of its own may not.
      curly: ["error", "multi-line"],
      // `catch {}`: a failure that needs no handling (a best-effort cleanup, an optional file).
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  { files: ["src/**/*.ts", "test/unit/**/*.ts", "test/support/**/*.ts", "bench/**/*.ts"], ignores: GLUE, rules: noVscode },
  prettier,
);
