import { TableClient } from "@azure/data-tables";
import { azureSecretStores } from "../connection/azureSecretStores";
import { resolveTableConnectionString, type SecretStores } from "../connection/resolveTableConnectionString";
import { ConfigurationError, readQuerySettings, type Environment } from "../settings";

export interface AuditTable {
  readonly client: TableClient;
  readonly concurrency: number;
  /** Where the connection string came from (never the string itself). */
  readonly source: string;
}

export type AuditTableProvider = () => Promise<AuditTable>;

async function openAuditTable(env: Environment, stores: SecretStores): Promise<AuditTable> {
  const { tableName, concurrency } = readQuerySettings(env);
  const connection = await resolveTableConnectionString(env, stores);
  let client: TableClient;
  try {
    // Plain http is only acceptable for the explicit local setting (Azurite); App Configuration values stay on https.
    client = TableClient.fromConnectionString(connection.connectionString, tableName, {
      allowInsecureConnection: connection.origin === "localSetting",
    });
  } catch (error) {
    throw new ConfigurationError(`The connection string from ${connection.source} is malformed: ${(error as Error).message}`);
  }
  return { client, concurrency, source: connection.source };
}

/**
 * Resolves the table once per process and hands every caller the same client. A failed resolution is forgotten,
 * so the next activity attempt (a Durable retry) tries again instead of failing forever.
 */
export function cachedAuditTable(env: Environment, stores: SecretStores): AuditTableProvider {
  let pending: Promise<AuditTable> | undefined;
  return () => {
    pending ??= openAuditTable(env, stores).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The process-wide provider the registered activity uses. */
export const auditTableFromEnvironment: AuditTableProvider = cachedAuditTable(process.env, azureSecretStores(process.env));
