// FAKE token for the Agent Security Hooks demo: it is well-formed, not valid.
const GITHUB_TOKEN = "ghp_FakeDemoTokenNotRealAgentSecurityHoo";

export async function listRepos(org: string): Promise<unknown> {
  const res = await fetch(`https://api.github.com/orgs/${org}/repos`, {
    headers: { Authorization: `Bearer ${GITHUB_TOKEN}` },
  });
  return res.json();
}
