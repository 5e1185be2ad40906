// The release record: one GitHub deployment per release of a stack (task durable-aks:release, the stack's GitHub
// environment), its payload naming commit and digest, and a status saying whether it passed its smoke test.
// REST reference: docs.github.com/en/rest/deployments/deployments and docs.github.com/en/rest/deployments/statuses.
import type { DeploymentRecord, StatusRecord } from "./knownGood";
import { lastKnownGood } from "./knownGood";
import { releaseTask, shortCommit, type Release } from "./release";

export interface GitHubApi {
  get: (path: string) => Promise<unknown>;
  post: (path: string, body: unknown) => Promise<unknown>;
}

export interface GitHubApiOptions {
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl: string;
  /** GITHUB_REPOSITORY, `<owner>/<name>`. */
  repository: string;
  /** The job's GITHUB_TOKEN: `deployments: write` is all it needs here. */
  token: string;
  fetch?: typeof fetch;
}

export function githubApi({ apiUrl, repository, token, fetch: fetchImpl = fetch }: GitHubApiOptions): GitHubApi {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) throw new Error(`"${repository}" is not <owner>/<repository>`);
  const base = `${apiUrl.replace(/\/+$/, "")}/repos/${repository}`;
  const call = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`GitHub ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };
  return { get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

/** The newest 100 release records of an environment: a known-good release older than that is too old to go back to. */
export async function releaseRecords(api: GitHubApi, environment: string): Promise<DeploymentRecord[]> {
  const query = new URLSearchParams({ task: releaseTask, environment, per_page: "100" });
  return (await api.get(`/deployments?${query}`)) as DeploymentRecord[];
}

export async function findLastKnownGood(api: GitHubApi, environment: string, stack: string): Promise<Release | undefined> {
  const records = await releaseRecords(api, environment);
  return lastKnownGood(records, async (id) => (await api.get(`/deployments/${id}/statuses?per_page=100`)) as StatusRecord[], stack);
}

export type RecordState = "success" | "failure" | "error";

export interface RecordOptions {
  environment: string;
  state: RecordState;
  description: string;
  /** The workflow run, linked from the deployment. */
  logUrl?: string;
  /** The app's URL, linked from the environment. */
  environmentUrl?: string;
}

/**
 * Records a release: a deployment of its commit with the release as payload, then its status. `auto_merge` off and
 * no required contexts: the record must neither merge anything nor wait for commit statuses.
 */
export async function recordRelease(api: GitHubApi, release: Release, options: RecordOptions): Promise<number> {
  const deployment = (await api.post("/deployments", {
    ref: release.commit,
    task: releaseTask,
    environment: options.environment,
    auto_merge: false,
    required_contexts: [],
    payload: release,
    description: `${release.rollbackOf ? "rollback to" : "release"} ${shortCommit(release.commit)} ${release.digest.slice(0, 19)}`.slice(
      0,
      140,
    ),
  })) as { id?: unknown };
  if (typeof deployment?.id !== "number") throw new Error(`GitHub created no deployment for ${release.commit}`);
  await api.post(`/deployments/${deployment.id}/statuses`, {
    state: options.state,
    description: options.description.slice(0, 140),
    ...(options.logUrl ? { log_url: options.logUrl } : {}),
    ...(options.environmentUrl ? { environment_url: options.environmentUrl } : {}),
  });
  return deployment.id;
}
