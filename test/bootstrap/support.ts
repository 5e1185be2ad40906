import type { RecordedResource } from "../support/mockAzure/mocks";
import type { BootstrapRun } from "../../tools/render/runBootstrap";
import { unwrapSecrets } from "../support/mockAzure/secrets";
import { deployerRoles } from "../../bootstrap/roles";

export const entraTypes = {
  application: "azuread:index/application:Application",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  federatedCredential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  password: "azuread:index/applicationPassword:ApplicationPassword",
} as const;

export const ofType = (run: BootstrapRun, type: string): RecordedResource[] => run.resources.filter((resource) => resource.type === type);

export const inputsOf = (resource: RecordedResource): Record<string, any> => unwrapSecrets(resource.inputs);

const roleNames = new Map(Object.entries(deployerRoles).map(([name, id]) => [id, name]));

export interface RecordedGrant {
  role: string;
  scope: string;
  description?: string;
  condition?: string;
}

/** The object id of the service principal of a trust level's identity (`ci-<level>`). */
export function principalOf(run: BootstrapRun, level: string): string {
  const principal = run.resources.find((resource) => resource.type === entraTypes.servicePrincipal && resource.name === `ci-${level}-sp`);
  if (!principal) throw new Error(`no service principal for ${level}`);
  return principal.state.objectId;
}

/** Every role assignment to a principal, readable. */
export function grantsOf(run: BootstrapRun, principalId: string): RecordedGrant[] {
  return ofType(run, "azure-native:authorization:RoleAssignment")
    .map(inputsOf)
    .filter((inputs) => inputs.principalId === principalId)
    .map((inputs) => ({
      role: roleNames.get(String(inputs.roleDefinitionId).split("/").pop() as never) ?? String(inputs.roleDefinitionId),
      scope: inputs.scope,
      description: inputs.description,
      condition: inputs.condition,
    }));
}
