import { releaseFromPayload, type Release } from "./release";

/** A GitHub deployment as the REST API lists it (the fields read here). */
export interface DeploymentRecord {
  id: number;
  sha: string;
  task: string;
  environment: string;
  payload: unknown;
  created_at: string;
}

/** A deployment status as the REST API lists it (the fields read here). */
export interface StatusRecord {
  id: number;
  state: string;
  created_at: string;
  description?: string;
}

/**
 * A record names a known-good release when its latest status, `inactive` ones aside, is `success`. GitHub marks
 * earlier successful deployments of an environment `inactive` when a newer one succeeds (docs.github.com/en/rest/deployments/deployments,
 * "Inactive deployments"): that says nothing against them. Any later `failure` or `error` (set by a person, say) does.
 */
export function isKnownGood(statuses: StatusRecord[]): boolean {
  const latest = statuses.filter((status) => status.state !== "inactive").sort((a, b) => b.id - a.id)[0];
  return latest?.state === "success";
}

/**
 * The newest release of `stack` whose record is known good: records are walked newest first (by id, whatever order
 * the API answered in) and the statuses of each read only when needed. The payload must name this stack and carry a
 * consistent commit and digest; the record's commit must be the payload's.
 */
export async function lastKnownGood(
  records: DeploymentRecord[],
  statusesOf: (id: number) => Promise<StatusRecord[]>,
  stack: string,
): Promise<Release | undefined> {
  for (const record of [...records].sort((a, b) => b.id - a.id)) {
    const release = releaseFromPayload(record.payload, stack);
    if (release === undefined || release.commit !== record.sha) continue;
    if (isKnownGood(await statusesOf(record.id))) return release;
  }
  return undefined;
}
