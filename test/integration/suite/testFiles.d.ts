// Generated at build time by test/integration/buildSuite.mjs from
// test/integration/suite/**/*.test.ts: [relative path, loader] pairs.
export declare const testFiles: ReadonlyArray<readonly [string, () => unknown]>;
