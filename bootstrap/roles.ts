import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as time from "@pulumiverse/time";
import { assignRoleById, builtInRoles, deterministicGuid, rolePropagationWait } from "../infra/lib/roles";

/**
 * A custom role with the lock actions only: of the built-in roles only Owner and User Access Administrator may write
 * locks (Contributor excludes every Microsoft.Authorization write action;
 * https://learn.microsoft.com/rest/api/resources/management-locks/create-or-update-at-resource-level), and a production
 * stack puts CanNotDelete locks on its stateful resources (infra/lib/protection.ts).
 */
const lockActions = ["Microsoft.Authorization/locks/read", "Microsoft.Authorization/locks/write", "Microsoft.Authorization/locks/delete"];

/** Custom role ids and names are tenant-wide: each subscription's lock role has its own. */
export const lockOperatorGuid = (subscriptionId: string) =>
  deterministicGuid("durable-aks-bootstrap", "resource-lock-operator", subscriptionId.toLowerCase());

/** A custom role the bootstrap defines: its id is known only once the subscription is. */
export interface CustomRole {
  name: string;
  guid: pulumi.Input<string>;
}

/**
 * Defines the lock role once per subscription, assignable only in the given resource groups. Its first assignment waits
 * for the new definition to replicate: before that ARM answers RoleDefinitionDoesNotExist
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting, "up to 10 minutes" of ARM caching). The
 * wait runs again only when the definition is replaced (its id is the trigger).
 */
export function defineResourceLockOperator(
  name: string,
  args: { subscriptionId: pulumi.Input<string>; roleName: pulumi.Input<string>; assignableScopes: pulumi.Input<string>[] },
) {
  const guid = pulumi.output(args.subscriptionId).apply(lockOperatorGuid);
  const definition = new authorization.RoleDefinition(name, {
    roleDefinitionId: guid,
    scope: pulumi.interpolate`/subscriptions/${args.subscriptionId}`,
    roleName: args.roleName,
    description: "Creates and removes the CanNotDelete locks a production stack keeps on its stateful resources; nothing else.",
    permissions: [{ actions: lockActions }],
    assignableScopes: args.assignableScopes,
  });
  const replicated = new time.Sleep(
    `${name}-replicated`,
    { createDuration: rolePropagationWait, triggers: { definition: definition.id } },
    { dependsOn: [definition] },
  );
  return { definition, replicated, role: { name: "resourceLockOperator", guid } satisfies CustomRole };
}

/** Roles the bootstrap grants to the deploying identities (built-in ids are the same in every subscription). */
export const deployerRoles = {
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  roleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  appConfigurationDataOwner: "5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b",
  aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  aksClusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
  aksRbacReader: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
  acrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  acrPull: builtInRoles.acrPull,
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
} as const;

export type DeployerRole = keyof typeof deployerRoles;

/** The only principal type the main program assigns roles to: the identities it creates (managed identities, kubelet). */
export const programPrincipalTypes = ["ServicePrincipal"] as const;

/**
 * The ABAC condition on Role Based Access Control Administrator: the holder may create and delete assignments of the
 * roles the main program assigns (infra/lib/roles.ts), and only to service principals, so it can never make itself
 * Owner nor hand a data role to a user or a guest
 * (https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples, "Constrain roles and
 * principal types"). The program's principal ids are created by the program itself, so the bootstrap cannot list them.
 */
export function programRolesOnlyCondition(
  roleIds: readonly string[] = Object.values(builtInRoles),
  principalTypes: readonly string[] = programPrincipalTypes,
): string {
  const ids = [...new Set(roleIds)].sort().join(", ");
  const types = [...new Set(principalTypes)].map((type) => `'${type}'`).join(", ");
  const only = (action: string, source: "Request" | "Resource") =>
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR (@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}} AND @${source}[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {${types}}))`;
  return `(${only("write", "Request")} AND ${only("delete", "Resource")})`;
}

export interface DeployerGrant {
  role: DeployerRole | CustomRole;
  scope: pulumi.Input<string>;
  /** The service principal's (or, for operators, the group's) object id. */
  principalId: pulumi.Input<string>;
  /** Default: a service principal (a CI identity). */
  principalType?: "ServicePrincipal" | "Group";
  /** Why the identity needs it: stored as the assignment's description, so Azure shows the reason too. */
  why: string;
  condition?: string;
}

/** A role assignment to a deploying identity, named from scope, principal and role (infra/lib/roles.ts). */
export function grantRole(name: string, grant: DeployerGrant, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
  return assignRoleById(
    name,
    {
      roleGuid: typeof grant.role === "string" ? deployerRoles[grant.role] : grant.role.guid,
      roleName: typeof grant.role === "string" ? grant.role : grant.role.name,
      scope: grant.scope,
      principalId: grant.principalId,
      // A new service principal is not yet visible to every directory replica: the type skips that lookup.
      principalType: grant.principalType ?? "ServicePrincipal",
      description: grant.why,
      condition: grant.condition,
    },
    opts,
  );
}
