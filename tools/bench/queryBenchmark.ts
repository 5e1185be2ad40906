// (a) The original API's single range query against our partition fan-out, same data, same answer: on one Azurite process,
// on several (one per run of partitions, as Azure's partition servers), and on the recorded-response cost model.
// (a') How the fan-out's time grows when the range doubles at equal entities per day.
import type { TableServiceClientOptions } from "@azure/data-tables";
import { setTimeout as sleep } from "node:timers/promises";
import { expectedDistinctCount, generateAuditEntities, type AuditEntity } from "../../app/scripts/auditSeedData";
import { addDays } from "../../app/src/query/calendarDay";
import { countDistinctIdentifications } from "../../app/src/query/countDistinctIdentifications";
import { DistinctValues } from "../../app/src/query/distinctValues";
import { singleRangeFilter } from "../../app/src/query/partitionSegments";
import type { QueryRange } from "../../app/src/query/queryRange";
import { appSettingDefaults, appSettingNames } from "../../app/src/contract";
import { formatMs, median } from "./measure";
import { recordResponses, replayResponses, type PipelinePolicy, type ResponseRecording } from "./recordedResponses";
import { startShardedAzurite, type ShardedTable } from "./shardedAzurite";

const tableName = "audit";
const dataSet = { firstDay: "2024-01-01", days: 31, entities: 50_000, distinctIdentifications: 20_000 };
const range = { start: "2024-01-01", end: "2024-01-31" };
/** Days of partitions for the growth run: equal entities per day, ranges of 8, 16, ... days over the same table. */
const growth = { firstDay: "2024-01-01", days: 128, entitiesPerDay: 400, rangeDays: [8, 16, 32, 64, 128] };
const repetitions = 5;
const concurrency = Number(appSettingDefaults[appSettingNames.queryConcurrency]);
const previousConcurrency = 8;
const partitionServers = 8;
/** Azure is not on loopback: a per-request delay stands in for the round trip and the service's own time. */
const simulatedLatenciesMs = [0, 20, 50];

const delay = (milliseconds: number): PipelinePolicy => ({
  name: "simulatedLatency",
  sendRequest: async (request, next) => (await sleep(milliseconds), next(request)),
});

/** perRetry policies sit after the SDK's deserialisation (core-client's Deserialize phase comes before Retry), so a replayed body is parsed as a live one is. */
function options(...policies: PipelinePolicy[]): TableServiceClientOptions {
  return { allowInsecureConnection: true, additionalPolicies: policies.map((policy) => ({ position: "perRetry" as const, policy })) };
}

type Variant = () => Promise<number>;

function variants(table: ShardedTable, clientOptions: TableServiceClientOptions, queryRange: QueryRange, fanOutConcurrency: number) {
  const { perShard, routed } = table.clients(clientOptions);
  return {
    single: async () => {
      const seen = new DistinctValues();
      await table.singleQuery(perShard, singleRangeFilter(queryRange), seen);
      return seen.size;
    },
    fanOut: () => countDistinctIdentifications(routed, queryRange, { concurrency: fanOutConcurrency }),
  } satisfies Record<string, Variant>;
}

/** Median time of each variant: one untimed warm-up each, then alternating, so neither profits from the other's JIT or cache. */
async function timeVariants<Name extends string>(
  named: Record<Name, Variant>,
  expected: number,
  runs = repetitions,
): Promise<Record<Name, number>> {
  const names = Object.keys(named) as Name[];
  const durations = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let run = 0; run <= runs; run++) {
    for (const name of names) {
      const started = performance.now();
      const count = await named[name]();
      if (count !== expected) throw new Error(`${name} counted ${count}, expected ${expected}`);
      if (run > 0) durations[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(durations[name])])) as Record<Name, number>;
}

const row = (label: string, single: number, fanOut: number, expected: number, fanOutLabel = `fan-out x${concurrency}`) =>
  `    ${label.padEnd(44)} single range query ${formatMs(single).padStart(8)} | ${fanOutLabel} ${formatMs(fanOut).padStart(8)} | ratio ${(single / fanOut).toFixed(1)}, both ${expected}`;

async function liveAndModelled(rows: AuditEntity[], expected: number): Promise<string[]> {
  const lines: string[] = [];
  const one = await startShardedAzurite(1, rows, tableName);
  try {
    const times = await timeVariants(
      {
        ...variants(one, options(delay(50)), range, concurrency),
        before: variants(one, options(delay(50)), range, previousConcurrency).fanOut,
      },
      expected,
    );
    lines.push(row("1 Azurite process + 50 ms per request", times.single, times.fanOut, expected));
    lines.push(row("  the same with the previous concurrency", times.single, times.before, expected, `fan-out x${previousConcurrency} `));
  } finally {
    await one.stop();
  }

  const servers = await startShardedAzurite(partitionServers, rows, tableName);
  try {
    for (const latency of simulatedLatenciesMs) {
      const times = await timeVariants(
        {
          ...variants(servers, options(delay(latency)), range, concurrency),
          before: variants(servers, options(delay(latency)), range, previousConcurrency).fanOut,
        },
        expected,
      );
      lines.push(row(`${partitionServers} Azurite processes + ${latency} ms per request`, times.single, times.fanOut, expected));
      lines.push(row("  the same with the previous concurrency", times.single, times.before, expected, `fan-out x${previousConcurrency} `));
    }
    const recording: ResponseRecording = new Map();
    const recorder = variants(servers, options(recordResponses(recording)), range, concurrency);
    await recorder.single();
    await recorder.fanOut();
    for (const latency of simulatedLatenciesMs) {
      const times = await timeVariants(
        {
          ...variants(servers, options(replayResponses(recording, latency)), range, concurrency),
          before: variants(servers, options(replayResponses(recording, latency)), range, previousConcurrency).fanOut,
        },
        expected,
      );
      lines.push(row(`recorded responses + ${latency} ms per request`, times.single, times.fanOut, expected));
      lines.push(row("  the same with the previous concurrency", times.single, times.before, expected, `fan-out x${previousConcurrency} `));
    }
  } finally {
    await servers.stop();
  }
  return lines;
}

async function growthWithRange(): Promise<string[]> {
  const rows = generateAuditEntities({
    firstDay: growth.firstDay,
    days: growth.days,
    entities: growth.days * growth.entitiesPerDay,
    distinctIdentifications: 20_000,
  });
  const servers = await startShardedAzurite(partitionServers, rows, tableName);
  const lines = [
    `(a') fan-out x${concurrency} as the range doubles, ${growth.entitiesPerDay} entities per day (one page per day), + 50 ms per request, median of ${repetitions}`,
  ];
  try {
    const recording: ResponseRecording = new Map();
    const measured: Array<{ days: number; live: number; modelled: number; expected: number }> = [];
    for (const days of growth.rangeDays) {
      const queryRange = { start: growth.firstDay, end: addDays(growth.firstDay, days - 1) };
      const expected = expectedDistinctCount(rows, queryRange.start, queryRange.end);
      const live = await timeVariants({ fanOut: variants(servers, options(delay(50)), queryRange, concurrency).fanOut }, expected);
      await variants(servers, options(recordResponses(recording)), queryRange, concurrency).fanOut();
      const modelled = await timeVariants(
        { fanOut: variants(servers, options(replayResponses(recording, 50)), queryRange, concurrency).fanOut },
        expected,
      );
      measured.push({ days, live: live.fanOut, modelled: modelled.fanOut, expected });
    }
    for (const [index, { days, live, modelled, expected }] of measured.entries()) {
      const previous = measured[index - 1];
      const growthNote = previous
        ? ` (x${(live / previous.live).toFixed(1)} | x${(modelled / previous.modelled).toFixed(1)} for twice the days)`
        : "";
      const rounds = Math.ceil(days / concurrency);
      lines.push(
        `    ${String(days).padStart(3)} days, ${String(rounds).padStart(2)} round(s) of ${concurrency}: ${partitionServers} Azurite processes ${formatMs(live).padStart(8)} | recorded responses ${formatMs(modelled).padStart(7)}${growthNote}, count ${expected}`,
      );
    }
  } finally {
    await servers.stop();
  }
  return lines;
}

export async function benchmarkQuery(): Promise<string[]> {
  const rows = generateAuditEntities(dataSet);
  const expected = expectedDistinctCount(rows, range.start, range.end);
  return [
    `(a) query: ${rows.length} entities in ${dataSet.days} day partitions, range ${range.start}..${range.end}, expected ${expected}; median of ${repetitions} (ratio = single / fan-out)`,
    ...(await liveAndModelled(rows, expected)),
    "",
    ...(await growthWithRange()),
  ];
}
