import * as pulumi from "@pulumi/pulumi";
import { appSettingNames, hostSettingNames, hostSettingValues } from "../app/src/settingNames";
import type { Settings } from "./config";

/** A secret app setting: its value (a Pulumi secret) and the Key Vault secret that holds the same value. */
export interface SecretSetting {
  value: pulumi.Output<string>;
  keyVaultSecretUri: pulumi.Input<string>;
}

/**
 * The ONE map of the Function app's settings. The AKS variant delivers `plain` as a ConfigMap and `secret` as a
 * Secret; the App Service variant delivers `plain` as app settings and `secret` as Key Vault references.
 */
export interface AppSettings {
  plain: Record<string, pulumi.Input<string>>;
  secret: Record<string, SecretSetting>;
}

export interface AppSettingsArgs {
  settings: Settings;
  appConfigurationEndpoint: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  storageConnectionString: pulumi.Output<string>;
  storageConnectionStringSecretUri: pulumi.Input<string>;
}

export function buildAppSettings(args: AppSettingsArgs): AppSettings {
  const { settings } = args;
  return {
    plain: {
      ...hostSettingValues,
      [hostSettingNames.taskHubName]: settings.durable.taskHubName,
      [hostSettingNames.hostId]: settings.durable.hostId,
      [hostSettingNames.maxConcurrentActivityFunctions]: String(settings.durable.maxConcurrentActivityFunctions),
      [hostSettingNames.maxConcurrentOrchestratorFunctions]: String(settings.durable.maxConcurrentOrchestratorFunctions),
      [appSettingNames.websiteHostname]: settings.hostname,
      [appSettingNames.appConfigEndpoint]: args.appConfigurationEndpoint,
      [appSettingNames.appConfigConnectionKey]: settings.appConfiguration.connectionStringKey,
      [appSettingNames.appConfigConnectionLabel]: settings.appConfiguration.label,
      [appSettingNames.auditTableName]: settings.storage.auditTableName,
      [appSettingNames.queryMaxRangeDays]: String(settings.query.maxRangeDays),
      [appSettingNames.historyRetentionDays]: String(settings.durable.historyRetentionDays),
      [appSettingNames.azureClientId]: args.identityClientId,
    },
    secret: {
      [hostSettingNames.webJobsStorage]: {
        value: pulumi.secret(args.storageConnectionString),
        keyVaultSecretUri: args.storageConnectionStringSecretUri,
      },
    },
  };
}
