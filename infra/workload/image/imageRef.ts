/** `<registry>/<repository>@sha256:<64 hex>`: the only form a stack deploys. */
export const digestRefPattern = /^([a-z0-9.-]+(?::\d+)?)\/([a-z0-9._/-]+)@(sha256:[a-f0-9]{64})$/;

export interface DigestRef {
  registry: string;
  repository: string;
  digest: string;
}

export function parseDigestRef(ref: string): DigestRef {
  const match = digestRefPattern.exec(ref);
  if (!match) {
    throw new Error(
      `image reference "${ref}" is not pinned by digest: a stack deploys only <registry>/<repository>@sha256:<digest>, never a tag`,
    );
  }
  return { registry: match[1]!, repository: match[2]!, digest: match[3]! };
}

export const formatDigestRef = (ref: DigestRef) => `${ref.registry}/${ref.repository}@${ref.digest}`;
