import type { InvocationContext } from "@azure/functions";
import { RestError } from "@azure/data-tables";
import { ConfigurationError } from "../settings";
import { auditTableFromEnvironment, type AuditTableProvider } from "./auditTable";
import { countDistinctIdentifications } from "./countDistinctIdentifications";
import { parseQueryRange } from "./queryRange";

/**
 * A permanent failure comes back as a value, not a throw: Durable retries every throw, and retrying a bad input or a
 * missing setting only delays the same answer.
 */
export type CountResult = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly error: string };

/** Table service answers that no retry can change: bad request, no access, no such table. */
const permanentStatusCodes = new Set([400, 401, 403, 404]);

function permanentFailure(error: unknown): string | undefined {
  if (error instanceof ConfigurationError) return error.message;
  if (error instanceof RestError && error.statusCode !== undefined && permanentStatusCodes.has(error.statusCode)) {
    return `The table query was rejected (HTTP ${error.statusCode}${error.code ? `, ${error.code}` : ""}).`;
  }
  return undefined;
}

export async function runCountActivity(input: unknown, context: InvocationContext, auditTable: AuditTableProvider): Promise<CountResult> {
  const range = parseQueryRange(input);
  if (range === undefined) return { ok: false, error: "The query input must be {start, end} as yyyy-mm-dd days, start not after end." };
  try {
    const table = await auditTable();
    const started = Date.now();
    const count = await countDistinctIdentifications(table.client, range, { concurrency: table.concurrency });
    context.log(`Counted ${count} identification numbers from ${range.start} to ${range.end} in ${Date.now() - started} ms (${table.source}).`);
    return { ok: true, count };
  } catch (error) {
    const permanent = permanentFailure(error);
    if (permanent === undefined) throw error;
    context.error(`Permanent failure counting ${range.start}..${range.end}: ${permanent}`);
    return { ok: false, error: permanent };
  }
}

/** The registered activity: the count over the table the app settings point at. */
export function countCertifiedIdentifications(input: unknown, context: InvocationContext): Promise<CountResult> {
  return runCountActivity(input, context, auditTableFromEnvironment);
}
