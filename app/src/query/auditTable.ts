import type { TableClient } from "@azure/data-tables";
import { azureSecretStores } from "../connection/azureSecretStores";
import { resolveTableConnectionString, type ResolvedConnection, type SecretStores } from "../connection/resolveTableConnectionString";
import { tableClientFor } from "../connection/tableClient";
import { ConfigurationError, readQuerySettings, type Environment } from "../settings";

export interface AuditTable {
  readonly client: TableClient;
  readonly concurrency: number;
  /** Where the connection string came from (never the string itself). */
  readonly source: string;
  /** True when this call resolved the connection, false when it reused the cached one. */
  readonly freshlyResolved: boolean;
  /** Drops this table from the cache (credentials rejected), so the next call resolves the connection again. */
  forget(): void;
}

export type AuditTableProvider = () => Promise<AuditTable>;

type OpenedTable = Omit<AuditTable, "freshlyResolved" | "forget">;

// Plain http is only acceptable for the explicit local setting (Azurite); App Configuration values stay on https.
const tableClient = (connection: ResolvedConnection, tableName: string, stores: SecretStores) =>
  tableClientFor(connection.connectionString, tableName, {
    allowInsecureConnection: connection.origin === "localSetting",
    source: connection.source,
    tokenCredential: stores.tokenCredential,
  });

async function openAuditTable(env: Environment, stores: SecretStores): Promise<OpenedTable> {
  const { tableName, concurrency } = readQuerySettings(env);
  const connection = await resolveTableConnectionString(env, stores);
  try {
    return { client: tableClient(connection, tableName, stores), concurrency, source: connection.source };
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`The connection string from ${connection.source} is malformed: ${(error as Error).message}`);
  }
}

/**
 * Resolves the table once per process and hands every caller the same client. A failed resolution is forgotten,
 * so the next activity attempt (a Durable retry) tries again instead of failing forever; so is a table whose
 * credentials the service rejected (`forget`), after a key rotation or a role change.
 */
export function cachedAuditTable(env: Environment, stores: SecretStores): AuditTableProvider {
  let pending: Promise<OpenedTable> | undefined;
  return async () => {
    const freshlyResolved = pending === undefined;
    const current = (pending ??= openAuditTable(env, stores).catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
    const table = await current;
    return {
      ...table,
      freshlyResolved,
      forget: () => {
        if (pending === current) pending = undefined;
      },
    };
  };
}

/** The process-wide provider the registered activity uses. */
export const auditTableFromEnvironment: AuditTableProvider = cachedAuditTable(process.env, azureSecretStores(process.env));
