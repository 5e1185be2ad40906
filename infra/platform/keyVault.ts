import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type { Settings } from "../config";
import { keyVaultNetworkAcls } from "../lib/networkRules";
import { protectedInProduction } from "../lib/protection";

/**
 * The Key Vault secret the audit query resolves through App Configuration (the name the app expects): `TableEndpoint=<url>`
 * without a key by default; the keyed connection string only with `storage.sharedKeyAccess`, when App Service's
 * AzureWebJobsStorage reference points at it too.
 */
export const connectionStringSecretName = "storage-account-connection-string";

export interface KeyVaultArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "environment" | "keyVault" | "location" | "names" | "network" | "tags">;
  resourceGroupName: pulumi.Input<string>;
  tenantId: pulumi.Input<string>;
  /** Stored as the secret `storage-account-connection-string`; wrapped as a Pulumi secret whatever the caller passed. */
  auditTableConnection: pulumi.Input<string>;
}

export class KeyVault extends pulumi.ComponentResource {
  public readonly vaultName: pulumi.Output<string>;
  public readonly vaultId: pulumi.Output<string>;
  public readonly vaultUri: pulumi.Output<string>;
  public readonly connectionStringSecretName: pulumi.Output<string>;
  /** Versionless, `https://<vault>.vault.azure.net/secrets/<name>`: readers always get the latest version. */
  public readonly connectionStringSecretUri: pulumi.Output<string>;

  constructor(name: string, args: KeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:keyvault:KeyVault", name, {}, opts);
    const { settings, resourceGroupName } = args;

    const vault = new keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: settings.names.keyVault,
        resourceGroupName,
        location: settings.location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: keyvault.SkuFamily.A, name: settings.keyVault.sku },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: settings.keyVault.softDeleteRetentionDays,
          // ARM rejects an explicit `false`: purge protection can only be switched on, so dev leaves it unset.
          enablePurgeProtection: settings.keyVault.purgeProtection ? true : undefined,
          networkAcls: keyVaultNetworkAcls(settings.network),
        },
        tags: settings.tags,
      },
      { parent: this, ...protectedInProduction(settings) },
    );

    // A control-plane PUT (Microsoft.KeyVault/vaults/secrets/write, in Contributor): no data-plane role needed (Azure/azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2018-02-14/secrets.json: "intended for internal use in ARM deployments").
    const connectionString = new keyvault.Secret(
      `${name}-storage-connection-string`,
      {
        vaultName: vault.name,
        resourceGroupName,
        secretName: connectionStringSecretName,
        properties: { value: pulumi.secret(args.auditTableConnection) },
      },
      // azure-native deletes a secret through the Key Vault data plane (pulumi-azure-native
      // provider/pkg/resources/customresources/custom_keyvault.go), which no deployer may reach; the vault's own deletion takes it.
      { parent: this, retainOnDelete: true },
    );

    this.vaultName = vault.name;
    this.vaultId = vault.id;
    this.vaultUri = vault.properties.vaultUri;
    this.connectionStringSecretName = connectionString.name;
    this.connectionStringSecretUri = pulumi.interpolate`${vault.properties.vaultUri.apply(withoutTrailingSlash)}/secrets/${connectionString.name}`;
    this.registerOutputs({
      vaultName: this.vaultName,
      vaultId: this.vaultId,
      vaultUri: this.vaultUri,
      connectionStringSecretName: this.connectionStringSecretName,
      connectionStringSecretUri: this.connectionStringSecretUri,
    });
  }
}

const withoutTrailingSlash = (uri: string) => uri.replace(/\/+$/, "");
