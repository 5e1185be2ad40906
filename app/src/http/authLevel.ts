import { appSettingNames } from "../contract/settingNames";
import { optionalSetting, type Environment } from "../settings";

export type HttpAuthLevel = "function" | "anonymous";

/**
 * Seed 000: function keys only where App Service serves them (it sets WEBSITE_SITE_NAME); a container runs anonymous
 * and the ingress in front of it authenticates.
 */
export function authLevelFor(env: Environment): HttpAuthLevel {
  return optionalSetting(env, appSettingNames.websiteSiteName) === undefined ? "anonymous" : "function";
}
