// (a) The seed's single range query against our partition fan-out, on Azurite, same data, same answer.
import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import { setTimeout as sleep } from "node:timers/promises";
import { expectedDistinctCount, generateAuditEntities } from "../app/scripts/auditSeedData";
import { loadAuditTable } from "../app/scripts/loadAuditTable";
import { collectIdentifications, countDistinctIdentifications } from "../app/src/query/countDistinctIdentifications";
import { seedRangeFilter } from "../app/src/query/partitionSegments";
import { appSettingDefaults, appSettingNames } from "../app/src/settingNames";
import { startAzuriteTable } from "../test/support/azurite";
import { formatMs, timed } from "./measure";

const dataSet = { firstDay: "2024-01-01", days: 31, entities: 50_000, distinctIdentifications: 20_000 };
const range = { start: "2024-01-01", end: "2024-01-31" };
const repetitions = 3;
const concurrency = Number(appSettingDefaults[appSettingNames.queryConcurrency]);
/** Azure is not on loopback: a per-request delay stands in for the round trip and the service's own time. */
const simulatedLatenciesMs = [0, 20];

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
      `(a) query: ${rows.length} entities in ${dataSet.days} day partitions, range ${range.start}..${range.end}, expected ${expected}; median of ${repetitions}`,
    ];
    for (const latency of simulatedLatenciesMs) {
      const table = TableClient.fromConnectionString(azurite.connectionString, "audit", withLatency(latency));
      const single = await timed(repetitions, async () => {
        const seen = new Set<unknown>();
        await collectIdentifications(table, seedRangeFilter(range), seen);
        return seen.size;
      });
      const fanOut = await timed(repetitions, () => countDistinctIdentifications(table, range, { concurrency }));
      if (single.result !== expected || fanOut.result !== expected) {
        throw new Error(`Results differ: expected ${expected}, single ${single.result}, fan-out ${fanOut.result}`);
      }
      const label = latency === 0 ? "Azurite on loopback" : `Azurite + ${latency} ms per request`;
      lines.push(
        `    ${label.padEnd(30)} seed single query ${formatMs(single.milliseconds).padStart(8)} | fan-out x${concurrency} ${formatMs(fanOut.milliseconds).padStart(8)}` +
          ` | ${(single.milliseconds / fanOut.milliseconds).toFixed(1)}x faster, both ${expected}`,
      );
    }
    return lines;
  } finally {
    await azurite.stop();
  }
}
