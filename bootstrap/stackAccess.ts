import * as pulumi from "@pulumi/pulumi";
import type { StackAccess as StackAccessSettings } from "./config";
import type { DeployIdentity, TrustLevel } from "./deployIdentity";
import { grantRole, programRolesOnlyCondition, type CustomRole, type DeployerRole } from "./roles";

export interface StackAccessArgs {
  stack: StackAccessSettings;
  /** Resource group ids by stack name (the stack's own, and the one it promotes from). */
  resourceGroupIds: Record<string, pulumi.Input<string>>;
  /** Secrets-provider key ids by stack name. */
  keyIds: Record<string, pulumi.Input<string>>;
  identities: Record<TrustLevel, DeployIdentity>;
  /** The custom lock role (bootstrap/roles.ts); granted to the prod trust level, whose stacks lock their data. */
  resourceLockOperator?: { replicated: pulumi.Resource; role: CustomRole };
}

type Grant = [part: string, role: DeployerRole | CustomRole, scope: pulumi.Input<string>, why: string, condition?: string];

/**
 * What each identity may do to one stack of the main program, scoped to that stack's resource group (or its key):
 * the deploying identity runs `pulumi up`, the preview identity (dev-deployed stacks only) runs `pulumi preview`.
 */
export class StackAccess extends pulumi.ComponentResource {
  constructor(name: string, args: StackAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:authorization:StackAccess", name, {}, opts);
    const { stack, resourceGroupIds, keyIds, identities } = args;
    const group = resourceGroupIds[stack.name]!;
    const key = keyIds[stack.name]!;

    const deployerGrants: Grant[] = [
      ["contributor", "contributor", group, "pulumi up creates, updates and deletes the stack's resources"],
      [
        "role-assignments",
        "roleBasedAccessControlAdministrator",
        group,
        "the program grants its own identities (app identity, kubelet) their roles; the condition allows only the roles in infra/lib/roles.ts",
        programRolesOnlyCondition(),
      ],
      // Pass-through "requires user to have data plane action permissions" (https://learn.microsoft.com/javascript/api/@azure/arm-appconfiguration/knownauthenticationmode).
      [
        "app-configuration-data-owner",
        "appConfigurationDataOwner",
        group,
        "ARM writes the App Configuration key-value with the caller's identity (pass-through; local auth is off)",
      ],
      [
        "aks-cluster-admin",
        "aksRbacClusterAdmin",
        group,
        "the Kubernetes provider applies the app's objects as this identity (Azure RBAC for Kubernetes, no local accounts)",
      ],
      ["state-key", "keyVaultCryptoUser", key, "encrypts and decrypts the stack's secrets (its secrets provider)"],
    ];
    if (stack.builds) deployerGrants.push(["acr-push", "acrPush", group, "pushes the image the stack builds to its registry"]);
    if (stack.promotesFrom) {
      deployerGrants.push(
        [
          "source-reader",
          "reader",
          resourceGroupIds[stack.promotesFrom]!,
          `az acr import resolves ${stack.promotesFrom}'s registry through ARM (with AcrPull alone it falls back to an anonymous pull)`,
        ],
        [
          "source-pull",
          "acrPull",
          resourceGroupIds[stack.promotesFrom]!,
          `az acr import reads the promoted manifest from ${stack.promotesFrom}'s registry`,
        ],
        [
          "source-state-key",
          "keyVaultCryptoUser",
          keyIds[stack.promotesFrom]!,
          `the StackReference reads ${stack.promotesFrom}'s outputs from its state, which that key encrypts`,
        ],
      );
    }
    this.grant(`${name}-${stack.deployer}`, identities[stack.deployer], deployerGrants);
    if (stack.deployer === "prod" && args.resourceLockOperator) {
      const why = "a production stack puts CanNotDelete locks on its stateful resources (infra/lib/protection.ts)";
      // Assigned only once the new definition has replicated (ARM answers RoleDefinitionDoesNotExist before).
      const { replicated, role } = args.resourceLockOperator;
      this.grant(`${name}-${stack.deployer}`, identities[stack.deployer], [["resource-locks", role, group, why]], [replicated]);
    }

    // Pull requests preview only what main deploys (never a stack of the protected environment), and only once a
    // reviewer of the preview environment has approved the run.
    if (stack.deployer === "dev") {
      this.grant(`${name}-preview`, identities.preview, [
        ["reader", "reader", group, "pulumi preview reads the stack's resources and nothing more"],
        ["aks-cluster-user", "aksClusterUser", group, "fetches the exec kubeconfig (listClusterUserCredential), which holds no credential"],
        // A preview whose server-side dry run is forbidden falls back to a client-side diff (pulumi/pulumi-kubernetes provider/pkg/provider/provider.go, Create/Update on IsForbidden).
        [
          "aks-reader",
          "aksRbacReader",
          group,
          "reads Kubernetes objects; a forbidden server-side dry run falls back to a client-side diff in preview",
        ],
        ["state-key", "keyVaultCryptoUser", key, "decrypts the stack's config secrets for the preview"],
      ]);
    }
    this.registerOutputs({});
  }

  private grant(prefix: string, identity: DeployIdentity, grants: Grant[], dependsOn: pulumi.Resource[] = []) {
    for (const [part, role, scope, why, condition] of grants) {
      grantRole(`${prefix}-${part}`, { role, scope, principalId: identity.principalId, why, condition }, { parent: this, dependsOn });
    }
  }
}
