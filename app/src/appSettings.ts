import { readTokenAuthority } from "./auth/authSettings";
import type { TokenAuthority } from "./auth/tokenValidator";
import { appSettingBounds, appSettingNames } from "./contract/settingNames";
import { readHttpAuthLevel, type HttpAuthLevel } from "./http/authLevel";
import { checkPublicHost } from "./http/statusUri";
import { ConfigurationError, integerSetting, readQuerySettings, type Environment, type QuerySettings } from "./settings";

/** What bounds the memory of counts in one process (see query/queryLimits.ts). */
export interface CountLimitSettings {
  readonly maxConcurrentCounts: number;
  readonly maxDistinctValues: number;
  readonly maxHeapPercent: number;
}

/** Every app setting the app reads, checked against its rule. */
export interface AppSettings {
  /** The auth level of every route except the health probe. */
  readonly httpAuthLevel: HttpAuthLevel;
  /** Longest range the submit route accepts, in days with both ends included. */
  readonly maxRangeDays: number;
  readonly query: QuerySettings;
  readonly countLimits: CountLimitSettings;
  /** Finished orchestrations created longer ago than this are purged. */
  readonly historyRetentionDays: number;
  /** Whose access tokens the app accepts; undefined: the routes that need a caller answer 503. */
  readonly tokenAuthority: TokenAuthority | undefined;
}

function boundedSetting(env: Environment, name: keyof typeof appSettingBounds): number {
  const { min, max } = appSettingBounds[name];
  return integerSetting(env, name, min, max);
}

export function readCountLimitSettings(env: Environment): CountLimitSettings {
  return {
    maxConcurrentCounts: integerSetting(env, appSettingNames.queryMaxConcurrentCounts, 1, 64),
    maxDistinctValues: integerSetting(env, appSettingNames.queryMaxDistinctValues, 1, 100_000_000),
    maxHeapPercent: integerSetting(env, appSettingNames.queryMaxHeapPercent, 10, 95),
  };
}

/**
 * Reads and validates every app setting with a fixed rule. (The table connection is resolved, and its settings checked,
 * when the first count needs it: src/connection.) A ConfigurationError names each malformed one with its value and rule, all of
 * them at once, so one restart fixes them all.
 */
export function readAppSettings(env: Environment): AppSettings {
  const problems: string[] = [];
  const read = <T>(reader: (env: Environment) => T): T => {
    try {
      return reader(env);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error.message);
      return undefined as T;
    }
  };
  const settings: AppSettings = {
    httpAuthLevel: read(readHttpAuthLevel),
    maxRangeDays: read((env) => boundedSetting(env, appSettingNames.queryMaxRangeDays)),
    query: read(readQuerySettings),
    countLimits: read(readCountLimitSettings),
    historyRetentionDays: read((env) => boundedSetting(env, appSettingNames.historyRetentionDays)),
    tokenAuthority: read(readTokenAuthority),
  };
  // Status URLs read it per request (src/http/statusUri.ts); a malformed one is refused here, not skipped there.
  read(checkPublicHost);
  if (problems.length === 1) throw new ConfigurationError(problems[0]);
  if (problems.length > 1) throw new ConfigurationError(`${problems.length} app settings are malformed:\n- ${problems.join("\n- ")}`);
  return settings;
}

let processSettings: AppSettings | undefined;

/** The settings this process started with, read once (the entry module reads them first, so a bad value stops the app). */
export function processAppSettings(): AppSettings {
  return (processSettings ??= readAppSettings(process.env));
}
