import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";
import { deterministicGuid } from "../../lib/roles";
import * as queries from "./queries";

interface WorkbookQuery {
  title: string;
  query: string;
  visualization: "table" | "timechart" | "barchart";
}

/** The signals the alerts watch, and how long the queries take. */
export function workbookQueries(settings: Pick<Settings, "app" | "hosting">): WorkbookQuery[] {
  const perQuarterHour = (query: string, measure: string) => `${query}\n| summarize ${measure} by bin(TimeGenerated, 15m)`;
  const items: WorkbookQuery[] = [
    {
      title: "Failed orchestrations",
      query: perQuarterHour(queries.failedOrchestrations, "failures = count()"),
      visualization: "timechart",
    },
    { title: "HTTP 5xx rate (%) over the range", query: queries.http5xxRate, visualization: "table" },
    {
      title: "Activity failures and poison messages",
      query: perQuarterHour(queries.activityFailuresOrPoisonMessages, "events = count()"),
      visualization: "timechart",
    },
    {
      title: "Work-item queue wait (minutes, slowest per activity)",
      query: `${queries.workItemWait}\n| summarize maxWaitMinutes = max(waitMinutes) by functionName`,
      visualization: "barchart",
    },
    {
      title: "Parked orchestration instances (waiting for a newer worker)",
      query: `${queries.parkedInstanceReports}\n| summarize parked = max(parked) by bin(TimeGenerated, 15m)`,
      visualization: "timechart",
    },
    { title: "Host instances that restarted", query: queries.hostRestarts, visualization: "table" },
    { title: "Slowest queries (seconds)", query: queries.slowestQueries, visualization: "table" },
    { title: "Function durations (ms)", query: queries.invocationDurations, visualization: "table" },
  ];
  if (settings.hosting === "aks")
    items.push({ title: "Pod restarts", query: queries.podRestarts(settings.app.namespace), visualization: "table" });
  return items;
}

/** A workbook document (Notebook/1.0) of markdown and KQL items over one workspace. */
export function workbookDocument(settings: Pick<Settings, "app" | "hosting" | "project" | "stack">, workspaceId: string): string {
  const items = [
    { type: 1, name: "title", content: { json: `## ${settings.project} (${settings.stack}): Durable Functions operations` } },
    ...workbookQueries(settings).map((item, index) => ({
      type: 3,
      name: `query-${index}`,
      content: {
        version: "KqlItem/1.0",
        title: item.title,
        query: item.query,
        size: 0,
        timeContext: { durationMs: 86_400_000 },
        queryType: 0,
        resourceType: "microsoft.operationalinsights/workspaces",
        visualization: item.visualization,
      },
    })),
  ];
  return JSON.stringify({ version: "Notebook/1.0", items, fallbackResourceIds: [workspaceId] });
}

export function createWorkbook(
  name: string,
  settings: Pick<Settings, "app" | "hosting" | "location" | "project" | "stack" | "tags">,
  resourceGroupName: pulumi.Input<string>,
  workspaceId: pulumi.Output<string>,
  parent: pulumi.Resource,
) {
  return new applicationinsights.Workbook(
    `${name}-workbook`,
    {
      // Workbook names must be GUIDs: derive one per stack so a re-run finds the same workbook.
      resourceName: deterministicGuid("workbook", settings.project, settings.stack),
      resourceGroupName,
      location: settings.location,
      kind: applicationinsights.WorkbookSharedTypeKind.Shared,
      category: "workbook",
      displayName: `${settings.project} ${settings.stack} operations`,
      sourceId: workspaceId,
      serializedData: workspaceId.apply((id) => workbookDocument(settings, id)),
      tags: settings.tags,
    },
    { parent },
  );
}
