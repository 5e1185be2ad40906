import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";

/** A platform resource whose logs go to the workspace: its id and the log categories worth keeping. */
export interface DiagnosedResource {
  part: string;
  resourceId: pulumi.Input<string>;
  categories: string[];
  /** "Dedicated": resource-specific tables (AKSAudit, ...) instead of AzureDiagnostics, where the resource offers them. */
  destinationType?: "Dedicated";
}

export interface PlatformResourceIds {
  keyVaultId: pulumi.Input<string>;
  storageAccountId: pulumi.Input<string>;
  appConfigurationStoreId: pulumi.Input<string>;
  registryId: pulumi.Input<string>;
}

const storageCategories = ["StorageRead", "StorageWrite", "StorageDelete"];

/** Storage logs are per service: the setting targets `<account>/<service>/default`, never the account itself. */
export function platformDiagnosedResources(ids: PlatformResourceIds): DiagnosedResource[] {
  const service = (name: string) => pulumi.interpolate`${ids.storageAccountId}/${name}/default`;
  return [
    { part: "key-vault", resourceId: ids.keyVaultId, categories: ["AuditEvent"] },
    { part: "storage-blob", resourceId: service("blobServices"), categories: storageCategories },
    { part: "storage-queue", resourceId: service("queueServices"), categories: storageCategories },
    { part: "storage-table", resourceId: service("tableServices"), categories: storageCategories },
    { part: "app-configuration", resourceId: ids.appConfigurationStoreId, categories: ["HttpRequest", "Audit"] },
    { part: "registry", resourceId: ids.registryId, categories: ["ContainerRegistryRepositoryEvents", "ContainerRegistryLoginEvents"] },
  ];
}

/** The control-plane logs that matter: who changed what (audit, without the get/list noise) and the API server. */
export const clusterDiagnosedCategories = ["kube-audit-admin", "kube-apiserver"];

export function createDiagnosticSetting(
  name: string,
  resource: DiagnosedResource,
  workspaceId: pulumi.Input<string>,
  parent: pulumi.Resource,
) {
  return new monitor.DiagnosticSetting(
    `${name}-${resource.part}`,
    {
      name: "to-log-analytics",
      resourceUri: resource.resourceId,
      workspaceId,
      logAnalyticsDestinationType: resource.destinationType,
      logs: resource.categories.map((category) => ({ category, enabled: true })),
    },
    { parent },
  );
}
