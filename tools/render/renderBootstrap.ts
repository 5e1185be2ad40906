import { deployerRoles } from "../../bootstrap/roles";
import type { RecordedResource } from "../../test/support/mockAzure/mocks";
import { reportPolicies } from "./policyReport";
import { runBootstrap, type BootstrapRun } from "./runBootstrap";
import { redacted, unwrapSecrets } from "../../test/support/mockAzure/secrets";

const roleTitles: Record<string, string> = {
  contributor: "Contributor",
  reader: "Reader",
  roleBasedAccessControlAdministrator: "Role Based Access Control Administrator (condition: the program's roles only)",
  appConfigurationDataOwner: "App Configuration Data Owner",
  aksRbacClusterAdmin: "Azure Kubernetes Service RBAC Cluster Admin",
  aksClusterUser: "Azure Kubernetes Service Cluster User Role",
  aksRbacReader: "Azure Kubernetes Service RBAC Reader",
  acrPush: "AcrPush",
  storageBlobDataContributor: "Storage Blob Data Contributor",
  storageBlobDataReader: "Storage Blob Data Reader",
  keyVaultCryptoUser: "Key Vault Crypto User",
};
const roleTitleById = new Map<string, string>(Object.entries(deployerRoles).map(([name, id]) => [id, roleTitles[name] ?? name]));

/** `/subscriptions/…/resourceGroups/rg` → `resource group rg`; a key, a container: their kind and name. */
function describeScope(scope: string): string {
  const key = /\/keys\/([^/]+)$/.exec(scope)?.[1];
  if (key) return `key ${key}`;
  const container = /\/containers\/([^/]+)$/.exec(scope)?.[1];
  if (container) return `state container ${container}`;
  return `resource group ${/\/resourceGroups\/([^/]+)$/.exec(scope)?.[1] ?? scope}`;
}

function grantLines(run: BootstrapRun): string[] {
  const identityOf = new Map(
    run.resources
      .filter((resource) => resource.type === "azuread:index/servicePrincipal:ServicePrincipal")
      .map((principal) => [principal.state.objectId, principal.name.replace(/-sp$/, "")]),
  );
  // Custom roles the bootstrap defines, by their GUID: shown by their name.
  const customRoles = new Map(
    run.resources
      .filter((resource) => resource.type === "azure-native:authorization:RoleDefinition")
      .map((resource) => unwrapSecrets(resource.inputs))
      .map((inputs) => [String(inputs.roleDefinitionId), `${String(inputs.roleName)} (custom)`]),
  );
  return run.resources
    .filter((resource) => resource.type === "azure-native:authorization:RoleAssignment")
    .map((resource) => unwrapSecrets(resource.inputs))
    .map((inputs) => {
      const guid = String(inputs.roleDefinitionId).split("/").pop()!;
      const role = roleTitleById.get(guid) ?? customRoles.get(guid) ?? inputs.roleDefinitionId;
      return `  ${(identityOf.get(inputs.principalId) ?? inputs.principalId).padEnd(11)} ${role} on ${describeScope(inputs.scope)}: ${inputs.description}`;
    })
    .sort();
}

const resourceLine = (resource: RecordedResource) => `  + ${resource.type}  ${resource.name}`;

/** The readable plan of the bootstrap: what it creates, each grant with its reason, the outputs (secrets redacted). */
export function formatBootstrapPlan(run: BootstrapRun): string {
  const created = run.resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:"));
  const lines = [
    `Bootstrap ${run.settings.stack} (${run.settings.project}) · for ${run.settings.mainProject.name} stacks ${run.settings.stacks.map((stack) => stack.name).join(", ")} · ${run.settings.location}`,
  ];
  lines.push("", `Resources to create: ${created.length}`, ...created.map(resourceLine));
  lines.push("", "Roles, and why each identity needs them:", ...grantLines(run));
  lines.push(
    "",
    "GitHub setup (a repository admin runs this script: `pulumi stack output githubSetupScript > github-setup.sh && bash github-setup.sh`):",
    ...String(run.outputs.githubSetupScript)
      .trimEnd()
      .split("\n")
      .map((line) => `  ${line}`),
  );
  lines.push("", "Stack outputs:");
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name !== "githubSetupScript") lines.push(`  ${name} = ${run.secretOutputs.includes(name) ? redacted : JSON.stringify(value)}`);
  }
  return lines.join("\n");
}

/** `npm run render -- --project bootstrap <stack>`: the plan, then the policy pack; 1 on a mandatory violation. */
export async function renderBootstrap(stack: string, overrides: Record<string, unknown>): Promise<number> {
  const run = await runBootstrap({ stack, config: overrides });
  console.log(formatBootstrapPlan(run));
  console.log("");
  const mandatory = reportPolicies(run.resources, { stack, project: run.settings.project });
  return mandatory ? 1 : 0;
}
