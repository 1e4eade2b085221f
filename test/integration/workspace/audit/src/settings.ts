// Fake credentials for the workspace audit tests.
export const settings = {
  region: "eu-west-1",
  githubToken: "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",
};
