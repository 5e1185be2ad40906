import { expect } from "vitest";
import { builtInRoles, type BuiltInRole } from "../../infra/lib/roles";
import type { RecordedResource } from "./mockAzure/mocks";
import type { ProgramRun } from "../../tools/render/runProgram";
import { unwrapSecrets } from "./mockAzure/secrets";
import { sharedRun } from "./programRuns";

export const types = {
  resourceGroup: "azure-native:resources:ResourceGroup",
  storageAccount: "azure-native:storage:StorageAccount",
  blobService: "azure-native:storage:BlobServiceProperties",
  table: "azure-native:storage:Table",
  vault: "azure-native:keyvault:Vault",
  vaultSecret: "azure-native:keyvault:Secret",
  configurationStore: "azure-native:appconfiguration:ConfigurationStore",
  keyValue: "azure-native:appconfiguration:KeyValue",
  registry: "azure-native:containerregistry:Registry",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  cluster: "azure-native:containerservice:ManagedCluster",
  agentPool: "azure-native:containerservice:AgentPool",
  kubernetesProvider: "pulumi:providers:kubernetes",
  workspace: "azure-native:operationalinsights:Workspace",
  appInsights: "azure-native:applicationinsights:Component",
  workbook: "azure-native:applicationinsights:Workbook",
  diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
  actionGroup: "azure-native:monitor:ActionGroup",
  scheduledQueryRule: "azure-native:monitor:ScheduledQueryRule",
  metricAlert: "azure-native:monitor:MetricAlert",
  dataCollectionRule: "azure-native:monitor:DataCollectionRule",
  dataCollectionRuleAssociation: "azure-native:monitor:DataCollectionRuleAssociation",
} as const;

/** Both stacks on both hostings, as the stack files have them (App Service needs no OAuth2 Proxy). */
export const stackVariants = [
  { stack: "dev", hosting: "aks", config: {} },
  { stack: "dev", hosting: "appService", config: { hosting: "appService", oauth2Proxy: undefined } },
  { stack: "prod", hosting: "aks", config: {} },
  { stack: "prod", hosting: "appService", config: { hosting: "appService", oauth2Proxy: undefined } },
] as const;

/** The single resource of a type: fails if there is none or more than one. */
export function only(run: ProgramRun, type: string): RecordedResource {
  const found = run.resources.filter((resource) => resource.type === type);
  expect(
    found.map((resource) => resource.name),
    `exactly one ${type}`,
  ).toHaveLength(1);
  return found[0]!;
}

/** The app's user-assigned identity (KEDA has one of its own). */
export function appIdentity(run: ProgramRun): RecordedResource {
  const found = run.resources.filter((resource) => resource.type === types.identity && resource.name === "app-identity");
  expect(found, "the app identity").toHaveLength(1);
  return found[0]!;
}

/** A resource's inputs with secret envelopes removed. */
export const plainInputs = (resource: RecordedResource): Record<string, any> => unwrapSecrets(resource.inputs);

export interface Grant {
  role: BuiltInRole | string;
  scope: string;
}

const roleNames = new Map(Object.entries(builtInRoles).map(([name, id]) => [id, name]));

/** Every role assignment to a principal, as readable (role, scope) pairs. */
export function grantsTo(run: ProgramRun, principalId: string): Grant[] {
  return run.resources
    .filter((resource) => resource.type === types.roleAssignment && plainInputs(resource).principalId === principalId)
    .map((resource) => {
      const { roleDefinitionId, scope } = plainInputs(resource);
      const roleId = String(roleDefinitionId).split("/").pop()!;
      return { role: roleNames.get(roleId as never) ?? roleId, scope };
    });
}

/** The shared program run of each variant, keyed `<stack>/<hosting>`; call from beforeAll. */
export async function runStackVariants(): Promise<Map<string, ProgramRun>> {
  const runs = new Map<string, ProgramRun>();
  for (const variant of stackVariants) runs.set(`${variant.stack}/${variant.hosting}`, await sharedRun(variant.stack, variant.config));
  return runs;
}
