import type { RecordedResource } from "../../test/support/mockAzure/mocks";
import { redactSecrets } from "../../test/support/mockAzure/secrets";

export interface KubernetesManifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

const helmReleaseType = "kubernetes:helm.sh/v3:Release";

/** Kubernetes objects the program registers (typed and custom resources), as the manifests it would apply. */
export function kubernetesManifests(resources: RecordedResource[]): KubernetesManifest[] {
  return resources
    .filter((resource) => resource.type.startsWith("kubernetes:") && resource.type !== helmReleaseType)
    .map((resource) => redactSecrets(resource.inputs) as KubernetesManifest);
}

/** Helm releases are rendered by Helm at deploy time: the render shows chart, version and (redacted) values. */
export function helmReleases(resources: RecordedResource[]) {
  return resources
    .filter((resource) => resource.type === helmReleaseType)
    .map((resource) => redactSecrets(resource.inputs) as Record<string, unknown>);
}

export function manifestFileName(manifest: KubernetesManifest): string {
  const part = (text: string | undefined) => (text ?? "cluster").replace(/[^a-zA-Z0-9.-]/g, "-");
  return `${part(manifest.metadata?.namespace)}__${manifest.kind.toLowerCase()}__${part(manifest.metadata?.name)}.yaml`;
}
