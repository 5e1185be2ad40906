import { AppConfigurationClient, isRestError } from "@azure/app-configuration";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { appSettingNames } from "../contract/settingNames";
import { optionalSetting, type Environment } from "../settings";
import type { SecretStores } from "./resolveTableConnectionString";

function undefinedWhenNotFound(error: unknown): undefined {
  if (isRestError(error) && error.statusCode === 404) return undefined;
  throw error;
}

/**
 * App Configuration and Key Vault through one DefaultAzureCredential: workload identity on AKS (the webhook sets
 * AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE), managed identity on App Service.
 */
export function azureSecretStores(env: Environment): SecretStores {
  let credential: TokenCredential | undefined;
  const getCredential = () => {
    const clientId = optionalSetting(env, appSettingNames.azureClientId);
    return (credential ??= new DefaultAzureCredential(
      clientId ? { managedIdentityClientId: clientId, workloadIdentityClientId: clientId } : {},
    ));
  };
  return {
    tokenCredential: getCredential,
    readSetting: (endpoint, key, label) =>
      new AppConfigurationClient(endpoint, getCredential()).getConfigurationSetting({ key, label }).catch(undefinedWhenNotFound),
    readSecret: async (vaultUrl, name, version) => {
      const secret = await new SecretClient(vaultUrl, getCredential()).getSecret(name, { version }).catch(undefinedWhenNotFound);
      return secret?.value;
    },
  };
}
