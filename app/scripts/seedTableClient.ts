import type { TableClient } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import { tableClientFor } from "../src/connection/tableClient";
import { appSettingDefaults, appSettingNames } from "../src/contract/settingNames";
import type { Environment } from "../src/settings";

/**
 * The table the seed script fills: AuditTableConnectionString if set (a keyed string, or a keyless
 * `TableEndpoint=https://…` reached with the signed-in identity, since Azure's account has shared keys off), else Azurite.
 */
export function seedTableClient(env: Environment, tokenCredential: () => TokenCredential): TableClient {
  const value = env[appSettingNames.auditTableConnectionString] || "UseDevelopmentStorage=true";
  const tableName = env[appSettingNames.auditTableName] || appSettingDefaults[appSettingNames.auditTableName];
  return tableClientFor(value, tableName, {
    allowInsecureConnection: true,
    source: appSettingNames.auditTableConnectionString,
    tokenCredential,
  });
}
