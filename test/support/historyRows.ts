// Orchestration histories in the Durable host's own storage format: the rows of the task hub's History table, as
// DurableTask.AzureStorage writes them, turned into the history the extension hands the JavaScript worker.
//
// Row format (Azure/durabletask src/DurableTask.AzureStorage/Tracking/AzureTableTrackingStore.cs, TableEntityConverter.cs):
// PartitionKey = instance id, RowKey = the event's sequence number as 16 hex digits, ExecutionId, then every
// [DataMember] of the DurableTask.Core history event under its own name; enums as their names, "Timestamp" renamed
// "_Timestamp" (reserved by the Table service), members without a table type as JSON text. A "sentinel" row closes
// the partition. What the worker receives is the same events serialized with Newtonsoft.Json's defaults: PascalCase
// members, enums as numbers (azure-functions-durable-extension OrchestrationTriggerAttributeBindingProvider.cs,
// OrchestrationContextToString).

/** A History table row as the Table service returns it, `@odata.type` annotations aside (times are ISO text). */
export type HistoryRow = Readonly<Record<string, unknown>>;

/** A history event as the extension sends it to the worker. */
export type HostHistoryEvent = Readonly<Record<string, unknown>>;

/** DurableTask.Core's EventType in declaration order (src/DurableTask.Core/History/EventType.cs). */
export const eventTypes = [
  "ExecutionStarted",
  "ExecutionCompleted",
  "ExecutionFailed",
  "ExecutionTerminated",
  "TaskScheduled",
  "TaskCompleted",
  "TaskFailed",
  "SubOrchestrationInstanceCreated",
  "SubOrchestrationInstanceCompleted",
  "SubOrchestrationInstanceFailed",
  "TimerCreated",
  "TimerFired",
  "OrchestratorStarted",
  "OrchestratorCompleted",
  "EventSent",
  "EventRaised",
  "ContinueAsNew",
  "GenericEvent",
  "HistoryState",
  "ExecutionSuspended",
  "ExecutionResumed",
  "ExecutionRewound",
] as const;
export type EventTypeName = (typeof eventTypes)[number];

/** DurableTask.Core's OrchestrationStatus in declaration order (src/DurableTask.Core/OrchestrationStatus.cs). */
const orchestrationStatuses = ["Running", "Completed", "ContinuedAsNew", "Failed", "Canceled", "Terminated", "Pending", "Suspended"];

/** Members stored as JSON text: the Table service has no type for them (TableEntityConverter, Utils.SerializeToJson). */
const jsonMembers = new Set(["OrchestrationInstance", "ParentInstance", "Tags", "FailureDetails", "ParentTraceContext"]);

/** Columns of the row that are not members of the event. */
const tableColumns = new Set(["PartitionKey", "RowKey", "Timestamp", "ExecutionId", "etag", "odata.etag", "odata.metadata"]);

const sentinelRowKey = "sentinel";

export function eventTypeName(event: HostHistoryEvent): EventTypeName | undefined {
  return eventTypes[event.EventType as number];
}

/** One orchestration's history, read from its rows. */
export interface RecordedHistory {
  readonly instanceId: string;
  readonly orchestrator: string;
  /** ExecutionStarted's Version as recorded: "" or absent for instances started before the app had a version. */
  readonly version: string | undefined;
  /** The orchestration input, parsed as the extension parses it before handing it to the worker. */
  readonly input: unknown;
  readonly events: readonly HostHistoryEvent[];
  /** The RowKey each event came from, to name the row where a replay diverges. */
  readonly rowKeys: readonly string[];
}

function text(row: HistoryRow, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new Error(`History row ${String(row.RowKey)}: '${column}' is missing or not text.`);
  return value;
}

function enumNumber(names: readonly string[], value: unknown, row: HistoryRow, column: string): number {
  const index = names.indexOf(String(value));
  if (index < 0) throw new Error(`History row ${String(row.RowKey)}: unknown ${column} '${String(value)}'.`);
  return index;
}

function eventOf(row: HistoryRow): HostHistoryEvent {
  const event: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (tableColumns.has(column) || column.includes("@odata")) continue;
    if (column.endsWith("BlobName")) {
      // DurableTask.AzureStorage moves large values to blob storage and leaves their blob name in the row.
      throw new Error(`History row ${String(row.RowKey)}: '${column}' points to blob storage; the gate reads inline values only.`);
    }
    if (column === "_Timestamp") event.Timestamp = value;
    else if (column === "EventType") event.EventType = enumNumber(eventTypes, value, row, column);
    else if (column === "OrchestrationStatus") event.OrchestrationStatus = enumNumber(orchestrationStatuses, value, row, column);
    else if (jsonMembers.has(column) && typeof value === "string") event[column] = JSON.parse(value);
    else event[column] = value;
  }
  for (const member of ["EventType", "EventId", "Timestamp"]) {
    if (event[member] === undefined) throw new Error(`History row ${String(row.RowKey)}: '${member}' is missing.`);
  }
  return event;
}

/**
 * The current execution's events in sequence order, as AzureTableTrackingStore.GetHistoryEventsAsync reads them: rows
 * ordered by RowKey, the execution id from the sentinel row (else the first row), the sentinel itself skipped.
 */
export function recordedHistory(rows: readonly HistoryRow[]): RecordedHistory {
  const ordered = [...rows].sort((a, b) => (text(a, "RowKey") < text(b, "RowKey") ? -1 : 1));
  const sentinel = ordered.find((row) => row.RowKey === sentinelRowKey);
  const first = ordered[0];
  if (first === undefined) throw new Error("The history has no rows.");
  const executionId = text(sentinel ?? first, "ExecutionId");
  const instanceId = text(first, "PartitionKey");
  const events: HostHistoryEvent[] = [];
  const rowKeys: string[] = [];
  for (const row of ordered) {
    if (row === sentinel) continue;
    if (text(row, "PartitionKey") !== instanceId) throw new Error(`History row ${String(row.RowKey)} belongs to another instance.`);
    if (row.ExecutionId !== executionId) break;
    events.push(eventOf(row));
    rowKeys.push(text(row, "RowKey"));
  }
  const started = events.find((event) => eventTypeName(event) === "ExecutionStarted");
  if (started === undefined) throw new Error(`The history of ${instanceId} has no ExecutionStarted event.`);
  const version = started.Version;
  return {
    instanceId,
    orchestrator: String(started.Name),
    version: typeof version === "string" ? version : undefined,
    input: typeof started.Input === "string" ? JSON.parse(started.Input) : undefined,
    events,
    rowKeys,
  };
}
