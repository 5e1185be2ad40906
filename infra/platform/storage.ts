import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import type { Settings } from "../config";
import { storageNetworkRules } from "../lib/networkRules";
import { lockAgainstDeletion, protectedInProduction } from "../lib/protection";

export interface StorageArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "environment" | "location" | "names" | "network" | "storage" | "tags">;
  resourceGroupName: pulumi.Input<string>;
}

/** The storage account of the Functions host and of the app's `audit` table. */
export class Storage extends pulumi.ComponentResource {
  public readonly accountName: pulumi.Output<string>;
  public readonly accountId: pulumi.Output<string>;
  /** The account's keyed connection string, a Pulumi secret; only when `storage.sharedKeyAccess` is on (the fallback). */
  public readonly keyedConnectionString?: pulumi.Output<string>;
  /**
   * What the audit query resolves through App Configuration → Key Vault: `TableEndpoint=<url>` (no key: the app
   * authenticates with its identity), or the keyed connection string when shared keys are on. A Pulumi secret.
   */
  public readonly auditTableConnection: pulumi.Output<string>;
  public readonly auditTableName: pulumi.Output<string>;
  /** The id of the audit table, a valid role assignment scope. */
  public readonly auditTableId: pulumi.Output<string>;
  public readonly tableEndpoint: pulumi.Output<string>;

  constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:storage:Storage", name, {}, opts);
    const { settings, resourceGroupName } = args;

    const account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: settings.names.storageAccount,
        resourceGroupName,
        location: settings.location,
        kind: storage.Kind.StorageV2,
        sku: { name: settings.storage.sku },
        minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowCrossTenantReplication: false,
        allowSharedKeyAccess: settings.storage.sharedKeyAccess,
        // The portal then reads data with the signed-in user's Entra ID roles, never with a key.
        defaultToOAuthAuthentication: true,
        networkRuleSet: storageNetworkRules(settings.network),
        tags: settings.tags,
      },
      { parent: this, ...protectedInProduction(settings) },
    );
    // The task hub's history and the audit table: no other copy.
    lockAgainstDeletion(`${name}-account-lock`, settings, account.id, this);

    const softDelete = { enabled: true, days: settings.storage.blobSoftDeleteDays };
    new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName: account.name,
        resourceGroupName,
        blobServicesName: "default",
        deleteRetentionPolicy: softDelete,
        containerDeleteRetentionPolicy: softDelete,
      },
      { parent: this },
    );

    const auditTable = new storage.Table(
      `${name}-audit-table`,
      { accountName: account.name, resourceGroupName, tableName: settings.storage.auditTableName },
      { parent: this, ...protectedInProduction(settings) },
    );

    // Listing keys needs a write-level role and fails once shared keys are off: it happens only on the fallback.
    if (settings.storage.sharedKeyAccess) {
      const keys = storage.listStorageAccountKeysOutput({ accountName: account.name, resourceGroupName }, { parent: this });
      this.keyedConnectionString = pulumi.secret(
        pulumi
          .all([account.name, keys.keys])
          .apply(([accountName, accountKeys]) => connectionStringFor(accountName, accountKeys[0]!.value)),
      );
    }
    this.auditTableConnection = pulumi.secret(
      this.keyedConnectionString ?? pulumi.interpolate`TableEndpoint=${account.primaryEndpoints.table}`,
    );
    this.accountName = account.name;
    this.accountId = account.id;
    this.auditTableName = auditTable.name;
    this.auditTableId = auditTable.id;
    this.tableEndpoint = account.primaryEndpoints.table;
    this.registerOutputs({
      accountName: this.accountName,
      accountId: this.accountId,
      auditTableName: this.auditTableName,
      tableEndpoint: this.tableEndpoint,
    });
  }
}

function connectionStringFor(accountName: string, accountKey: string): string {
  return `DefaultEndpointsProtocol=https;AccountName=${accountName};AccountKey=${accountKey};EndpointSuffix=core.windows.net`;
}
