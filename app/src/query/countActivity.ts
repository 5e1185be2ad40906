import type { InvocationContext } from "@azure/functions";
import { RestError } from "@azure/data-tables";
import { appSettingNames } from "../contract/settingNames";
import { processAppSettings } from "../appSettings";
import { ConfigurationError } from "../settings";
import { auditTableFromEnvironment, type AuditTable, type AuditTableProvider } from "./auditTable";
import { countDistinctIdentifications } from "./countDistinctIdentifications";
import { TooManyDistinctValuesError } from "./distinctValues";
import { CountSlotsBusyError, countLimitsFrom, type CountLimits } from "./queryLimits";
import { parseQueryRange } from "./queryRange";

/**
 * A permanent failure comes back as a value, not a throw: Durable retries every throw, and retrying a bad input or a
 * missing setting only delays the same answer.
 */
export type CountResult = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly error: string };

/** Table service answers that no retry can change: bad request, no access, no such table. */
const permanentStatusCodes = new Set([400, 401, 403, 404]);
/** Credentials rejected: permanent only when a fresh resolution of the connection gets the same answer. */
const credentialStatusCodes = new Set([401, 403]);

function statusCode(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

function permanentFailure(error: unknown): string | undefined {
  if (error instanceof ConfigurationError) return error.message;
  if (error instanceof TooManyDistinctValuesError) {
    return `${error.message} Narrow the range, or raise '${appSettingNames.queryMaxDistinctValues}' together with the memory limit.`;
  }
  const status = statusCode(error);
  if (status !== undefined && permanentStatusCodes.has(status)) {
    return `The table query was rejected (HTTP ${status}${(error as RestError).code ? `, ${(error as RestError).code}` : ""}).`;
  }
  return undefined;
}

let processLimits: CountLimits | undefined;

/** One set of limits per process, so the gate is shared by every count the worker runs. */
function processCountLimits(): CountLimits {
  return (processLimits ??= countLimitsFrom(processAppSettings().countLimits));
}

export async function runCountActivity(
  input: unknown,
  context: InvocationContext,
  auditTable: AuditTableProvider,
  countLimits?: CountLimits,
): Promise<CountResult> {
  const range = parseQueryRange(input);
  if (range === undefined) return { ok: false, error: "The query input must be {start, end} as yyyy-mm-dd days, start not after end." };
  let table: AuditTable | undefined;
  try {
    // Inside the try: a malformed limit is a ConfigurationError, reported like any other.
    const limits = countLimits ?? processCountLimits();
    table = await auditTable();
    const { client, concurrency, source } = table;
    const counting = limits.gate.tryRun(async () => {
      const started = Date.now();
      const counted = await countDistinctIdentifications(client, range, {
        concurrency,
        maxDistinctValues: limits.maxDistinctValues,
        checkMemory: limits.checkMemory,
      });
      context.log(
        `Counted ${counted} identification numbers from ${range.start} to ${range.end} in ${Date.now() - started} ms (${source}).`,
      );
      return counted;
    });
    if (counting === undefined) {
      throw new CountSlotsBusyError(
        `All ${limits.gate.size} count slots ('${appSettingNames.queryMaxConcurrentCounts}') of this worker are busy; the orchestration retries the count later.`,
      );
    }
    const count = await counting;
    return { ok: true, count };
  } catch (error) {
    const status = statusCode(error);
    if (table !== undefined && !table.freshlyResolved && status !== undefined && credentialStatusCodes.has(status)) {
      table.forget();
      context.warn(`The cached table connection was rejected (HTTP ${status}); the retry resolves it again.`);
      throw new Error(`The table rejected the cached connection (HTTP ${status}); resolving it again on retry.`, { cause: error });
    }
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
