import { Octokit } from "@octokit/rest";

const githubToken = "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";

export const client = new Octokit({ auth: githubToken });
