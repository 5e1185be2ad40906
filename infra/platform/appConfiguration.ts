import * as pulumi from "@pulumi/pulumi";
import * as appconfiguration from "@pulumi/azure-native/appconfiguration";
import type { Settings } from "../config";
import { protectedInProduction } from "../lib/protection";

export const keyVaultReferenceContentType = "application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8";

export interface AppConfigurationArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "appConfiguration" | "environment" | "location" | "names" | "tags">;
  resourceGroupName: pulumi.Input<string>;
  /** The versionless Key Vault secret URI the app resolves the audit table's connection string from. */
  connectionStringSecretUri: pulumi.Input<string>;
}

export class AppConfiguration extends pulumi.ComponentResource {
  public readonly storeName: pulumi.Output<string>;
  public readonly storeId: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;

  constructor(name: string, args: AppConfigurationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:appconfiguration:AppConfiguration", name, {}, opts);
    const { settings, resourceGroupName } = args;

    const store = new appconfiguration.ConfigurationStore(
      `${name}-store`,
      {
        configStoreName: settings.names.appConfiguration,
        resourceGroupName,
        location: settings.location,
        sku: { name: settings.appConfiguration.sku },
        disableLocalAuth: true,
        // No IP firewall in azure-native 3.28 (public access off needs a private endpoint: docs/security.md#network-option).
        // With access keys off, ARM writes key-values as the caller: bootstrap/ grants it App Configuration Data Owner (docs/decisions.md).
        dataPlaneProxy: {
          authenticationMode: appconfiguration.AuthenticationMode.Pass_through,
          privateLinkDelegation: appconfiguration.PrivateLinkDelegation.Disabled,
        },
        tags: settings.tags,
      },
      { parent: this, ...protectedInProduction(settings) },
    );

    const { connectionStringKey, label } = settings.appConfiguration;
    new appconfiguration.KeyValue(
      `${name}-connection-string-reference`,
      {
        configStoreName: store.name,
        resourceGroupName,
        keyValueName: `${connectionStringKey}$${label}`,
        contentType: keyVaultReferenceContentType,
        value: pulumi.output(args.connectionStringSecretUri).apply((uri) => JSON.stringify({ uri })),
      },
      { parent: this },
    );

    this.storeName = store.name;
    this.storeId = store.id;
    this.endpoint = store.endpoint;
    this.registerOutputs({ storeName: this.storeName, storeId: this.storeId, endpoint: this.endpoint });
  }
}
