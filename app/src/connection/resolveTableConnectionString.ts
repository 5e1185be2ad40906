import { isSecretReference, parseSecretReference, type ConfigurationSetting } from "@azure/app-configuration";
import type { TokenCredential } from "@azure/identity";
import { parseKeyVaultSecretIdentifier } from "@azure/keyvault-secrets";
import { appSettingNames } from "../contract/settingNames";
import { ConfigurationError, optionalSetting, settingOrDefault, type Environment } from "../settings";

/** Reads from App Configuration and Key Vault; the app's default uses the Azure SDK, tests pass fakes. */
export interface SecretStores {
  /** The app's identity, also for the table when the resolved value carries no key or SAS. */
  tokenCredential(): TokenCredential;
  /** The setting, or undefined when App Configuration has no setting with that key and label. */
  readSetting(endpoint: string, key: string, label: string): Promise<ConfigurationSetting | undefined>;
  /** The secret's value, or undefined when the vault has no such secret. */
  readSecret(vaultUrl: string, name: string, version: string | undefined): Promise<string | undefined>;
}

export interface ResolvedConnection {
  readonly connectionString: string;
  /** The explicit local setting (may point at Azurite over http) or App Configuration (https only). */
  readonly origin: "localSetting" | "appConfiguration";
  /** Where it came from, for log lines and error messages: never the value itself. */
  readonly source: string;
}

/** The App Configuration endpoint: required unless the local setting is set, and https only. */
export function appConfigEndpoint(env: Environment): string {
  const endpoint = optionalSetting(env, appSettingNames.appConfigEndpoint);
  if (endpoint === undefined) {
    throw new ConfigurationError(
      `The app setting '${appSettingNames.appConfigEndpoint}' is missing or empty: it is required unless '${appSettingNames.auditTableConnectionString}' is set.`,
    );
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(`The app setting '${appSettingNames.appConfigEndpoint}' is not a URL: '${endpoint}'.`);
  }
  if (url.protocol !== "https:") {
    throw new ConfigurationError(`The app setting '${appSettingNames.appConfigEndpoint}' must be an https URL, got '${endpoint}'.`);
  }
  return endpoint;
}

async function followSecretReference(
  setting: ConfigurationSetting & { value: string },
  describe: string,
  stores: SecretStores,
): Promise<string> {
  let secretId: string;
  let vault: ReturnType<typeof parseKeyVaultSecretIdentifier>;
  try {
    secretId = parseSecretReference(setting).value.secretId;
    vault = parseKeyVaultSecretIdentifier(secretId);
  } catch (error) {
    throw new ConfigurationError(`${describe} is a Key Vault reference that cannot be parsed: ${(error as Error).message}`);
  }
  const secret = await stores.readSecret(vault.vaultUrl, vault.name, vault.version);
  if (!secret?.trim()) throw new ConfigurationError(`${describe} refers to the Key Vault secret '${secretId}', which is missing or empty.`);
  return secret.trim();
}

/**
 * The original service's lookup: the explicit local setting when present (Azurite), otherwise the App Configuration setting
 * (key and label from settings), following its Key Vault reference. A plain App Configuration value is used as is.
 */
export async function resolveTableConnectionString(env: Environment, stores: SecretStores): Promise<ResolvedConnection> {
  const local = optionalSetting(env, appSettingNames.auditTableConnectionString);
  if (local !== undefined)
    return { connectionString: local, origin: "localSetting", source: `app setting '${appSettingNames.auditTableConnectionString}'` };

  const endpoint = appConfigEndpoint(env);
  const key = settingOrDefault(env, appSettingNames.appConfigConnectionKey);
  const label = settingOrDefault(env, appSettingNames.appConfigConnectionLabel);
  const describe =
    `App Configuration setting '${key}' (label '${label}', from '${appSettingNames.appConfigConnectionKey}'/` +
    `'${appSettingNames.appConfigConnectionLabel}') at ${endpoint}`;

  const setting = await stores.readSetting(endpoint, key, label);
  if (setting?.value === undefined || setting.value.trim() === "") throw new ConfigurationError(`${describe} is missing or empty.`);
  const connectionString = isSecretReference(setting) ? await followSecretReference(setting, describe, stores) : setting.value.trim();
  return { connectionString, origin: "appConfiguration", source: describe };
}
