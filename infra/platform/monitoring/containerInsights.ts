import * as monitor from "@pulumi/azure-native/monitor";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";

const containerInsightsStream = "Microsoft-ContainerInsights-Group-Default";

/** What the AKS monitoring add-on is told: the workspace, and to send with its managed identity instead of the workspace key. */
export function omsAgentAddon(workspaceId: pulumi.Input<string>) {
  return { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: "true" } };
}

/**
 * With managed-identity auth the add-on collects nothing until a data collection rule for the ContainerInsights
 * extension is associated with the cluster (https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable).
 */
export function createContainerInsightsRule(
  name: string,
  settings: Pick<Settings, "location" | "names" | "tags">,
  resourceGroupName: pulumi.Input<string>,
  workspaceId: pulumi.Input<string>,
  parent: pulumi.Resource,
) {
  return new monitor.DataCollectionRule(
    `${name}-container-insights`,
    {
      dataCollectionRuleName: `MSCI-${settings.location}-${settings.names.aksCluster}`.slice(0, 64),
      resourceGroupName,
      location: settings.location,
      kind: "Linux",
      dataSources: {
        extensions: [
          {
            name: "ContainerInsightsExtension",
            extensionName: "ContainerInsights",
            streams: [containerInsightsStream],
            // ContainerLogV2: one schema for stdout/stderr with pod and container names (the queries of docs/operations.md use it).
            extensionSettings: { dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } },
          },
        ],
      },
      destinations: { logAnalytics: [{ name: "workspace", workspaceResourceId: workspaceId }] },
      dataFlows: [{ streams: [containerInsightsStream], destinations: ["workspace"] }],
      tags: settings.tags,
    },
    { parent },
  );
}

export function associateWithCluster(
  name: string,
  rule: monitor.DataCollectionRule,
  clusterId: pulumi.Input<string>,
  parent: pulumi.Resource,
) {
  return new monitor.DataCollectionRuleAssociation(
    `${name}-container-insights-association`,
    { associationName: "ContainerInsightsExtension", resourceUri: clusterId, dataCollectionRuleId: rule.id },
    { parent },
  );
}
