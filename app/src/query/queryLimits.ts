import { appSettingBounds, appSettingNames } from "../settingNames";
import { integerSetting, type Environment } from "../settings";

/** Longest range the submit route accepts, in days with both ends included. */
export function maxRangeDays(env: Environment): number {
  const { min, max } = appSettingBounds[appSettingNames.queryMaxRangeDays];
  return integerSetting(env, appSettingNames.queryMaxRangeDays, min, max);
}
