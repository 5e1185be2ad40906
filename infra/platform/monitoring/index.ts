import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";
import { assignRole } from "../../lib/roles";
import { createAlerts } from "./alerts";
import { associateWithCluster, createContainerInsightsRule, omsAgentAddon } from "./containerInsights";
import { clusterDiagnosedCategories, createDiagnosticSetting, platformDiagnosedResources, type PlatformResourceIds } from "./diagnostics";
import { createTelemetryStore } from "./telemetryStore";
import { createWorkbook } from "./workbook";

type MonitoringReads = Pick<Settings, "app" | "hosting" | "location" | "monitoring" | "names" | "project" | "stack" | "tags">;

export interface MonitoringArgs extends PlatformResourceIds {
  /** What it reads of the validated settings. */
  readonly settings: MonitoringReads;
  resourceGroupName: pulumi.Input<string>;
  /** The app identity: it ingests telemetry with Monitoring Metrics Publisher on the Application Insights component. */
  identityPrincipalId: pulumi.Input<string>;
}

/**
 * One per stack: the Log Analytics workspace, workspace-based Application Insights that accepts only Entra ID
 * ingestion, diagnostic settings of the platform resources, alerts and a workbook. AKS adds itself with watchCluster.
 */
export class Monitoring extends pulumi.ComponentResource {
  public readonly workspaceId: pulumi.Output<string>;
  public readonly workspaceName: pulumi.Output<string>;
  /** The workspace id queries use (a GUID), not the resource id. */
  public readonly workspaceCustomerId: pulumi.Output<string>;
  public readonly applicationInsightsName: pulumi.Output<string>;
  public readonly applicationInsightsConnectionString: pulumi.Output<string>;
  /** Role assignments the app needs before it starts: the app waits until they have propagated (lib/roles.ts). */
  public readonly grants: pulumi.Resource[];
  /** Pass to the cluster's addonProfiles.omsagent. */
  public readonly omsAgentAddon: ReturnType<typeof omsAgentAddon>;
  private readonly settings: MonitoringReads;
  private readonly resourceGroupName: pulumi.Input<string>;
  private readonly name: string;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:monitoring:Monitoring", name, {}, opts);
    const { settings, resourceGroupName } = args;
    const { workspace, component } = createTelemetryStore(name, settings, resourceGroupName, this);

    // Entra ID ingestion needs Monitoring Metrics Publisher scoped to the component (https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication).
    const publisher = assignRole(
      `${name}-app-metrics-publisher`,
      { role: "monitoringMetricsPublisher", scope: component.id, principalId: args.identityPrincipalId, principalType: "ServicePrincipal" },
      { parent: this },
    );
    for (const resource of platformDiagnosedResources(args)) createDiagnosticSetting(`${name}-diagnostics`, resource, workspace.id, this);
    createAlerts(
      `${name}-alert`,
      { settings, resourceGroupName, workspaceId: workspace.id, storageAccountId: args.storageAccountId },
      this,
    );
    createWorkbook(name, settings, resourceGroupName, workspace.id, this);

    this.settings = settings;
    this.resourceGroupName = resourceGroupName;
    this.name = name;
    this.workspaceId = workspace.id;
    this.workspaceName = workspace.name;
    this.workspaceCustomerId = workspace.customerId;
    this.applicationInsightsName = component.name;
    this.applicationInsightsConnectionString = component.connectionString;
    this.grants = [publisher];
    this.omsAgentAddon = omsAgentAddon(workspace.id);
    this.registerOutputs({
      workspaceId: this.workspaceId,
      workspaceName: this.workspaceName,
      workspaceCustomerId: this.workspaceCustomerId,
      applicationInsightsName: this.applicationInsightsName,
      applicationInsightsConnectionString: this.applicationInsightsConnectionString,
    });
  }

  /** Container Insights' data collection rule on the cluster, and its control-plane logs to the workspace. */
  watchCluster(clusterId: pulumi.Input<string>): void {
    const name = `${this.name}-aks`;
    const rule = createContainerInsightsRule(name, this.settings, this.resourceGroupName, this.workspaceId, this);
    associateWithCluster(name, rule, clusterId, this);
    createDiagnosticSetting(
      `${name}-diagnostics`,
      { part: "control-plane", resourceId: clusterId, categories: clusterDiagnosedCategories, destinationType: "Dedicated" },
      this.workspaceId,
      this,
    );
  }
}
