import * as pulumi from "@pulumi/pulumi";
import { appServiceSettingValues, appSettingNames } from "../../../../app/src/contract";
import type { AppSettings } from "../../appSettings";
import { keyVaultReference } from "./keyVaultReference";

/** App Service sets these itself from the site; a value from us would be ignored or wrong. */
const platformOwnedSettings: string[] = [appSettingNames.websiteHostname];

export interface NameValue {
  name: string;
  value: pulumi.Input<string>;
}

/**
 * The same settings map as App Service app settings: plain values as they are, secrets as Key Vault references, then
 * the platform's own settings. `overrides` replace values by name (a slot's task hub and host id) and `extra` adds
 * settings the map does not hold (the sign-in's).
 */
export function appServiceSettings(appSettings: AppSettings, overrides: Record<string, string> = {}, extra: NameValue[] = []): NameValue[] {
  const plain = Object.entries(appSettings.plain)
    .filter(([name]) => !platformOwnedSettings.includes(name))
    .map(([name, value]) => ({ name, value: overrides[name] ?? value }));
  const secrets = Object.entries(appSettings.secret).map(([name, setting]) => ({
    name,
    value: keyVaultReference(setting.keyVaultSecretUri),
  }));
  const platform = Object.entries(appServiceSettingValues).map(([name, value]) => ({ name, value }));
  return [...plain, ...secrets, ...platform, ...extra];
}
