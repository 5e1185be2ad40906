import type { KubernetesManifest } from "./kubernetesManifests";

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** The kubernetes-models module that holds the schema of an apiVersion (core: `v1`; KEDA: its own package). */
function schemaModule(apiVersion: string): string {
  if (!apiVersion.includes("/")) return `kubernetes-models/${apiVersion}`;
  if (apiVersion.startsWith("keda.sh/")) return `@kubernetes-models/keda/${apiVersion}`;
  if (apiVersion.startsWith("gateway.networking.k8s.io/")) return `@kubernetes-models/gateway-api/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

async function modelFor(manifest: KubernetesManifest): Promise<ModelClass | undefined> {
  try {
    const module = (await import(schemaModule(manifest.apiVersion))) as Record<string, unknown>;
    return module[manifest.kind] as ModelClass | undefined;
  } catch {
    return undefined;
  }
}

export interface ManifestProblem {
  manifest: string;
  problem: string;
}

/** Validates each manifest against the real Kubernetes (or KEDA, or Gateway API) OpenAPI schema; a kind without a schema is a problem too. */
export async function validateManifests(manifests: KubernetesManifest[]): Promise<ManifestProblem[]> {
  const problems: ManifestProblem[] = [];
  for (const manifest of manifests) {
    const label = `${manifest.apiVersion} ${manifest.kind} ${manifest.metadata?.namespace ?? ""}/${manifest.metadata?.name ?? "(no name)"}`;
    const Model = await modelFor(manifest);
    if (!Model) {
      problems.push({ manifest: label, problem: `no schema known for ${manifest.apiVersion} ${manifest.kind}` });
      continue;
    }
    try {
      new Model(manifest).validate();
    } catch (error) {
      problems.push({ manifest: label, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return problems;
}
