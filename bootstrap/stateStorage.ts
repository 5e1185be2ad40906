import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import type { BootstrapSettings } from "./config";

export interface StateStorageArgs {
  settings: BootstrapSettings;
  resourceGroupName: pulumi.Input<string>;
  /** Globally unique: the configured name, or one carrying the subscription's suffix (program.ts). */
  accountName: pulumi.Input<string>;
}

/** The self-managed Pulumi backend: a locked-down account (Entra ID only, no shared keys) and one private container. */
export class StateStorage extends pulumi.ComponentResource {
  public readonly accountName: pulumi.Output<string>;
  public readonly containerName: pulumi.Output<string>;
  /** The container's resource id: the scope of the identities' blob roles. */
  public readonly containerId: pulumi.Output<string>;
  /** What `pulumi login` takes. */
  public readonly backendUrl: pulumi.Output<string>;

  constructor(name: string, args: StateStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:storage:StateStorage", name, {}, opts);
    const { settings, resourceGroupName } = args;

    const account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: args.accountName,
        resourceGroupName,
        location: settings.location,
        kind: storage.Kind.StorageV2,
        sku: { name: settings.state.storageSku },
        minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Pulumi's azblob backend signs in with Entra ID (az login / OIDC): no one needs an account key.
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        tags: settings.tags,
      },
      { parent: this, protect: true },
    );

    const days = settings.state.softDeleteDays;
    const blobService = new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName: account.name,
        resourceGroupName,
        blobServicesName: "default",
        // Every state write keeps the previous version: a bad update or a deleted stack can be restored.
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days },
        containerDeleteRetentionPolicy: { enabled: true, days },
      },
      { parent: this },
    );

    const container = new storage.BlobContainer(
      `${name}-container`,
      {
        accountName: account.name,
        resourceGroupName,
        containerName: settings.names.stateContainer,
        publicAccess: storage.PublicAccess.None,
      },
      { parent: this, dependsOn: [blobService], protect: true },
    );

    this.accountName = account.name;
    this.containerName = container.name;
    this.containerId = container.id;
    this.backendUrl = pulumi.interpolate`azblob://${container.name}?storage_account=${account.name}`;
    this.registerOutputs({
      accountName: this.accountName,
      containerName: this.containerName,
      containerId: this.containerId,
      backendUrl: this.backendUrl,
    });
  }
}
