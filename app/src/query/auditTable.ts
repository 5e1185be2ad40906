import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import { azureSecretStores } from "../connection/azureSecretStores";
import { resolveTableConnectionString, type ResolvedConnection, type SecretStores } from "../connection/resolveTableConnectionString";
import { requestTimeoutPolicy, tableRequestTimeoutMs } from "../connection/requestTimeout";
import { tableAccessFor } from "../connection/tableAccess";
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

export interface TableClientOptions {
  /** Plain http: only for an explicit local value (Azurite). */
  allowInsecureConnection: boolean;
  /** Where the value came from, for error messages (never the value itself). */
  source: string;
  /** The identity used when the value carries no key or SAS. */
  tokenCredential: () => TokenCredential;
  /** Bound on each HTTP attempt, response included (default tableRequestTimeoutMs). */
  requestTimeoutMs?: number;
  /** Base delay of the SDK's exponential retry (default: @azure/core-rest-pipeline's 1 s). */
  retryDelayMs?: number;
}

/** A table client for a resolved connection value: its key or SAS when it has one, else the identity. */
export function tableClientFor(value: string, tableName: string, options: TableClientOptions): TableClient {
  const clientOptions: TableServiceClientOptions = {
    allowInsecureConnection: options.allowInsecureConnection,
    additionalPolicies: [{ policy: requestTimeoutPolicy(options.requestTimeoutMs ?? tableRequestTimeoutMs), position: "perRetry" }],
    ...(options.retryDelayMs === undefined ? {} : { retryOptions: { retryDelayInMs: options.retryDelayMs } }),
  };
  const access = tableAccessFor(value);
  if (access === undefined)
    throw new ConfigurationError(
      `The connection string from ${options.source} is malformed: it names no table service (no TableEndpoint, AccountName or URL).`,
    );
  if (access.kind === "sharedKeyOrSas") return TableClient.fromConnectionString(access.connectionString, tableName, clientOptions);
  if (access.kind === "sasUrl") return new TableClient(access.url, tableName, clientOptions);
  if (!options.allowInsecureConnection && !access.endpoint.toLowerCase().startsWith("https://")) {
    throw new ConfigurationError(`The table endpoint from ${options.source} must be an https URL.`);
  }
  // With a TokenCredential the client asks for https://storage.azure.com/.default (@azure/data-tables dist/commonjs/utils/constants.js STORAGE_SCOPE).
  return new TableClient(access.endpoint, tableName, options.tokenCredential(), clientOptions);
}

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
