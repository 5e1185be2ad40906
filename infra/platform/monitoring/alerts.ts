import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";
import * as queries from "./queries";

/** A log alert: fires when the query's rows (or the largest value of `measure`) exceed `threshold` in the window. */
export interface LogAlertDefinition {
  part: string;
  displayName: string;
  /** What fires it and what to do: shown in the alert and in docs/operations.md#alerts. */
  description: string;
  severity: 0 | 1 | 2 | 3 | 4;
  query: string;
  /** ISO 8601 duration the query looks back, also how often it runs. */
  window: "PT5M" | "PT15M" | "PT1H";
  /** A numeric column compared as its largest value per window; the query keeps the rows' time column (TimeGenerated) for that. */
  measure?: string;
  threshold: number;
}

/**
 * Tables a workspace gets only with their first rows: Application Insights' App* tables once the component ingests,
 * KubePodInventory once Container Insights sends (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/alerts/alerts-troubleshoot-log.md:
 * "tables aren't created" until the solution sends data). Azure validates a rule's query at creation, so a rule on one
 * of them would refuse the first `up`; those rules skip the validation and the queries are pinned by tests instead.
 */
export const tablesCreatedByFirstData = ["AppRequests", "AppTraces", "KubePodInventory"] as const;

/** The table a query starts from (each of ours reads one). */
export const sourceTable = (query: string) => query.split(/[\s|]/, 1)[0]!;

const skipsValidation = (query: string) => (tablesCreatedByFirstData as readonly string[]).includes(sourceTable(query));

export function logAlertDefinitions(settings: Pick<Settings, "app" | "hosting" | "monitoring">): LogAlertDefinition[] {
  const { monitoring } = settings;
  const alerts: LogAlertDefinition[] = [
    {
      part: "orchestration-failures",
      displayName: "Orchestration failures",
      description:
        "An orchestration instance ended Failed. Read its reason (first query of the README's Operate section), then the instance's history.",
      severity: 1,
      query: queries.failedOrchestrations,
      window: "PT5M",
      threshold: 0,
    },
    {
      part: "http-5xx-rate",
      displayName: "HTTP 5xx rate",
      description: `More than ${monitoring.http5xxPercent}% of HTTP requests answered 5xx in 15 minutes. Look at AppExceptions and the failing route; roll back if a release caused it.`,
      severity: 1,
      query: queries.http5xxRate,
      window: "PT15M",
      measure: "failedPercent",
      threshold: monitoring.http5xxPercent,
    },
    {
      part: "activity-failures",
      displayName: "Activity failures or poison messages",
      description:
        "An activity attempt failed, or a task hub message has been retried for about 17 minutes (poison: still retried every 10 minutes, not dropped). Check the activity's exception; for a poison message, its instance: parked after a rollback (see that alert) or failing every attempt.",
      severity: 2,
      query: queries.activityFailuresOrPoisonMessages,
      window: "PT15M",
      threshold: 0,
    },
    {
      part: "work-item-wait",
      displayName: "Work-item queue wait",
      description: `Activities waited more than ${monitoring.queueWaitMinutes} minutes between being scheduled and starting. Workers are saturated or stuck: check replicas, the scaler and host restarts.`,
      severity: 2,
      query: queries.workItemWait,
      window: "PT15M",
      measure: "waitMinutes",
      threshold: monitoring.queueWaitMinutes,
    },
    {
      part: "parked-instances",
      displayName: "Parked orchestration instances",
      description:
        "Every report for 15 minutes counted orchestration instances newer than the running image (a rollback to an older digest): they wait for a worker of their version. Roll forward to a release carrying that version, or terminate and purge them (docs/operations.md).",
      severity: 2,
      query: queries.parkedInstances,
      window: "PT15M",
      measure: "parked",
      threshold: 0,
    },
    {
      part: "host-restarts",
      displayName: "Functions host restarts",
      description:
        "A host instance started more than once in an hour (crash, out-of-memory kill, host restart). Read its logs around the restart.",
      severity: 2,
      query: queries.hostRestarts,
      window: "PT1H",
      threshold: 0,
    },
  ];
  if (settings.hosting === "aks") {
    alerts.push({
      part: "pod-restarts",
      displayName: "Pod restarts",
      description:
        "A container of the app restarted in the last hour. Check the previous container's logs (ContainerLogV2) and its last state (OOMKilled, probe failures).",
      severity: 2,
      query: queries.podRestarts(settings.app.namespace),
      window: "PT1H",
      threshold: 0,
    });
  }
  return alerts;
}

export interface AlertsArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "app" | "hosting" | "location" | "monitoring" | "project" | "stack" | "tags">;
  resourceGroupName: pulumi.Input<string>;
  workspaceId: pulumi.Input<string>;
  storageAccountId: pulumi.Input<string>;
}

/** The action group (receivers from config) and the rules that notify it. */
export function createAlerts(name: string, args: AlertsArgs, parent: pulumi.Resource) {
  const { settings, resourceGroupName } = args;
  const { alertEmail, alertWebhookUrl } = settings.monitoring;
  const group = new monitor.ActionGroup(
    `${name}-action-group`,
    {
      actionGroupName: `ag-${settings.project}-${settings.stack}`,
      resourceGroupName,
      location: "Global",
      // At most 12 characters: SMS and e-mail subjects show it.
      groupShortName: `${settings.stack}-alerts`.slice(0, 12),
      enabled: true,
      emailReceivers: alertEmail ? [{ name: "email", emailAddress: alertEmail, useCommonAlertSchema: true }] : [],
      webhookReceivers: alertWebhookUrl ? [{ name: "webhook", serviceUri: alertWebhookUrl, useCommonAlertSchema: true }] : [],
      tags: settings.tags,
    },
    { parent },
  );

  for (const alert of logAlertDefinitions(settings)) {
    new monitor.ScheduledQueryRule(
      `${name}-${alert.part}`,
      {
        ruleName: `${alert.part}-${settings.project}-${settings.stack}`,
        resourceGroupName,
        location: settings.location,
        kind: monitor.Kind.LogAlert,
        displayName: alert.displayName,
        description: alert.description,
        severity: alert.severity,
        enabled: true,
        scopes: [args.workspaceId],
        evaluationFrequency: alert.window,
        windowSize: alert.window,
        skipQueryValidation: skipsValidation(alert.query),
        criteria: {
          allOf: [
            {
              query: alert.query,
              timeAggregation: alert.measure ? monitor.TimeAggregation.Maximum : monitor.TimeAggregation.Count,
              metricMeasureColumn: alert.measure,
              // The SDK's ConditionOperator enum is another API's ("gt"); log alerts take "GreaterThan" (ScheduledQueryRule uses API
              // 2025-01-01-preview in azure-native 3.28: Azure/azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/preview/2025-01-01-preview/scheduledQueryRule_API.json, Condition.operator).
              operator: "GreaterThan",
              threshold: alert.threshold,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        autoMitigate: true,
        actions: { actionGroups: [group.id] },
        tags: settings.tags,
      },
      { parent },
    );
  }

  new monitor.MetricAlert(
    `${name}-queue-backlog`,
    {
      ruleName: `queue-backlog-${settings.project}-${settings.stack}`,
      resourceGroupName,
      location: "global",
      description: `More than ${settings.monitoring.queueBacklogThreshold} messages wait in the task hub's queues. Workers fall behind: check replicas, the scaler and the work-item wait alert.`,
      severity: 2,
      enabled: true,
      scopes: [pulumi.interpolate`${args.storageAccountId}/queueServices/default`],
      // Queue metrics arrive hourly, account-wide; PT6H is an allowed window: the average of six samples (docs/decisions.md#monitoring).
      evaluationFrequency: "PT1H",
      windowSize: "PT6H",
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: "queue-message-count",
            metricNamespace: "Microsoft.Storage/storageAccounts/queueServices",
            metricName: "QueueMessageCount",
            operator: monitor.Operator.GreaterThan,
            threshold: settings.monitoring.queueBacklogThreshold,
            timeAggregation: monitor.AggregationTypeEnum.Average,
          },
        ],
      },
      autoMitigate: true,
      actions: [{ actionGroupId: group.id }],
      tags: settings.tags,
    },
    { parent },
  );
  return { actionGroup: group };
}
