import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";

/** `<prefix><project>-<stack>`: 4-63 letters, digits or dashes, unique within the resource group. */
export function monitoringName(prefix: string, settings: Pick<Settings, "project" | "stack">): string {
  const base = `${settings.project}-${settings.stack}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `${prefix}${base}`.slice(0, 63).replace(/-+$/, "");
}

/** The Log Analytics workspace every log lands in, and the workspace-based Application Insights the host writes to. */
export function createTelemetryStore(
  name: string,
  settings: Pick<Settings, "location" | "monitoring" | "project" | "stack" | "tags">,
  resourceGroupName: pulumi.Input<string>,
  parent: pulumi.Resource,
) {
  const workspace = new operationalinsights.Workspace(
    `${name}-workspace`,
    {
      workspaceName: monitoringName("log-", settings),
      resourceGroupName,
      location: settings.location,
      sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
      retentionInDays: settings.monitoring.logRetentionDays,
      tags: settings.tags,
    },
    { parent },
  );
  const component = new applicationinsights.Component(
    `${name}-app-insights`,
    {
      resourceName: monitoringName("appi-", settings),
      resourceGroupName,
      location: settings.location,
      kind: "web",
      applicationType: applicationinsights.ApplicationType.Web,
      workspaceResourceId: workspace.id,
      ingestionMode: applicationinsights.IngestionMode.LogAnalytics,
      // Only Entra ID-authenticated telemetry is accepted: the connection string alone cannot write.
      disableLocalAuth: true,
      tags: settings.tags,
    },
    { parent },
  );
  return { workspace, component };
}
