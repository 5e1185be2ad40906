import { parseDigestRef } from "../../infra/workload/image/imageRef";

/**
 * A release of a stack: the program (a commit) and the image (a digest) that ran together. Rolling back means
 * deploying both again: an image alone would keep the infrastructure and settings of the commit that failed.
 */
export interface Release {
  /** `<organization>/<project>/<stack>`. */
  stack: string;
  /** The full commit SHA of the program. */
  commit: string;
  /** `<registry>/<repository>@sha256:...` as the stack's imageRef output named it. */
  imageRef: string;
  digest: string;
  /** Set on the record of a rollback: the commit whose release failed and was rolled back. */
  rollbackOf?: string;
}

/** The task of this project's release records among a repository's GitHub deployments. */
export const releaseTask = "durable-aks:release";

const commitPattern = /^[0-9a-f]{40}$/;
const stackPattern = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** A release from what a workflow knows; throws naming the value that is not a commit, a stack or a digest reference. */
export function releaseOf(stack: string, commit: string, imageRef: string, rollbackOf?: string): Release {
  if (!stackPattern.test(stack)) throw new Error(`"${stack}" is not a stack name <organization>/<project>/<stack>`);
  if (!commitPattern.test(commit)) throw new Error(`"${commit}" is not a full commit SHA`);
  if (rollbackOf !== undefined && !commitPattern.test(rollbackOf)) throw new Error(`"${rollbackOf}" is not a full commit SHA`);
  const { digest } = parseDigestRef(imageRef);
  return { stack, commit, imageRef, digest, ...(rollbackOf === undefined ? {} : { rollbackOf }) };
}

/** The release a record's payload names, or undefined when it names none of this stack (or anything malformed). */
export function releaseFromPayload(payload: unknown, stack: string): Release | undefined {
  let value = payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (fields.stack !== stack || typeof fields.commit !== "string" || typeof fields.imageRef !== "string") return undefined;
  try {
    const release = releaseOf(stack, fields.commit, fields.imageRef, typeof fields.rollbackOf === "string" ? fields.rollbackOf : undefined);
    return fields.digest === release.digest ? release : undefined;
  } catch {
    return undefined;
  }
}

export const shortCommit = (commit: string) => commit.slice(0, 12);
