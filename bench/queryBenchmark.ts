// (a) The seed's single range query against our partition fan-out, on Azurite, same data, same answer.
import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import { setTimeout as sleep } from "node:timers/promises";
import { expectedDistinctCount, generateAuditEntities } from "../app/scripts/auditSeedData";
import { loadAuditTable } from "../app/scripts/loadAuditTable";
import { collectIdentifications, countDistinctIdentifications } from "../app/src/query/countDistinctIdentifications";
import { DistinctValues } from "../app/src/query/distinctValues";
import { seedRangeFilter } from "../app/src/query/partitionSegments";
import { appSettingDefaults, appSettingNames } from "../app/src/settingNames";
import { startAzuriteTable } from "../test/support/azurite";
import { formatMs, median } from "./measure";

const dataSet = { firstDay: "2024-01-01", days: 31, entities: 50_000, distinctIdentifications: 20_000 };
const range = { start: "2024-01-01", end: "2024-01-31" };
const repetitions = 5;
const concurrency = Number(appSettingDefaults[appSettingNames.queryConcurrency]);
/** Azure is not on loopback: a per-request delay stands in for the round trip and the service's own time. */
const simulatedLatenciesMs = [0, 20, 50];

function withLatency(milliseconds: number): TableServiceClientOptions {
  if (milliseconds === 0) return { allowInsecureConnection: true };
  return {
    allowInsecureConnection: true,
    additionalPolicies: [{ position: "perCall", policy: { name: "simulatedLatency", sendRequest: async (request, next) => (await sleep(milliseconds), next(request)) } }],
  };
}

export async function benchmarkQuery(): Promise<string[]> {
  const azurite = await startAzuriteTable();
  try {
    const rows = generateAuditEntities(dataSet);
    const loader = TableClient.fromConnectionString(azurite.connectionString, "audit", { allowInsecureConnection: true });
    await loadAuditTable(loader, rows);
    const expected = expectedDistinctCount(rows, range.start, range.end);
    const lines = [
      `(a) query: ${rows.length} entities in ${dataSet.days} day partitions, range ${range.start}..${range.end}, expected ${expected}; median of ${repetitions} (ratio = single / fan-out)`,
    ];
    for (const latency of simulatedLatenciesMs) {
      const table = TableClient.fromConnectionString(azurite.connectionString, "audit", withLatency(latency));
      const variants = {
        single: async () => {
          const seen = new DistinctValues();
          await collectIdentifications(table, seedRangeFilter(range), seen);
          return seen.size;
        },
        fanOut: () => countDistinctIdentifications(table, range, { concurrency }),
      };
      const durations = { single: [] as number[], fanOut: [] as number[] };
      // One untimed warm-up each, then alternate, so neither side profits from the other's JIT or cache.
      for (let run = 0; run <= repetitions; run++) {
        for (const name of ["single", "fanOut"] as const) {
          const started = performance.now();
          const count = await variants[name]();
          if (count !== expected) throw new Error(`${name} counted ${count}, expected ${expected}`);
          if (run > 0) durations[name].push(performance.now() - started);
        }
      }
      const single = median(durations.single);
      const fanOut = median(durations.fanOut);
      const label = latency === 0 ? "Azurite on loopback" : `Azurite + ${latency} ms per request`;
      lines.push(
        `    ${label.padEnd(30)} seed single query ${formatMs(single).padStart(8)} | fan-out x${concurrency} ${formatMs(fanOut).padStart(8)}` +
          ` | ratio ${(single / fanOut).toFixed(1)}, both ${expected}`,
      );
    }
    return lines;
  } finally {
    await azurite.stop();
  }
}
