import { z } from "zod";

/** `<registry>/<repository>@sha256:<64 hex>`: the only form a stack deploys. */
export const digestRefPattern = /^([a-z0-9.-]+(?::\d+)?)\/([a-z0-9._\/-]+)@(sha256:[a-f0-9]{64})$/;

export interface DigestRef {
  registry: string;
  repository: string;
  digest: string;
}

export function parseDigestRef(ref: string): DigestRef {
  const match = digestRefPattern.exec(ref);
  if (!match) {
    throw new Error(`image reference "${ref}" is not pinned by digest: a stack deploys only <registry>/<repository>@sha256:<digest>, never a tag`);
  }
  return { registry: match[1]!, repository: match[2]!, digest: match[3]! };
}

export const formatDigestRef = (ref: DigestRef) => `${ref.registry}/${ref.repository}@${ref.digest}`;

const buildMetadataSchema = z.object({
  buildNumber: z.string().regex(/^[\w.-]{1,128}$/, "BUILD_NUMBER must be 1-128 letters, digits, '.', '_' or '-'"),
  sourceVersion: z.string().regex(/^[\w.-]{1,64}$/, "SOURCE_VERSION must be 1-64 letters, digits, '.', '_' or '-'"),
});

/** Build number and source version recorded in the image (seed 000): from CI variables, or "local". */
export function buildMetadata(env: NodeJS.ProcessEnv = process.env) {
  return buildMetadataSchema.parse({
    buildNumber: env.BUILD_NUMBER ?? (env.GITHUB_RUN_NUMBER ? `${env.GITHUB_RUN_NUMBER}.${env.GITHUB_RUN_ATTEMPT ?? "1"}` : "local"),
    sourceVersion: env.SOURCE_VERSION ?? env.GITHUB_SHA ?? "local",
  });
}
