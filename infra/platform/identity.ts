import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { Settings } from "../config";
import { assignRole, type BuiltInRole } from "../lib/roles";

export interface AppIdentityArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "location" | "names" | "tags">;
  resourceGroupName: pulumi.Input<string>;
  keyVaultId: pulumi.Input<string>;
  appConfigurationStoreId: pulumi.Input<string>;
  /** The host's storage account (which also holds the audit table). */
  storageAccountId: pulumi.Input<string>;
  registryId: pulumi.Input<string>;
}

/**
 * The function app's user-assigned identity, with only what the app needs: read the audit table's connection secret,
 * read App Configuration, keep the host's and Durable's state in storage (which covers the audit query), pull the image
 * (App Service pulls with this identity).
 */
export class AppIdentity extends pulumi.ComponentResource {
  public readonly identityName: pulumi.Output<string>;
  /** The identity's resource id. */
  public readonly identityId: pulumi.Output<string>;
  public readonly clientId: pulumi.Output<string>;
  public readonly principalId: pulumi.Output<string>;
  /** The identity's role assignments: what runs as this identity waits for them (see waitForRolePropagation). */
  public readonly grants: pulumi.Resource[];

  constructor(name: string, args: AppIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:managedidentity:AppIdentity", name, {}, opts);
    const { settings } = args;

    const identity = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: `id-${settings.names.functionApp}`,
        resourceGroupName: args.resourceGroupName,
        location: settings.location,
        tags: settings.tags,
      },
      { parent: this },
    );

    const grants: Array<[string, BuiltInRole, pulumi.Input<string>]> = [
      ["key-vault-secrets-user", "keyVaultSecretsUser", args.keyVaultId],
      ["app-configuration-data-reader", "appConfigurationDataReader", args.appConfigurationStoreId],
      // The roles Durable documents for identity connections, account-wide; the host's blobs need Owner (docs/decisions.md).
      ["storage-blob-data-owner", "storageBlobDataOwner", args.storageAccountId],
      ["storage-queue-data-contributor", "storageQueueDataContributor", args.storageAccountId],
      ["storage-table-data-contributor", "storageTableDataContributor", args.storageAccountId],
      ["acr-pull", "acrPull", args.registryId],
    ];
    this.grants = grants.map(([part, role, scope]) =>
      assignRole(
        `${name}-${part}`,
        { role, scope, principalId: identity.principalId, principalType: "ServicePrincipal" },
        { parent: this },
      ),
    );

    this.identityName = identity.name;
    this.identityId = identity.id;
    this.clientId = identity.clientId;
    this.principalId = identity.principalId;
    this.registerOutputs({
      identityName: this.identityName,
      identityId: this.identityId,
      clientId: this.clientId,
      principalId: this.principalId,
    });
  }
}
