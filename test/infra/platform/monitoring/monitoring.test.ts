import { beforeAll, describe, expect, it } from "vitest";
import { hostSettingNames } from "../../../../app/src/contract/settingNames";
import { evaluatePolicies } from "../../../../policy/evaluate";
import { manifest } from "../../../support/programRuns";
import type { ProgramRun } from "../../../../tools/render/runProgram";
import { appIdentity, grantsTo, only, plainInputs, types, runStackVariants, stackVariants } from "../../../support/infra";

// What every stack carries: workspace, Application Insights by identity, diagnostics, alerts, workbook.
let runs: Map<string, ProgramRun>;
beforeAll(async () => {
  runs = await runStackVariants();
});

const ofType = (run: ProgramRun, type: string) => run.resources.filter((resource) => resource.type === type);

/** The app settings the Functions host receives, from the ConfigMap (AKS) or the site's app settings (App Service). */
function hostSettings(run: ProgramRun): Record<string, string> {
  if (run.settings.hosting === "aks") return manifest(run, "ConfigMap").data as Record<string, string>;
  const site = plainInputs(only(run, "azure-native:web:WebApp"));
  return Object.fromEntries(
    (site.siteConfig.appSettings as Array<{ name: string; value: string }>).map(({ name, value }) => [name, value]),
  );
}

describe.each(stackVariants)("$stack stack, hosting $hosting", ({ stack, hosting }) => {
  const run = () => runs.get(`${stack}/${hosting}`)!;
  const workspace = () => only(run(), types.workspace);
  const component = () => only(run(), types.appInsights);

  it("one Log Analytics workspace, pay-as-you-go, retention by environment", () => {
    const inputs = plainInputs(workspace());
    expect(inputs.sku).toEqual({ name: "PerGB2018" });
    expect(inputs.retentionInDays).toBe(stack === "prod" ? 90 : 30);
  });

  it("workspace-based Application Insights with local auth off", () => {
    expect(plainInputs(component())).toMatchObject({
      kind: "web",
      applicationType: "web",
      disableLocalAuth: true,
      workspaceResourceId: workspace().id,
    });
  });

  it("the host gets the connection string and ingests with the app identity (Entra ID)", () => {
    const settings = hostSettings(run());
    expect(settings[hostSettingNames.appInsightsConnectionString]).toBe(component().state.connectionString);
    expect(settings[hostSettingNames.appInsightsAuthenticationString]).toBe(`Authorization=AAD;ClientId=${run().outputs.identityClientId}`);
  });

  it("the app identity may publish to Application Insights, and only there", () => {
    const principal = appIdentity(run()).state.principalId as string;
    const publisher = grantsTo(run(), principal).filter((grant) => grant.role === "monitoringMetricsPublisher");
    expect(publisher).toEqual([{ role: "monitoringMetricsPublisher", scope: component().id }]);
  });

  it("diagnostic settings send Key Vault audit events, storage table/queue/blob logs, App Configuration and registry logs to the workspace", () => {
    const settings = ofType(run(), types.diagnosticSetting).map(plainInputs);
    for (const setting of settings) expect(setting.workspaceId).toBe(workspace().id);
    const categoriesOf = (resourceId: string) =>
      settings
        .filter((setting) => setting.resourceUri === resourceId)
        .flatMap((setting) =>
          (setting.logs ?? []).map((log: { category?: string; categoryGroup?: string }) => log.category ?? log.categoryGroup),
        );
    const account = only(run(), types.storageAccount).id;
    expect(categoriesOf(only(run(), types.vault).id)).toContain("AuditEvent");
    for (const service of ["blobServices", "queueServices", "tableServices"]) {
      expect(categoriesOf(`${account}/${service}/default`)).toEqual(["StorageRead", "StorageWrite", "StorageDelete"]);
    }
    expect(categoriesOf(only(run(), types.configurationStore).id)).toEqual(expect.arrayContaining(["HttpRequest", "Audit"]));
    expect(categoriesOf(only(run(), types.registry).id)).toEqual(
      expect.arrayContaining(["ContainerRegistryRepositoryEvents", "ContainerRegistryLoginEvents"]),
    );
  });

  it("an action group: e-mail in prod (Pulumi.prod.yaml), no receiver in dev", () => {
    const group = plainInputs(only(run(), types.actionGroup));
    expect(group.enabled).toBe(true);
    expect(group.emailReceivers ?? []).toHaveLength(stack === "prod" ? 1 : 0);
    expect(group.webhookReceivers ?? []).toHaveLength(0);
  });

  it("every alert rule notifies the action group and runs on the workspace or the storage queues", () => {
    const groupId = only(run(), types.actionGroup).id;
    const queryRules = ofType(run(), types.scheduledQueryRule).map(plainInputs);
    expect(queryRules.map((rule) => rule.displayName).sort()).toEqual(
      [
        "Orchestration failures",
        "HTTP 5xx rate",
        "Activity failures or poison messages",
        "Work-item queue wait",
        "Functions host restarts",
        "Parked orchestration instances",
        ...(hosting === "aks" ? ["Pod restarts"] : []),
      ].sort(),
    );
    for (const rule of queryRules) {
      expect(rule.scopes).toEqual([workspace().id]);
      expect(rule.actions.actionGroups).toEqual([groupId]);
      expect(rule.criteria.allOf[0].query.length).toBeGreaterThan(20);
    }
    const backlog = plainInputs(only(run(), types.metricAlert));
    expect(backlog.scopes).toEqual([`${only(run(), types.storageAccount).id}/queueServices/default`]);
    expect(backlog.criteria.allOf[0]).toMatchObject({
      metricName: "QueueMessageCount",
      threshold: run().settings.monitoring.queueBacklogThreshold,
    });
    expect(backlog.actions).toEqual([{ actionGroupId: groupId }]);
    // ARM accepts only these (Microsoft.Insights/metricAlerts: windowSize PT1M-P1D from this list, evaluationFrequency PT1M-PT1H),
    // and a window no shorter than the frequency; anything else fails the first `up`, which no mock would show.
    const minutes = { PT1M: 1, PT5M: 5, PT15M: 15, PT30M: 30, PT1H: 60, PT6H: 360, PT12H: 720, P1D: 1440 } as Record<string, number>;
    expect(["PT1M", "PT5M", "PT15M", "PT30M", "PT1H"]).toContain(backlog.evaluationFrequency);
    expect(Object.keys(minutes)).toContain(backlog.windowSize);
    expect(minutes[backlog.windowSize]).toBeGreaterThanOrEqual(minutes[backlog.evaluationFrequency]!);
  });

  it("a workbook in the workspace, its JSON a workbook document", () => {
    const workbook = plainInputs(only(run(), types.workbook));
    expect(workbook).toMatchObject({ kind: "shared", category: "workbook", sourceId: workspace().id });
    expect(JSON.parse(workbook.serializedData).version).toBe("Notebook/1.0");
  });

  it("the policy pack would stop this stack in prod if Application Insights accepted local auth", () => {
    const records = run().resources.map((resource) => ({
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      props: resource.type === types.appInsights ? { ...plainInputs(resource), disableLocalAuth: false } : resource.inputs,
    }));
    const violations = evaluatePolicies(records, { stack, project: run().settings.project }).filter(
      (violation) => violation.policy === "application-insights-entra-only-in-prod",
    );
    expect(violations).toHaveLength(stack === "prod" ? 1 : 0);
  });

  it("outputs name the Application Insights component and the workspace", () => {
    expect(run().outputs.applicationInsightsName).toBe(component().state.name);
    expect(run().outputs.logAnalyticsWorkspaceId).toBe(workspace().id);
  });

  if (hosting === "aks") {
    it("AKS: Container Insights by managed identity into the workspace, with its data collection rule on the cluster", () => {
      const cluster = only(run(), types.cluster);
      expect(plainInputs(cluster).addonProfiles.omsagent).toEqual({
        enabled: true,
        config: { logAnalyticsWorkspaceResourceID: workspace().id, useAADAuth: "true" },
      });
      const rule = only(run(), types.dataCollectionRule);
      const { destinations, dataFlows, dataSources } = plainInputs(rule);
      expect(destinations.logAnalytics[0].workspaceResourceId).toBe(workspace().id);
      expect(dataSources.extensions[0]).toMatchObject({
        extensionName: "ContainerInsights",
        streams: ["Microsoft-ContainerInsights-Group-Default"],
      });
      expect(dataFlows[0].streams).toEqual(["Microsoft-ContainerInsights-Group-Default"]);
      expect(plainInputs(only(run(), types.dataCollectionRuleAssociation))).toMatchObject({
        resourceUri: cluster.id,
        dataCollectionRuleId: rule.id,
      });
    });

    it("AKS: the control plane's audit-admin and API server logs go to resource-specific tables", () => {
      const setting = ofType(run(), types.diagnosticSetting)
        .map(plainInputs)
        .find((candidate) => candidate.resourceUri === only(run(), types.cluster).id);
      expect(setting?.logAnalyticsDestinationType).toBe("Dedicated");
      expect(setting?.logs.map((log: { category: string }) => log.category)).toEqual(["kube-audit-admin", "kube-apiserver"]);
    });
  } else {
    it("App Service: no Kubernetes monitoring", () => {
      expect(ofType(run(), types.dataCollectionRule)).toEqual([]);
    });
  }
});
