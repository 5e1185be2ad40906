// The history exporter against a real Table service (Azurite): rows written with the types DurableTask.AzureStorage
// gives them come back in the fixtures' format, times at full precision, and read as the same history.
import { TableClient } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzuriteTable, type AzuriteTable } from "../../support/azurite";
import { exportHistoryRows, historyTableName } from "../../support/historyExport";
import { recordedHistory, type HistoryRow } from "../../support/historyRows";
import { fixturesDirectory, historyFiles } from "../../support/replayGate";

/** Columns DurableTask.AzureStorage writes as Edm.DateTime (DateTime members; the sentinel's checkpoint time). */
const dateTimeColumns = new Set(["_Timestamp", "FireAt", "ScheduledStartTime", "CheckpointCompletedTimestamp"]);

/** A fixture row as DurableTask.AzureStorage would write it: times as Edm.DateTime, whole numbers as Edm.Int32. */
function asWritten(row: HistoryRow) {
  const entity: Record<string, unknown> = { partitionKey: row.PartitionKey, rowKey: row.RowKey };
  for (const [column, value] of Object.entries(row)) {
    if (["PartitionKey", "RowKey", "Timestamp"].includes(column)) continue;
    if (dateTimeColumns.has(column)) entity[column] = { value, type: "DateTime" };
    else if (typeof value === "number") entity[column] = { value: String(value), type: "Int32" };
    else entity[column] = value;
  }
  return entity as { partitionKey: string; rowKey: string };
}

const withoutServiceTimestamp = (rows: readonly HistoryRow[]) => rows.map(({ Timestamp: _ignored, ...row }) => row);

let azurite: AzuriteTable;
let client: TableClient;
const fixtures = historyFiles(fixturesDirectory);
const allRows = fixtures.flatMap((file) => file.rows);

beforeAll(async () => {
  azurite = await startAzuriteTable();
  client = TableClient.fromConnectionString(azurite.connectionString, historyTableName("ReplayGateHub"), { allowInsecureConnection: true });
  await client.createTable();
  for (const file of fixtures) for (const row of file.rows) await client.upsertEntity(asWritten(row), "Replace");
});

afterAll(async () => {
  await azurite?.stop();
});

describe("exportHistoryRows on Azurite", () => {
  it("covers every event type and column the fixtures use, the sentinel rows included", () => {
    expect(new Set(allRows.map((row) => row.EventType))).toEqual(
      new Set([
        undefined, // sentinel rows
        "OrchestratorStarted",
        "ExecutionStarted",
        "TaskScheduled",
        "TaskCompleted",
        "TaskFailed",
        "TimerCreated",
        "TimerFired",
        "EventRaised",
        "ExecutionCompleted",
        "OrchestratorCompleted",
      ]),
    );
  });

  it("returns each instance's rows as the fixtures hold them, and the same history", async () => {
    for (const file of fixtures) {
      const instanceId = String(file.rows[0]!.PartitionKey);
      const exported = await exportHistoryRows(client, instanceId);
      expect(withoutServiceTimestamp(exported), file.path).toEqual(withoutServiceTimestamp(file.rows));
      expect(exported.every((row) => typeof row.Timestamp === "string")).toBe(true);
      expect(recordedHistory(exported)).toEqual(recordedHistory(file.rows));
    }
  });
});
