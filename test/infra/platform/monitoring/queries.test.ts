import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { functionNames } from "../../../../app/src/contract/functionNames";
import { parkedInstancesLogPrefix } from "../../../../app/src/contract/logLines";
import { logAlertDefinitions, sourceTable, tablesCreatedByFirstData } from "../../../../infra/platform/monitoring/alerts";
import * as queries from "../../../../infra/platform/monitoring/queries";
import { workbookDocument, workbookQueries } from "../../../../infra/platform/monitoring/workbook";
import type { ProgramRun } from "../../../../tools/render/runProgram";
import { repositoryRoot } from "../../../../tools/render/stackConfig";
import { only, plainInputs, types } from "../../../support/infra";
import { sharedRun } from "../../../support/programRuns";

// The KQL is only ever run by Azure: these tests pin each query to the tables and columns Azure writes, so a typo or
// a classic Application Insights name (traces, requests, customDimensions) that a workspace does not have fails here.
const classicNames = /(^|\n)(traces|requests|exceptions)\b|\b(customDimensions|timestamp|cloud_RoleInstance|resultCode)\b/;
const secretEnvelope = "4dabf18193072939515e22adb298388d";

describe("the KQL", () => {
  it("reads Durable's tracking events from AppTraces by category and prop__ fields, replays left out", () => {
    expect(queries.durableTrackingEvents).toMatch(/^AppTraces\n/);
    expect(queries.durableTrackingEvents).toContain('tostring(Properties.Category) == "Host.Triggers.DurableTask"');
    for (const field of ["prop__functionName", "prop__functionType", "prop__instanceId", "prop__state", "prop__isReplay"]) {
      expect(queries.durableTrackingEvents).toContain(`Properties.${field}`);
    }
    expect(queries.durableTrackingEvents).toContain("| where isReplay != true");
  });

  it("failed orchestrations: orchestrator tracking events in state Failed, with the reason", () => {
    expect(queries.failedOrchestrations).toContain('functionType == "Orchestrator" and state == "Failed"');
    expect(queries.failedOrchestrations).toContain("Properties.prop__reason");
  });

  it("5xx rate: HTTP requests only (a URL), ResultCode 500 and up, as a percentage column", () => {
    expect(queries.http5xxRate).toMatch(/^AppRequests\n/);
    expect(queries.http5xxRate).toContain("isnotempty(Url)");
    expect(queries.http5xxRate).toContain("countif(toint(ResultCode) >= 500)");
    expect(queries.http5xxRate).toContain("extend failedPercent = ");
    // One 500 among two requests is no sev-1 outage: the rate counts only from a minimum of requests in the window.
    // ...unless the failures alone are many: a total outage of a quiet (dev) app must still fire.
    expect(queries.http5xxRate).toContain(
      `| where requests >= ${queries.minimumRequestsFor5xxRate} or failed >= ${queries.failuresThatAlwaysCount}`,
    );
    expect(queries.minimumRequestsFor5xxRate).toBeGreaterThanOrEqual(10);
  });

  it("activity failures and poison messages: failed activity attempts, and DurableTask.AzureStorage's PoisonMessageDetected", () => {
    expect(queries.activityFailuresOrPoisonMessages).toContain('tostring(Properties.prop__functionType) == "Activity"');
    expect(queries.activityFailuresOrPoisonMessages).toContain('tostring(Properties.prop__state) == "Failed"');
    expect(queries.activityFailuresOrPoisonMessages).toContain('tostring(Properties.Category) == "DurableTask.AzureStorage"');
    // By event name, or by its message text should the logger not carry the event name into Properties.
    expect(queries.activityFailuresOrPoisonMessages).toContain(
      '(tostring(Properties.EventName) == "PoisonMessageDetected" or Message has "is now considered poison")',
    );
  });

  it("work-item wait: from an activity's Scheduled to its Started event, in minutes", () => {
    expect(queries.workItemWait).toContain('state in ("Scheduled", "Started")');
    expect(queries.workItemWait).toContain('minif(TimeGenerated, state == "Scheduled")');
    expect(queries.workItemWait).toContain('minif(TimeGenerated, state == "Started")');
    expect(queries.workItemWait).toContain("waitMinutes = ");
  });

  it("work-item wait: one row per activity, whose time is its start, so the rule takes the largest wait itself", () => {
    expect(queries.workItemWait).toContain("by instanceId, functionName\n");
    expect(queries.workItemWait).toContain(
      '| extend TimeGenerated = started, waitMinutes = datetime_diff("second", started, scheduled) / 60.0',
    );
  });

  it("5xx rate: one row per window-long bin that ends at the evaluation, so the window's requests are counted together", () => {
    expect(queries.http5xxRate).toContain(
      "| summarize requests = count(), failed = countif(toint(ResultCode) >= 500) by TimeGenerated = bin_at(TimeGenerated, 15m, now())",
    );
  });

  it("host restarts: more than one 'Host started' per instance", () => {
    expect(queries.hostRestarts).toContain('Message startswith "Host started"');
    expect(queries.hostRestarts).toContain("by AppRoleInstance");
    expect(queries.hostRestarts).toContain("where starts > 1");
  });

  it("pod restarts: Container Insights' KubePodInventory restart counts in the app's namespace", () => {
    const query = queries.podRestarts("durable-app");
    expect(query).toMatch(/^KubePodInventory\n/);
    expect(query).toContain('Namespace == "durable-app"');
    expect(query).toContain("max(ContainerRestartCount) - min(ContainerRestartCount)");
  });

  it("parked instances: the timer's report lines by their shared prefix, the count parsed from right after it", () => {
    expect(queries.parkedInstanceReports).toMatch(/^AppTraces\n/);
    expect(queries.parkedInstanceReports).toContain(`| where Message startswith "${parkedInstancesLogPrefix}"`);
    expect(queries.parkedInstanceReports).toContain(`parked = toint(extract(@"^${parkedInstancesLogPrefix}(\\d+)", 1, Message))`);
    expect(queries.parkedInstanceReports).toContain(`hub = extract(@"^${parkedInstancesLogPrefix}\\d+ in task hub (\\w+)", 1, Message)`);
  });

  it("parked instances: the smallest count of the window, so the rule fires only when every report in it saw parked instances", () => {
    expect(queries.parkedInstances.startsWith(queries.parkedInstanceReports)).toBe(true);
    expect(queries.parkedInstances).toContain(
      // Per task hub: App Service's staging slot reports its own hub (0 parked, normally) to the same workspace, and a
      // minimum over both hubs would hide the production hub's parked instances.
      "| summarize parked = min(parked), reports = count() by hub, TimeGenerated = bin_at(TimeGenerated, 15m, now())",
    );
  });

  it("slowest queries: the query orchestrator's Started to Completed/Failed, slowest first", () => {
    expect(queries.slowestQueries).toContain(`functionName == "${functionNames.queryOrchestrator}"`);
    expect(queries.slowestQueries).toContain("top 20 by durationSeconds desc");
  });

  it("uses workspace table and column names only, never the classic Application Insights ones", () => {
    const all = [
      queries.durableTrackingEvents,
      queries.failedOrchestrations,
      queries.http5xxRate,
      queries.activityFailuresOrPoisonMessages,
      queries.workItemWait,
      queries.hostRestarts,
      queries.podRestarts("ns"),
      queries.slowestQueries,
      queries.invocationDurations,
      queries.parkedInstances,
    ];
    for (const query of all) expect(query).not.toMatch(classicNames);
  });
});

/** ISO 8601 window (PT15M, PT1H) as a KQL timespan (15m, 1h). */
const kqlTimespan = (window: string) =>
  window.replace(/^PT(\d+)([MH])$/, (_, amount: string, unit: string) => `${amount}${unit.toLowerCase()}`);

describe("log alert definitions", () => {
  const definitions = (hosting: "aks" | "appService") =>
    logAlertDefinitions({ hosting, app: { namespace: "durable-app" }, monitoring: { http5xxPercent: 5, queueWaitMinutes: 5 } } as never);

  // A rule that aggregates a measure evaluates it per time bin of its window; "Number of violations" needs a datetime
  // column in the results (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/alerts/alerts-create-log-alert-rule.md).
  it.each(definitions("aks").filter((definition) => definition.measure))(
    "$part keeps a time column in the rows it returns",
    (definition) => {
      const afterLastSummarize = definition.query.slice(definition.query.lastIndexOf("| summarize"));
      const keepsTime =
        /^\| summarize [^\n]* by (?:\w+, )*TimeGenerated = bin_at\(TimeGenerated, (\w+), now\(\)\)/.exec(afterLastSummarize) ??
        /\n\| extend TimeGenerated = /.exec(afterLastSummarize);
      expect(keepsTime, definition.query).not.toBeNull();
      if (keepsTime?.[1]) expect(keepsTime[1]).toBe(kqlTimespan(definition.window));
      expect(afterLastSummarize).not.toMatch(/\| project(?![^\n]*TimeGenerated)/);
      expect(definition.query).toMatch(new RegExp(`\\b${definition.measure} = `));
    },
  );

  it.each(definitions("aks"))("$part uses no reserved word and no operator log alerts refuse (search, union)", ({ query }) => {
    // AggregatedValue is reserved; search and union are refused outside cross-resource queries
    // (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/alerts/alerts-log-query.md).
    expect(query).not.toMatch(/AggregatedValue|(^|\|\s*)search\b|\bunion\b/);
  });

  it("reads only tables that appear in a workspace with their first data, so Azure skips validating them at creation", () => {
    const aks = definitions("aks");
    expect(aks.map((definition) => definition.part)).toContain("pod-restarts");
    for (const definition of [...aks, ...definitions("appService")]) {
      expect(tablesCreatedByFirstData).toContain(sourceTable(definition.query));
    }
    expect(sourceTable(queries.podRestarts("ns"))).toBe("KubePodInventory");
    expect(sourceTable("Heartbeat\n| take 1")).toBe("Heartbeat");
    expect(tablesCreatedByFirstData).not.toContain("Heartbeat");
  });
});

describe("alerts and workbook of a stack", () => {
  let aks: ProgramRun;
  let withWebhook: ProgramRun;
  beforeAll(async () => {
    aks = await sharedRun("dev");
    withWebhook = await sharedRun("dev", { monitoring: { alertWebhookUrl: { secure: "v1:ciphertext" } } });
  });

  it("each log alert runs its query with a threshold the rule compares with GreaterThan", () => {
    const rules = aks.resources.filter((resource) => resource.type === types.scheduledQueryRule).map(plainInputs);
    for (const definition of logAlertDefinitions(aks.settings)) {
      const rule = rules.find((candidate) => candidate.displayName === definition.displayName)!;
      const [condition] = rule.criteria.allOf;
      expect(condition).toMatchObject({ query: definition.query, operator: "GreaterThan", threshold: definition.threshold });
      expect(condition.timeAggregation).toBe(definition.measure ? "Maximum" : "Count");
      if (definition.measure) expect(definition.query).toContain(`${definition.measure} = `);
      expect(rule.windowSize).toBe(definition.window);
      // The tables exist only once data arrives: validation at creation would refuse the first `up` (infra/platform/monitoring/alerts.ts).
      expect(rule.skipQueryValidation, definition.part).toBe(true);
    }
  });

  it("thresholds come from config", () => {
    const byPart = Object.fromEntries(logAlertDefinitions(aks.settings).map((definition) => [definition.part, definition.threshold]));
    expect(byPart["http-5xx-rate"]).toBe(aks.settings.monitoring.http5xxPercent);
    expect(byPart["work-item-wait"]).toBe(aks.settings.monitoring.queueWaitMinutes);
  });

  it("parked instances: above 0 through a 15-minute window, severity 2, the count as its measure", () => {
    const parked = logAlertDefinitions(aks.settings).find((definition) => definition.part === "parked-instances");
    expect(parked).toMatchObject({
      displayName: "Parked orchestration instances",
      severity: 2,
      query: queries.parkedInstances,
      window: "PT15M",
      measure: "parked",
      threshold: 0,
    });
    expect(parked?.description).toMatch(/roll forward/i);
  });

  it("a webhook receiver gets the URL as a Pulumi secret", () => {
    const group = only(withWebhook, types.actionGroup);
    expect(JSON.stringify(group.inputs.webhookReceivers)).toContain(secretEnvelope);
    expect(plainInputs(group).webhookReceivers).toEqual([
      { name: "webhook", serviceUri: "https://offline-placeholder.invalid/monitoring.alertWebhookUrl", useCommonAlertSchema: true },
    ]);
  });

  it("the workbook shows every alert signal and the query durations, each a KQL item over the workspace", () => {
    const workspaceId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w";
    const document = JSON.parse(workbookDocument(aks.settings, workspaceId));
    expect(document.fallbackResourceIds).toEqual([workspaceId]);
    const kql = document.items
      .filter((item: { type: number }) => item.type === 3)
      .map((item: { content: { query: string; version: string } }) => item.content);
    expect(kql).toHaveLength(workbookQueries(aks.settings).length);
    for (const content of kql) expect(content.version).toBe("KqlItem/1.0");
    const text = kql.map((content: { query: string }) => content.query).join("\n");
    for (const signal of [
      queries.failedOrchestrations,
      queries.http5xxRate,
      queries.activityFailuresOrPoisonMessages,
      queries.workItemWait,
      queries.hostRestarts,
      queries.slowestQueries,
      queries.invocationDurations,
      queries.parkedInstanceReports,
    ]) {
      expect(text).toContain(signal);
    }
    expect(text).toContain(queries.podRestarts(aks.settings.app.namespace));
  });
});

describe("operations page", () => {
  const operate = readFileSync(path.join(repositoryRoot, "docs", "operations.md"), "utf8");

  it("shows the three first queries as the tested strings", () => {
    expect(operate).toContain(`${queries.failedOrchestrations}\n| where TimeGenerated > ago(1h)`);
    expect(operate).toContain(queries.slowestQueries);
    expect(operate).toContain(queries.workItemWait);
  });

  it("shows the parked-instance reports as the tested string", () => {
    expect(operate).toContain(`${queries.parkedInstanceReports}\n| project TimeGenerated, hub, parked, Message, AppRoleInstance`);
  });

  it("explains every alert the stacks create", async () => {
    const { settings } = await sharedRun("dev");
    for (const definition of logAlertDefinitions(settings)) expect(operate).toContain(`| ${definition.displayName} (`);
    expect(operate).toContain("| Queue backlog (metric");
  });
});
