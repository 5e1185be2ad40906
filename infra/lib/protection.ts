import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import type { Settings } from "../config";

/**
 * Stateful data (task hub, audit table, secrets, key-values, images) of a production stack: the engine refuses to
 * delete or replace a protected resource, so a plan that would is stopped before it starts.
 */
export function protectedInProduction(settings: Pick<Settings, "environment">): { protect: boolean } {
  return { protect: settings.environment === "prod" };
}

/**
 * In production, an Azure CanNotDelete lock on the resource: it also stops the portal, the CLI and a `pulumi destroy`,
 * and covers child resources (the audit table under the storage account). It also blocks deleting the role assignments
 * and diagnostic settings under the resource (MicrosoftDocs/azure-docs articles/azure-resource-manager/management/lock-resources.md:
 * "A cannot-delete lock on a resource or resource group prevents the deletion of Azure RBAC assignments"; diagnostic
 * settings are extension resources and inherit it), so a replaced identity or cluster fails with ScopeLocked: lock only
 * what would lose data nobody can recreate, and rely on `protect` for the rest. Unlocking: docs/operations.md, "Production locks".
 */
export function lockAgainstDeletion(
  name: string,
  settings: Pick<Settings, "environment">,
  scope: pulumi.Input<string>,
  parent: pulumi.Resource,
): void {
  if (!protectedInProduction(settings).protect) return;
  new authorization.ManagementLockByScope(
    name,
    {
      scope,
      lockName: "stateful-do-not-delete",
      level: authorization.LockLevel.CanNotDelete,
      notes: "Production data managed by Pulumi: remove this lock only to delete the resource on purpose.",
    },
    { parent },
  );
}
