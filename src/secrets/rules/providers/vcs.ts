import type { ProviderPattern } from "../types";
import { ALNUM, B64, B64URL, HEX, START, githubChecksumOk, hasDigitAndLetter, keyed, prefixed, twoCharacterClasses } from "./shape";

const GITHUB_DOCS =
  "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats";
const GITLAB_DOCS = "https://docs.gitlab.com/security/tokens/#token-prefixes";

/** GitHub's 40-character tokens: 4-character prefix, 30 random base62 characters, 6-character CRC-32 checksum. */
function github(id: string, name: string, prefix: string): ProviderPattern {
  return {
    id,
    name,
    docsUrl: GITHUB_DOCS,
    anchors: [prefix],
    pattern: prefixed([prefix], ALNUM, 36),
    verify: githubChecksumOk,
    severity: "error",
  };
}

/**
 * GitLab tokens: a documented prefix, then 20 or more URL-safe characters;
 * tokens made since GitLab 17 may end in `.<2 characters>.<routing part>`.
 */
function gitlab(id: string, name: string, prefix: string, severity: "error" | "warning" = "error"): ProviderPattern {
  return {
    id,
    name,
    docsUrl: GITLAB_DOCS,
    anchors: [prefix],
    pattern: new RegExp(
      `${START}${prefix.replace(/[-.]/g, "\\$&")}[${B64URL}]{20,64}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,12})?(?![${B64URL}.])`,
      "g",
    ),
    verify: hasDigitAndLetter,
    severity,
  };
}

/** Source control, package registries, CI and artifact stores. */
export const patterns: readonly ProviderPattern[] = [
  github("GITHUB_PAT", "GitHub personal access token (classic)", "ghp_"),
  github("GITHUB_OAUTH_TOKEN", "GitHub OAuth access token", "gho_"),
  github("GITHUB_USER_TO_SERVER_TOKEN", "GitHub App user access token", "ghu_"),
  github("GITHUB_INSTALLATION_TOKEN", "GitHub App installation access token", "ghs_"),
  github("GITHUB_REFRESH_TOKEN", "GitHub App refresh token", "ghr_"),
  {
    id: "GITHUB_FINE_GRAINED_PAT",
    name: "GitHub fine-grained personal access token",
    docsUrl: GITHUB_DOCS,
    anchors: ["github_pat_"],
    pattern: new RegExp(`${START}github_pat_[${ALNUM}]{22}_[${ALNUM}]{59}(?![${ALNUM}_])`, "g"),
    severity: "error",
  },
  gitlab("GITLAB_PAT", "GitLab personal, project or group access token", "glpat-"),
  gitlab("GITLAB_OAUTH_APP_SECRET", "GitLab OAuth application secret", "gloas-"),
  gitlab("GITLAB_DEPLOY_TOKEN", "GitLab deploy token", "gldt-"),
  gitlab("GITLAB_RUNNER_TOKEN", "GitLab runner authentication token", "glrt-"),
  gitlab("GITLAB_RUNNER_ROUTABLE_TOKEN", "GitLab runner authentication token (routable)", "glrtr-"),
  gitlab("GITLAB_CI_JOB_TOKEN", "GitLab CI/CD job token", "glcbt-"),
  gitlab("GITLAB_PIPELINE_TRIGGER_TOKEN", "GitLab pipeline trigger token", "glptt-"),
  gitlab("GITLAB_FEED_TOKEN", "GitLab feed token", "glft-", "warning"),
  gitlab("GITLAB_INCOMING_MAIL_TOKEN", "GitLab incoming email token", "glimt-", "warning"),
  gitlab("GITLAB_AGENT_TOKEN", "GitLab agent for Kubernetes token", "glagent-"),
  gitlab("GITLAB_SCIM_TOKEN", "GitLab SCIM OAuth access token", "glsoat-"),
  gitlab("GITLAB_FEATURE_FLAGS_TOKEN", "GitLab feature flags client token", "glffct-", "warning"),
  gitlab("GITLAB_WORKSPACE_TOKEN", "GitLab workspace token", "glwt-"),
  gitlab("GITLAB_OAUTH_ACCESS_TOKEN", "GitLab OAuth access token", "gloat-"),
  {
    id: "GITLAB_RUNNER_REGISTRATION_TOKEN",
    name: "GitLab runner registration token (legacy)",
    docsUrl: GITLAB_DOCS,
    anchors: ["GR1348941"],
    pattern: prefixed(["GR1348941"], B64URL, 20, 40),
    verify: hasDigitAndLetter,
    severity: "error",
  },
  {
    id: "BITBUCKET_APP_PASSWORD",
    name: "Bitbucket app password",
    docsUrl: "https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/",
    anchors: ["ATBB"],
    pattern: prefixed(["ATBB"], ALNUM, 28, 40),
    verify: hasDigitAndLetter,
    severity: "error",
  },
  {
    id: "BITBUCKET_ACCESS_TOKEN",
    name: "Bitbucket repository or workspace access token",
    docsUrl: "https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/",
    anchors: ["ATCTT3xFfGN0"],
    pattern: prefixed(["ATCTT3xFfGN0"], "A-Za-z0-9_=\\-", 100, 300),
    severity: "error",
  },
  {
    id: "ATLASSIAN_API_TOKEN",
    name: "Atlassian (Jira, Confluence) API token",
    docsUrl: "https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/",
    anchors: ["ATATT3"],
    pattern: prefixed(["ATATT3"], "A-Za-z0-9_=\\-", 100, 300),
    severity: "error",
  },
  {
    id: "NPM_TOKEN",
    name: "npm access token",
    docsUrl: "https://docs.npmjs.com/about-access-tokens",
    anchors: ["npm_"],
    pattern: prefixed(["npm_"], ALNUM, 36),
    verify: hasDigitAndLetter,
    severity: "error",
  },
  {
    id: "PYPI_TOKEN",
    name: "PyPI API token",
    docsUrl: "https://pypi.org/help/#apitoken",
    anchors: ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"],
    pattern: new RegExp(`${START}pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[${B64URL}]{50,250}(?![${B64URL}])`, "g"),
    severity: "error",
  },
  {
    id: "RUBYGEMS_KEY",
    name: "RubyGems API key",
    docsUrl: "https://guides.rubygems.org/api-key-scopes/",
    anchors: ["rubygems_"],
    pattern: prefixed(["rubygems_"], HEX, 48),
    severity: "error",
  },
  {
    id: "NUGET_KEY",
    name: "NuGet API key",
    docsUrl: "https://learn.microsoft.com/en-us/nuget/nuget-org/publish-a-package#create-an-api-key",
    anchors: ["oy2"],
    pattern: prefixed(["oy2"], "a-z0-9", 43),
    verify: hasDigitAndLetter,
    severity: "error",
  },
  {
    id: "DOCKER_HUB_PAT",
    name: "Docker Hub personal access token",
    docsUrl: "https://docs.docker.com/security/for-developers/access-tokens/",
    anchors: ["dckr_pat_"],
    pattern: prefixed(["dckr_pat_"], B64URL, 27, 40),
    severity: "error",
  },
  {
    id: "DOCKER_HUB_ORG_TOKEN",
    name: "Docker Hub organization access token",
    docsUrl: "https://docs.docker.com/security/for-admins/access-tokens/",
    anchors: ["dckr_oat_"],
    pattern: prefixed(["dckr_oat_"], B64URL, 27, 40),
    severity: "error",
  },
  {
    // ~/.docker/config.json: "auths": { "registry": { "auth": base64("user:password") } }.
    id: "DOCKER_CONFIG_AUTH",
    name: "Docker registry credential (config.json auth)",
    docsUrl: "https://docs.docker.com/reference/cli/docker/login/#credential-stores",
    anchors: ['"auth"'],
    pattern: new RegExp(`"auth"\\s{0,4}:\\s{0,4}"(?<secret>[${B64}]{8,400}={0,2})"`, "g"),
    verify: (secret) => {
      const decoded = Buffer.from(secret, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded);
    },
    severity: "error",
  },
  {
    id: "JFROG_API_KEY",
    name: "JFrog Artifactory API key",
    docsUrl: "https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key",
    anchors: ["AKCp"],
    pattern: prefixed(["AKCp"], ALNUM, 69),
    severity: "error",
  },
  {
    // Reference tokens start with the base64 of "reftkn:01:".
    id: "JFROG_REFERENCE_TOKEN",
    name: "JFrog access token (reference)",
    docsUrl: "https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens",
    anchors: ["cmVmdGtuOjAxOj"],
    pattern: prefixed(["cmVmdGtuOjAxOj"], ALNUM, 40, 80),
    severity: "error",
  },
  {
    id: "CIRCLECI_PERSONAL_TOKEN",
    name: "CircleCI personal API token",
    docsUrl: "https://circleci.com/docs/managing-api-tokens/",
    anchors: ["CCIPAT_"],
    pattern: new RegExp(`${START}CCIPAT_[${ALNUM}]{20,24}_[${HEX}]{40}(?![${ALNUM}])`, "g"),
    severity: "error",
  },
  {
    id: "CIRCLECI_PROJECT_TOKEN",
    name: "CircleCI project API token",
    docsUrl: "https://circleci.com/docs/managing-api-tokens/",
    anchors: ["CCIPRJ_"],
    pattern: new RegExp(`${START}CCIPRJ_[${ALNUM}]{20,24}_[${HEX}]{40}(?![${ALNUM}])`, "g"),
    severity: "error",
  },
  {
    id: "BUILDKITE_TOKEN",
    name: "Buildkite API access token",
    docsUrl: "https://buildkite.com/docs/apis/managing-api-tokens",
    anchors: ["bkua_"],
    pattern: prefixed(["bkua_"], HEX, 40),
    severity: "error",
  },
  {
    id: "SONARQUBE_TOKEN",
    name: "SonarQube token",
    docsUrl: "https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/",
    anchors: ["sqp_", "squ_", "sqa_"],
    pattern: prefixed(["sqp_", "squ_", "sqa_"], HEX, 40),
    severity: "error",
  },
  {
    id: "POSTMAN_KEY",
    name: "Postman API key",
    docsUrl: "https://learning.postman.com/docs/developer/postman-api/authentication/",
    anchors: ["PMAK-"],
    pattern: new RegExp(`${START}PMAK-[${HEX}]{24}-[${HEX}]{34}(?![${ALNUM}])`, "g"),
    severity: "error",
  },
  {
    id: "HARNESS_PAT",
    name: "Harness personal access token",
    docsUrl: "https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys/",
    anchors: ["pat."],
    pattern: new RegExp(`${START}pat\\.[${B64URL}]{22}\\.[${HEX}]{24}\\.[${ALNUM}]{20}(?![${ALNUM}])`, "g"),
    severity: "error",
  },
  {
    id: "SNYK_TOKEN",
    name: "Snyk API token",
    docsUrl: "https://docs.snyk.io/snyk-api/authentication-for-api",
    anchors: [],
    ...keyed(["snyk_token", "snyk_api", "snyk_auth"], `[${HEX}]{8}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{12}`, ALNUM + "\\-"),
    severity: "error",
  },
  {
    id: "CODECOV_TOKEN",
    name: "Codecov upload token",
    docsUrl: "https://docs.codecov.com/docs/adding-the-codecov-token",
    anchors: [],
    ...keyed(["codecov_token", "codecov_upload"], `[${HEX}]{8}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{12}`, ALNUM + "\\-"),
    severity: "warning",
  },
  {
    id: "TRAVIS_TOKEN",
    name: "Travis CI API token",
    docsUrl: "https://docs.travis-ci.com/user/triggering-builds/",
    anchors: [],
    ...keyed(["travis"], `[${ALNUM}]{22}`, ALNUM),
    verify: twoCharacterClasses,
    severity: "error",
  },
];
