// Exports orchestration histories from a task hub's History table, one file per instance, in the fixtures' format.
// The container smoke job runs it against Azurite after the real host ran the instances, then replays the files
// through the gate; to record fixtures for a new orchestration version, copy its files into test/app/replay/fixtures.
//   npx tsx test/app/replay/exportHistories.ts --hub <task hub> --out <directory> <instance id>...
//   (--connection defaults to UseDevelopmentStorage=true: Azurite on localhost)
import { TableClient } from "@azure/data-tables";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { exportHistoryRows, historyTableName } from "../../support/historyExport";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      connection: { type: "string", default: "UseDevelopmentStorage=true" },
      hub: { type: "string" },
      out: { type: "string" },
    },
  });
  if (!values.hub || !values.out || positionals.length === 0) {
    throw new Error("Usage: exportHistories.ts --hub <task hub> --out <directory> <instance id>...");
  }
  const client = TableClient.fromConnectionString(values.connection, historyTableName(values.hub), { allowInsecureConnection: true });
  mkdirSync(values.out, { recursive: true });
  for (const instanceId of positionals) {
    const rows = await exportHistoryRows(client, instanceId);
    const name = rows.find((row) => row.EventType === "ExecutionStarted")?.Name;
    if (typeof name !== "string") throw new Error(`No history with an ExecutionStarted row for instance ${instanceId}.`);
    const file = join(values.out, `${name}-${instanceId}.json`);
    writeFileSync(file, `[\n${rows.map((row) => `  ${JSON.stringify(row)}`).join(",\n")}\n]\n`);
    console.log(`${file}: ${rows.length} rows`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
