// The access table of docs/security.md, built from what the bootstrap and the main program really assign (under the
// offline mocks): Azure role assignments with their conditions, and Entra app role assignments. The doc's table must
// equal it; a new grant anywhere changes it, and the test prints the table to paste.
import { deployerRoles } from "../../bootstrap/roles";
import { builtInRoles } from "../../infra/lib/roles";
import { blobRequest, evaluateCondition } from "./abacEvaluator";
import type { RecordedResource } from "./mockAzure/mocks";
import { unwrapSecrets } from "./mockAzure/secrets";
import type { BootstrapRun } from "../../tools/render/runBootstrap";
import type { ProgramRun } from "../../tools/render/runProgram";

const roleTitles: Record<string, string> = {
  contributor: "Contributor",
  reader: "Reader",
  roleBasedAccessControlAdministrator: "Role Based Access Control Administrator",
  appConfigurationDataOwner: "App Configuration Data Owner",
  aksRbacClusterAdmin: "AKS RBAC Cluster Admin",
  aksClusterUser: "AKS Cluster User",
  aksRbacReader: "AKS RBAC Reader",
  acrPush: "AcrPush",
  acrPull: "AcrPull",
  storageBlobDataContributor: "Storage Blob Data Contributor",
  storageBlobDataReader: "Storage Blob Data Reader",
  keyVaultCryptoUser: "Key Vault Crypto User",
  keyVaultSecretsUser: "Key Vault Secrets User",
  appConfigurationDataReader: "App Configuration Data Reader",
  storageBlobDataOwner: "Storage Blob Data Owner",
  storageQueueDataContributor: "Storage Queue Data Contributor",
  storageQueueDataReader: "Storage Queue Data Reader",
  storageTableDataContributor: "Storage Table Data Contributor",
  monitoringMetricsPublisher: "Monitoring Metrics Publisher",
};
const roleByGuid = new Map<string, string>(
  [...Object.entries(deployerRoles), ...Object.entries(builtInRoles)].map(([name, guid]) => [guid, roleTitles[name] ?? name]),
);

/** Who signs in as each principal, and how. */
const signsIn: Record<string, string> = {
  "`preview` identity": "a pull-request job in environment `preview`, once a reviewer approves the run",
  "`dev` deployer": "a job in environment `dev` (branch `main` only): deploy-dev, promote-prod's resolve",
  "`prod` deployer": "a job in environment `prod` (branch `main`, once a reviewer approves): promote-prod",
  "smoke identity of `dev`": "a job in environment `dev`",
  "smoke identity of `prod`": "a job in environment `prod`",
  "operators (`operatorGroups`)": "members, with `az login`",
  "users of `dev` (`signIn.dev.accessGroups`)": "members, through OAuth2 Proxy or App Service sign-in",
  "users of `prod` (`signIn.prod.accessGroups`)": "members, through OAuth2 Proxy or App Service sign-in",
  "approvers of `dev` (`signIn.dev.approverGroups`)": "members, with a token for the API",
  "approvers of `prod` (`signIn.prod.approverGroups`)": "members, with a token for the API",
  "the app": "its pods (workload identity) or its App Service site (user-assigned identity)",
  "KEDA's queue scaler": "the AKS KEDA add-on, federated with its operator",
  "the AKS kubelet": "the cluster's nodes",
};

export interface AccessRow {
  who: string;
  role: string;
  on: string;
  limit: string;
}

const inputs = (resource: RecordedResource): Record<string, any> => unwrapSecrets(resource.inputs);
const lastSegment = (id: string) => id.split("/").pop()!;

function bootstrapPrincipals(run: BootstrapRun): Map<string, string> {
  const labels = new Map<string, string>();
  for (const principal of run.resources.filter((resource) => resource.type === "azuread:index/servicePrincipal:ServicePrincipal")) {
    const name = principal.name.replace(/-sp$/, "");
    const label = /^ci-(preview)$/.test(name)
      ? "`preview` identity"
      : /^ci-(dev|prod)$/.test(name)
        ? `\`${name.slice(3)}\` deployer`
        : /^smoke-(.+)$/.test(name)
          ? `smoke identity of \`${name.slice(6)}\``
          : undefined;
    if (label) labels.set(principal.state.objectId, label);
  }
  for (const group of run.settings.operatorGroups) labels.set(group, "operators (`operatorGroups`)");
  for (const level of ["dev", "prod"] as const) {
    for (const group of run.settings.signIn[level].accessGroups)
      labels.set(group, `users of \`${level}\` (\`signIn.${level}.accessGroups\`)`);
    for (const group of run.settings.signIn[level].approverGroups)
      labels.set(group, `approvers of \`${level}\` (\`signIn.${level}.approverGroups\`)`);
  }
  return labels;
}

function bootstrapScopes(run: BootstrapRun): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const resource of run.resources) {
    const stackGroup = /^stack-group-(.+)$/.exec(resource.name);
    if (stackGroup) scopes.set(resource.id, `resource group of \`${stackGroup[1]}\``);
    const key = /^secrets-key-(.+)$/.exec(resource.name);
    if (key) scopes.set(resource.id, `secrets-provider key of \`${key[1]}\``);
    if (resource.name === "secrets-bootstrap-key") scopes.set(resource.id, "the bootstrap's own key");
    if (resource.type === "azure-native:storage:BlobContainer") scopes.set(resource.id, "state container");
  }
  return scopes;
}

/** A state blob condition as what it allows on each stack's blobs, asked of the condition itself. */
function stateLimit(run: BootstrapRun, condition: string, canWrite: boolean): string {
  const project = run.settings.mainProject.name;
  const stacks = run.settings.stacks.map((stack) => stack.name);
  const allows = (operation: "read" | "write", path: string) => evaluateCondition(condition, blobRequest(operation, path));
  // A condition narrows a role and never widens it: a reader's condition has no write clause because it needs none.
  const updates = canWrite ? stacks.filter((stack) => allows("write", `.pulumi/locks/organization/${project}/${stack}/x.json`)) : [];
  const reads = stacks.filter((stack) => !updates.includes(stack) && allows("read", `.pulumi/stacks/${project}/${stack}.json`));
  return [
    updates.length ? `updates the state of ${updates.join(", ")}` : "",
    reads.length ? `reads the stack file of ${reads.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

function bootstrapRows(run: BootstrapRun): AccessRow[] {
  const principals = bootstrapPrincipals(run);
  const scopes = bootstrapScopes(run);
  const customRoles = new Map(
    run.resources
      .filter((resource) => resource.type === "azure-native:authorization:RoleDefinition")
      .map((resource) => [String(inputs(resource).roleDefinitionId), "resource lock operator (custom: locks only)"]),
  );
  const azureRows = run.resources
    .filter((resource) => resource.type === "azure-native:authorization:RoleAssignment")
    .map(inputs)
    .map((grant) => {
      const guid = lastSegment(String(grant.roleDefinitionId));
      const role = roleByGuid.get(guid) ?? customRoles.get(guid) ?? guid;
      const condition = grant.condition ? String(grant.condition) : "";
      const limit = !condition
        ? ""
        : condition.includes("roleAssignments")
          ? "only the roles of infra/lib/roles.ts, only to service principals"
          : stateLimit(run, condition, guid !== deployerRoles.storageBlobDataReader);
      return { who: principals.get(grant.principalId) ?? grant.principalId, role, on: scopes.get(grant.scope) ?? grant.scope, limit };
    });
  const apps = new Map(
    run.resources
      .filter((resource) => /^sign-in-(dev|prod)-sp$/.test(resource.name))
      .map((resource) => [resource.state.objectId, `sign-in app of \`${resource.name.split("-")[2]}\``]),
  );
  const roleValues = new Map(
    run.resources
      .filter((resource) => /^sign-in-(dev|prod)-app$/.test(resource.name))
      .flatMap((resource) => (inputs(resource).appRoles as Array<{ id: string; value: string }>).map((role) => [role.id, role.value])),
  );
  const appRows = run.resources
    .filter((resource) => resource.type === "azuread:index/appRoleAssignment:AppRoleAssignment")
    .map(inputs)
    .map((assignment) => ({
      who: principals.get(assignment.principalObjectId) ?? assignment.principalObjectId,
      role: `\`${roleValues.get(assignment.appRoleId) ?? assignment.appRoleId}\` app role`,
      on: apps.get(assignment.resourceObjectId) ?? assignment.resourceObjectId,
      limit: "",
    }));
  return [...azureRows, ...appRows];
}

const programScopes: Array<[RegExp, string]> = [
  [/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i, "its stack's registry"],
  [/Microsoft\.KeyVault\/vaults\/[^/]+$/i, "its stack's key vault"],
  [/Microsoft\.AppConfiguration\/configurationStores\/[^/]+$/i, "its stack's App Configuration store"],
  [/Microsoft\.Insights\/components\/[^/]+$/i, "its stack's Application Insights"],
  [/Microsoft\.Storage\/storageAccounts\/[^/]+$/i, "its stack's storage account"],
];

function programRows(run: ProgramRun): AccessRow[] {
  const owners = new Map<string, string>();
  for (const resource of run.resources) {
    if (resource.type === "azure-native:managedidentity:UserAssignedIdentity")
      owners.set(
        resource.state.principalId,
        resource.name === "app-identity" ? "the app" : resource.name === "app-keda-identity" ? "KEDA's queue scaler" : resource.name,
      );
    if (resource.type === "azure-native:containerservice:ManagedCluster") {
      const kubelet = resource.state.identityProfile?.kubeletidentity?.objectId;
      if (kubelet) owners.set(kubelet, "the AKS kubelet");
    }
  }
  return run.resources
    .filter((resource) => resource.type === "azure-native:authorization:RoleAssignment")
    .map(inputs)
    .map((grant) => ({
      who: owners.get(grant.principalId) ?? grant.principalId,
      role: roleByGuid.get(lastSegment(String(grant.roleDefinitionId))) ?? lastSegment(String(grant.roleDefinitionId)),
      on: programScopes.find(([pattern]) => pattern.test(String(grant.scope)))?.[1] ?? String(grant.scope),
      limit: "",
    }));
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The markdown table: one row per distinct grant, the hosting variants that make it named when not all do. */
export function accessTable(bootstrap: BootstrapRun, programs: Array<{ hosting: string; run: ProgramRun }>): string {
  const rows = new Map<string, AccessRow & { where: Set<string> }>();
  const add = (row: AccessRow, where: string) => {
    const key = [row.who, row.role, row.on, row.limit].join("\u0000");
    const existing = rows.get(key) ?? { ...row, where: new Set<string>() };
    existing.where.add(where);
    rows.set(key, existing);
  };
  for (const row of bootstrapRows(bootstrap)) add(row, "bootstrap");
  const hostings = [...new Set(programs.map((program) => program.hosting))];
  for (const program of programs) for (const row of programRows(program.run)) add(row, program.hosting);
  const lines = [...rows.values()]
    .map((row) => {
      const hosted = hostings.filter((hosting) => row.where.has(hosting));
      const given = row.where.has("bootstrap")
        ? "bootstrap"
        : hosted.length === hostings.length
          ? "program"
          : `program (${hosted.join(", ")})`;
      return `| ${cell(row.who)} | ${cell(signsIn[row.who] ?? "?")} | ${cell(row.role)} | ${cell(row.on)} | ${cell(row.limit || "-")} | ${given} |`;
    })
    .sort();
  return ["| who | signs in | role | on | limited to | granted by |", "| --- | --- | --- | --- | --- | --- |", ...lines].join("\n");
}
