import { appSettingDefaults, appSettingNames } from "./contract/settingNames";

export type Environment = Readonly<Record<string, string | undefined>>;

/** A setting is missing or malformed: permanent until someone fixes the configuration, so never retried. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

type SettingWithDefault = keyof typeof appSettingDefaults;

/** The trimmed value of a setting, or undefined when it is unset or blank. */
export function optionalSetting(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function settingOrDefault(env: Environment, name: SettingWithDefault): string {
  return optionalSetting(env, name) ?? appSettingDefaults[name];
}

export function integerSetting(env: Environment, name: SettingWithDefault, min: number, max: number): number {
  const raw = settingOrDefault(env, name);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigurationError(`The app setting '${name}' must be a whole number from ${min} to ${max}, got '${raw}'.`);
  }
  return value;
}

/** Table names: 3-63 letters and digits, starting with a letter (Azure Table service rule). */
const tableNamePattern = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

export interface QuerySettings {
  readonly tableName: string;
  readonly concurrency: number;
}

export function readQuerySettings(env: Environment): QuerySettings {
  const tableName = settingOrDefault(env, appSettingNames.auditTableName);
  if (!tableNamePattern.test(tableName)) {
    throw new ConfigurationError(
      `The app setting '${appSettingNames.auditTableName}' must be 3-63 letters and digits starting with a letter, got '${tableName}'.`,
    );
  }
  return { tableName, concurrency: integerSetting(env, appSettingNames.queryConcurrency, 1, 64) };
}
