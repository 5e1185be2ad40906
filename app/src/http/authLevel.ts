import { appSettingNames, httpAuthLevels, type HttpAuthLevel } from "../contract/settingNames";
import { ConfigurationError, settingOrDefault, type Environment } from "../settings";

export type { HttpAuthLevel };

const isHttpAuthLevel = (value: string): value is HttpAuthLevel => (httpAuthLevels as readonly string[]).includes(value);

/**
 * Function keys unless the deployment says `anonymous` explicitly: the image run anywhere else (a plain `docker run`,
 * another host) is never open by accident.
 */
export function readHttpAuthLevel(env: Environment): HttpAuthLevel {
  const value = settingOrDefault(env, appSettingNames.httpAuthLevel);
  if (!isHttpAuthLevel(value)) {
    throw new ConfigurationError(
      `The app setting '${appSettingNames.httpAuthLevel}' must be ${httpAuthLevels.map((level) => `'${level}'`).join(" or ")}, got '${value}'.`,
    );
  }
  return value;
}
