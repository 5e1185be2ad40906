import { appSettingNames } from "../contract/settingNames";
import { ConfigurationError, optionalSetting, type Environment } from "../settings";
import type { TokenAuthority } from "./tokenValidator";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whose tokens the app accepts: both settings or neither. Neither leaves the routes that need a caller answering 503;
 * one without the other, or a value that is no GUID, stops the app at start-up.
 */
export function readTokenAuthority(env: Environment): TokenAuthority | undefined {
  const tenantId = optionalSetting(env, appSettingNames.authTenantId);
  const audience = optionalSetting(env, appSettingNames.authAudience);
  if (tenantId === undefined && audience === undefined) return undefined;
  const problems = [
    [appSettingNames.authTenantId, tenantId],
    [appSettingNames.authAudience, audience],
  ].flatMap(([name, value]) => (value !== undefined && guid.test(value) ? [] : [`'${name}' must be a GUID, got '${value ?? ""}'`]));
  if (problems.length > 0) {
    throw new ConfigurationError(
      `The app settings '${appSettingNames.authTenantId}' and '${appSettingNames.authAudience}' go together (the tenant and the API's client id): ${problems.join("; ")}.`,
    );
  }
  return { tenantId: tenantId!, audience: audience! };
}
