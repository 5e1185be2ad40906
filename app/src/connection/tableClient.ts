import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import { ConfigurationError } from "../settings";
import { requestTimeoutPolicy, tableRequestTimeoutMs } from "./requestTimeout";
import { tableAccessFor } from "./tableAccess";

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
