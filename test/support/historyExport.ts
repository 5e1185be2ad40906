// Reads an instance's rows from the task hub's History table and writes them as the Table service returned them: the
// same format as the committed fixtures, so a history exported from the real host can be replayed by the same gate or
// committed as a fixture.
import type { TableClient } from "@azure/data-tables";
import { odata } from "@azure/data-tables";
import type { HistoryRow } from "./historyRows";

/** The Table SDK's camel-cased system properties, back to the service's own names. */
const systemProperties: Record<string, string | undefined> = {
  partitionKey: "PartitionKey",
  rowKey: "RowKey",
  timestamp: "Timestamp",
  etag: undefined,
};

/** An EDM-typed value (the SDK with type conversion off) as the service's JSON carries it; times stay text, at full precision. */
function plain(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !("type" in value) || !("value" in value)) return value;
  const { type, value: text } = value as { type: string; value: string };
  switch (type) {
    case "Boolean":
      return String(text) === "true";
    case "Int32":
    case "Double":
      return Number(text);
    default:
      return text;
  }
}

/** The History table of a task hub (DurableTask.AzureStorage: "<hub>History"). */
export const historyTableName = (taskHub: string): string => `${taskHub}History`;

/** Every row of one instance's partition, in RowKey order. Instance ids with / \ # ? would need KeySanitation's escaping. */
export async function exportHistoryRows(client: TableClient, instanceId: string): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  const entities = client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${instanceId}` }, disableTypeConversion: true });
  for await (const entity of entities) {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entity)) {
      const name = key in systemProperties ? systemProperties[key] : key;
      if (name !== undefined) row[name] = plain(value);
    }
    rows.push(row);
  }
  return rows;
}
