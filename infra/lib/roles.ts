import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as time from "@pulumiverse/time";

/**
 * The built-in roles (ids are the same in every subscription) this program assigns, and only those: bootstrap/ lets each
 * deploying identity assign exactly these (its ABAC condition is built from this list).
 */
export const builtInRoles = {
  acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  appConfigurationDataReader: "516239f1-63e1-4d78-a4de-a74fb236a071",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageQueueDataContributor: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  storageQueueDataReader: "19e7f393-937e-4f77-808e-94535e297925",
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  // Publishes all telemetry to Application Insights, not only metrics (MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles.md).
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
} as const;

export type BuiltInRole = keyof typeof builtInRoles;

/** A name-based (version 5 style) GUID: the same parts always give the same GUID. */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("|")).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>`, the subscription taken from the scope. */
export function roleDefinitionId(scope: string, role: BuiltInRole): string {
  return roleDefinitionIdOf(scope, builtInRoles[role], role);
}

/** The same for any role definition GUID (bootstrap/ grants roles the program never assigns). */
export function roleDefinitionIdOf(scope: string, roleGuid: string, roleName: string): string {
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  if (!subscription) throw new Error(`cannot assign ${roleName}: scope ${scope} is not inside a subscription`);
  return `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

export interface RoleGrant {
  role: BuiltInRole;
  /** The resource id the role applies to. */
  scope: pulumi.Input<string>;
  principalId: pulumi.Input<string>;
  /** Set for managed identities: ARM then skips the directory lookup that fails right after the identity was created. */
  principalType?: "ServicePrincipal" | "User" | "Group";
}

/**
 * A role assignment whose name is derived from scope, principal and role, so a re-run finds the same assignment
 * instead of failing with RoleAssignmentExists.
 */
export function assignRole(name: string, grant: RoleGrant, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
  return assignRoleById(name, { ...grant, roleGuid: builtInRoles[grant.role], roleName: grant.role }, opts);
}

export interface RoleGrantById extends Omit<RoleGrant, "role"> {
  /** A built-in role's GUID, or a custom role's (known once its subscription is). */
  roleGuid: pulumi.Input<string>;
  /** For error messages. */
  roleName: string;
  /** Why the principal needs the role: Azure shows it with the assignment. */
  description?: string;
  /** An ABAC condition (version 2.0). */
  condition?: string;
}

/** assignRole for any role definition GUID (bootstrap/ grants roles this program never assigns). */
export function assignRoleById(name: string, grant: RoleGrantById, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
  const ids = pulumi.all([grant.scope, grant.principalId, grant.roleGuid]).apply(([scope, principalId, roleGuid]) => ({
    name: deterministicGuid(scope.toLowerCase(), principalId, roleGuid),
    definition: roleDefinitionIdOf(scope, roleGuid, grant.roleName),
  }));
  return new authorization.RoleAssignment(
    name,
    {
      roleAssignmentName: ids.name,
      roleDefinitionId: ids.definition,
      scope: grant.scope,
      principalId: grant.principalId,
      principalType: grant.principalType,
      description: grant.description,
      ...(grant.condition ? { condition: grant.condition, conditionVersion: "2.0" } : {}),
    },
    opts,
  );
}

/**
 * How long a new role assignment may take to reach the services that check it: Azure documents several minutes of
 * propagation (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
 */
export const rolePropagationWait = "5m";

/**
 * A wait after `grants` that whatever uses them depends on. The wait runs when it is created and again only when a
 * grant is replaced or added (its id is a trigger), so an `up` that changes no grant does not wait.
 */
export function waitForRolePropagation(name: string, grants: pulumi.Resource[], opts?: pulumi.CustomResourceOptions): time.Sleep {
  const triggers = Object.fromEntries(
    grants.map((grant, index) => [`grant-${index}`, grant instanceof pulumi.CustomResource ? grant.id : grant.urn]),
  );
  return new time.Sleep(name, { createDuration: rolePropagationWait, triggers }, { ...opts, dependsOn: grants });
}
