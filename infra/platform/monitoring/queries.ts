import { functionNames, parkedInstancesLogPrefix } from "../../../app/src/contract";

// KQL over the workspace (workspace-based Application Insights writes AppRequests/AppTraces; Container Insights writes
// KubePodInventory). Alerts, the workbook and the first queries of docs/operations.md use these strings, so each is written once.

/**
 * Durable's tracking events: traces of category Host.Triggers.DurableTask with prop__functionName, prop__functionType,
 * prop__instanceId, prop__state, prop__isReplay (MicrosoftDocs/azure-docs articles/azure-functions/durable/durable-functions-diagnostics.md).
 */
export const durableTrackingEvents = `AppTraces
| where tostring(Properties.Category) == "Host.Triggers.DurableTask"
| extend functionName = tostring(Properties.prop__functionName), functionType = tostring(Properties.prop__functionType),
    instanceId = tostring(Properties.prop__instanceId), state = tostring(Properties.prop__state),
    isReplay = tobool(tolower(tostring(Properties.prop__isReplay)))
| where isReplay != true`;

/** Orchestration instances that ended Failed, with the reason Durable logged. */
export const failedOrchestrations = `${durableTrackingEvents}
| where functionType == "Orchestrator" and state == "Failed"
| project TimeGenerated, instanceId, functionName, reason = tostring(Properties.prop__reason), AppRoleInstance`;

/** Below this many HTTP requests in the window a 5xx share says little: one 500 of two requests is no outage... */
export const minimumRequestsFor5xxRate = 20;
/** ...unless the failures alone reach this many: a quiet app that is down still alerts. */
export const failuresThatAlwaysCount = 5;

/**
 * Share of HTTP requests (invocations with a URL) answered 5xx, per 15 minutes (the rule's window). The bin is anchored
 * at now() so that the window, which ends at the evaluation, falls in one bin: clock-aligned bins would split it in two
 * and halve the counts the guard below compares.
 */
export const http5xxRate = `AppRequests
| where isnotempty(Url)
| summarize requests = count(), failed = countif(toint(ResultCode) >= 500) by TimeGenerated = bin_at(TimeGenerated, 15m, now())
| where requests >= ${minimumRequestsFor5xxRate} or failed >= ${failuresThatAlwaysCount}
| extend failedPercent = round(100.0 * failed / requests, 2)`;

/**
 * Failed activity attempts (each retry that fails logs one) and messages DurableTask.AzureStorage calls poison: event
 * PoisonMessageDetected (id 109), Warning, "... has been dequeued N times and is now considered poison"
 * (Azure/durabletask src/DurableTask.AzureStorage/Logging/EventIds.cs and LogEvents.cs). It is logged each time an
 * abandoned message's back-off (2^dequeueCount s) reaches its 10-minute cap; the message stays in the queue and is
 * retried (src/DurableTask.AzureStorage/Messaging/TaskHubQueue.cs, AbandonMessageAsync).
 */
export const activityFailuresOrPoisonMessages = `AppTraces
| where (tostring(Properties.Category) == "Host.Triggers.DurableTask" and tostring(Properties.prop__functionType) == "Activity"
        and tostring(Properties.prop__state) == "Failed")
    or (tostring(Properties.Category) == "DurableTask.AzureStorage"
        and (tostring(Properties.EventName) == "PoisonMessageDetected" or Message has "is now considered poison"))
| project TimeGenerated, Message, instanceId = tostring(Properties.prop__instanceId), functionName = tostring(Properties.prop__functionName), AppRoleInstance`;

/**
 * How long activities wait in the work-item queue: from the orchestrator scheduling them to a worker starting them.
 * Per instance and activity the first of each, so a fan-out counts its first item. One row per activity, timed at its
 * start: the alert takes the largest wait itself (Maximum of waitMinutes).
 */
export const workItemWait = `${durableTrackingEvents}
| where functionType == "Activity" and state in ("Scheduled", "Started")
| summarize scheduled = minif(TimeGenerated, state == "Scheduled"), started = minif(TimeGenerated, state == "Started") by instanceId, functionName
| where isnotnull(scheduled) and isnotnull(started)
| extend TimeGenerated = started, waitMinutes = datetime_diff("second", started, scheduled) / 60.0`;

/**
 * The parked-instances timer's reports (every 5 minutes, one line each: app/src/maintenance/parkedInstances.ts): Running
 * or Pending instances whose version is newer than the worker that counted them, waiting for a newer worker.
 */
export const parkedInstanceReports = `AppTraces
| where Message startswith "${parkedInstancesLogPrefix}"
| extend parked = toint(extract(@"^${parkedInstancesLogPrefix}(\\d+)", 1, Message)), hub = extract(@"^${parkedInstancesLogPrefix}\\d+ in task hub (\\w+)", 1, Message)`;

/**
 * The smallest count reported in each 15 minutes (the rule's window; the bin anchored at now() as in http5xxRate) per task
 * hub: above 0 only when every report of the window saw parked instances, so the one report an older pod may make during a
 * rolling update, counting the instances the newer pods just started, does not fire the rule. Per hub because App
 * Service's staging slot reports its own hub to the same workspace.
 */
export const parkedInstances = `${parkedInstanceReports}
| summarize parked = min(parked), reports = count() by hub, TimeGenerated = bin_at(TimeGenerated, 15m, now())`;

/** Host instances that started more than once in the window: a crash, an out-of-memory kill or a host restart ("Host started", azure-functions-host ScriptHostLoggerExtension.cs). */
export const hostRestarts = `AppTraces
| where Message startswith "Host started"
| summarize starts = count() by AppRoleInstance
| where starts > 1`;

/** Containers of the app's pods whose restart count grew in the window. */
export const podRestarts = (namespace: string) => `KubePodInventory
| where Namespace == "${namespace}"
| summarize restarts = max(ContainerRestartCount) - min(ContainerRestartCount) by Name, ContainerName
| where restarts > 0`;

/** The date-range query from orchestration start to its end, slowest first. */
export const slowestQueries = `${durableTrackingEvents}
| where functionType == "Orchestrator" and functionName == "${functionNames.queryOrchestrator}"
| summarize started = minif(TimeGenerated, state == "Started"), ended = maxif(TimeGenerated, state in ("Completed", "Failed")),
    outcome = take_anyif(state, state in ("Completed", "Failed")) by instanceId
| where isnotnull(ended)
| extend durationSeconds = datetime_diff("millisecond", ended, started) / 1000.0
| top 20 by durationSeconds desc`;

/** Duration percentiles of each function invocation (the count activity is the query's work). */
export const invocationDurations = `AppRequests
| summarize invocations = count(), p50Ms = percentile(DurationMs, 50), p95Ms = percentile(DurationMs, 95), maxMs = max(DurationMs) by Name
| order by p95Ms desc`;
