import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { Settings } from "./config";
import { assignRole, type BuiltInRole } from "./roles";

export interface AppIdentityArgs {
  settings: Settings;
  resourceGroupName: pulumi.Input<string>;
  keyVaultId: pulumi.Input<string>;
  appConfigurationStoreId: pulumi.Input<string>;
  /** The audit table's id: the table-level scope keeps the app from reading any other table. */
  auditTableId: pulumi.Input<string>;
  registryId: pulumi.Input<string>;
}

/**
 * The function app's user-assigned identity, with only what the app needs: read the connection-string secret, read
 * App Configuration, read the audit table, pull the image (App Service pulls with this identity).
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
      ["audit-table-data-reader", "storageTableDataReader", args.auditTableId],
      ["acr-pull", "acrPull", args.registryId],
    ];
    this.grants = grants.map(([part, role, scope]) =>
      assignRole(`${name}-${part}`, { role, scope, principalId: identity.principalId, principalType: "ServicePrincipal" }, { parent: this }),
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
