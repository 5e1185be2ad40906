import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type { BootstrapSettings } from "./config";

export interface SecretsVaultArgs {
  settings: BootstrapSettings;
  resourceGroupName: pulumi.Input<string>;
  /** Globally unique: the configured name, or one carrying the subscription's suffix (program.ts). */
  vaultName: pulumi.Input<string>;
  tenantId: pulumi.Input<string>;
}

/**
 * The stacks' secrets provider: one RSA key per stack (`azurekeyvault://<vault>.vault.azure.net/keys/<key>`), and one
 * for the bootstrap's own state once it moves into the state container.
 */
export class SecretsVault extends pulumi.ComponentResource {
  public readonly vaultName: pulumi.Output<string>;
  /** Key resource ids by stack name: the scope of each identity's Key Vault Crypto User. */
  public readonly keyIds: Record<string, pulumi.Output<string>>;
  /** The `--secrets-provider` value by stack name. */
  public readonly secretsProviders: Record<string, pulumi.Output<string>>;
  /** The bootstrap stack's own key: only operators may use it. */
  public readonly bootstrapKeyId: pulumi.Output<string>;
  public readonly bootstrapSecretsProvider: pulumi.Output<string>;

  constructor(name: string, args: SecretsVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:keyvault:SecretsVault", name, {}, opts);
    const { settings, resourceGroupName } = args;

    const vault = new keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: args.vaultName,
        resourceGroupName,
        location: settings.location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Standard },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          // Losing a key makes every stack secret it encrypted unreadable: a deleted vault or key must stay recoverable.
          enablePurgeProtection: true,
        },
        tags: settings.tags,
      },
      { parent: this, protect: true },
    );

    // Pulumi wraps the stack's data key with it (encrypt/decrypt only).
    const key = (resourceName: string, keyName: string) =>
      new keyvault.Key(
        resourceName,
        {
          keyName,
          vaultName: vault.name,
          resourceGroupName,
          properties: {
            kty: keyvault.JsonWebKeyType.RSA,
            keySize: 3072,
            keyOps: [keyvault.JsonWebKeyOperation.Encrypt, keyvault.JsonWebKeyOperation.Decrypt],
          },
          tags: settings.tags,
        },
        { parent: this, protect: true },
      );
    const provider = (created: keyvault.Key) => pulumi.interpolate`azurekeyvault://${vault.name}.vault.azure.net/keys/${created.name}`;

    this.keyIds = {};
    this.secretsProviders = {};
    for (const stack of settings.stacks) {
      const created = key(`${name}-key-${stack.name}`, stack.keyName);
      this.keyIds[stack.name] = created.id;
      this.secretsProviders[stack.name] = provider(created);
    }
    const bootstrapKey = key(`${name}-bootstrap-key`, `${settings.project}-${settings.stack}`);
    this.bootstrapKeyId = bootstrapKey.id;
    this.bootstrapSecretsProvider = provider(bootstrapKey);

    this.vaultName = vault.name;
    this.registerOutputs({
      vaultName: this.vaultName,
      keyIds: this.keyIds,
      secretsProviders: this.secretsProviders,
      bootstrapSecretsProvider: this.bootstrapSecretsProvider,
    });
  }
}
