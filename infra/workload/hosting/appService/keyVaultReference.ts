import * as pulumi from "@pulumi/pulumi";

/** App Service resolves this with the site's keyVaultReferenceIdentity; the value itself never becomes an app setting. */
export const keyVaultReference = (secretUri: pulumi.Input<string>) => pulumi.interpolate`@Microsoft.KeyVault(SecretUri=${secretUri})`;
