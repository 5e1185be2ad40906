import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { deployerRoles, lockOperatorGuid, programRolesOnlyCondition } from "../../bootstrap/roles";
import { builtInRoles } from "../../infra/lib/roles";
import { AzureMocks } from "../support/mockAzure/mocks";
import { runBootstrap, type BootstrapRun } from "../../tools/render/runBootstrap";
import { runProgram, type ProgramRun } from "../../tools/render/runProgram";
import { actionFiles, allJobs, environmentOf, workflowFiles } from "../workflows/workflow-files";
import { blobRequest, evaluateCondition } from "../support/abacEvaluator";
import { entraTypes, grantsOf, inputsOf, ofType, principalOf } from "./support";
import { sharedBootstrapRun, sharedRun } from "../support/programRuns";

// The one-time setup, run for the sample stack file bootstrap/Pulumi.subscription.yaml under the offline mocks.
let run: BootstrapRun;
const main: Record<string, ProgramRun> = {};
beforeAll(async () => {
  run = await sharedBootstrapRun("subscription");
  for (const [name, stack, config] of [
    ["dev", "dev", {}],
    ["prod", "prod", {}],
    ["dev/appService", "dev", { hosting: "appService", oauth2Proxy: undefined }],
    ["prod/appService", "prod", { hosting: "appService", oauth2Proxy: undefined }],
  ] as const) {
    main[name] = await sharedRun(stack, config);
  }
});

const only = (type: string) => {
  const found = ofType(run, type);
  expect(
    found.map((resource) => resource.name),
    type,
  ).toHaveLength(1);
  return found[0]!;
};
const groupId = (stack: string) => run.resources.find((resource) => resource.name === `stack-group-${stack}`)!.id;
const keyId = (stack: string) => run.resources.find((resource) => resource.name === `secrets-key-${stack}`)!.id;
const containerId = () => only("azure-native:storage:BlobContainer").id;
const lockRole = () => inputsOf(only("azure-native:authorization:RoleDefinition"));

describe("state backend", () => {
  it("storage account: Entra ID only (no shared keys), HTTPS only, TLS 1.2, no public blob access, protected", () => {
    const account = only("azure-native:storage:StorageAccount");
    expect(inputsOf(account)).toMatchObject({
      allowSharedKeyAccess: false,
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      kind: "StorageV2",
    });
  });

  it("blobs keep versions and soft-deleted copies; the container is private", () => {
    expect(inputsOf(only("azure-native:storage:BlobServiceProperties"))).toMatchObject({
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 30 },
      containerDeleteRetentionPolicy: { enabled: true, days: 30 },
    });
    expect(inputsOf(only("azure-native:storage:BlobContainer"))).toMatchObject({ containerName: "pulumi-state", publicAccess: "None" });
  });

  it("secrets vault: RBAC, purge protection, one key per stack named as the workflows expect, and one for the bootstrap itself", () => {
    expect(inputsOf(only("azure-native:keyvault:Vault")).properties).toMatchObject({
      enableRbacAuthorization: true,
      enablePurgeProtection: true,
      enableSoftDelete: true,
    });
    const keys = ofType(run, "azure-native:keyvault:Key").map((key) => inputsOf(key).keyName);
    expect(keys.sort()).toEqual(["durable-aks-bootstrap-subscription", "durable-aks-dev", "durable-aks-prod"]);
    expect(run.outputs.bootstrapSecretsProvider).toMatch(
      /^azurekeyvault:\/\/kv-pulumi-[a-z0-9]{6}\.vault\.azure\.net\/keys\/durable-aks-bootstrap-subscription$/,
    );
    const workflowsText = workflowFiles.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(workflowsText).toContain("/keys/durable-aks-dev");
  });
});

describe("resource groups", () => {
  it("one per stack, named exactly as the main program looks it up", () => {
    for (const stack of ["dev", "prod"]) {
      expect(run.outputs.resourceGroups).toMatchObject({ [stack]: main[stack]!.settings.names.resourceGroup });
      const lookup = main[stack]!.calls.find((call) => call.token === "azure-native:resources:getResourceGroup");
      expect(lookup?.inputs.resourceGroupName).toBe(main[stack]!.settings.names.resourceGroup);
    }
  });
});

describe("CI identities", () => {
  it("one application per trust level, each federated to exactly its GitHub environment's subject", () => {
    const subjects = ofType(run, entraTypes.federatedCredential).map((credential) => [
      credential.name,
      inputsOf(credential).subject,
      inputsOf(credential).issuer,
      inputsOf(credential).audiences,
    ]);
    expect(subjects.filter(([name]) => String(name).startsWith("ci-"))).toEqual([
      [
        "ci-preview-github",
        "repo:contoso/durable-aks:environment:preview",
        "https://token.actions.githubusercontent.com",
        ["api://AzureADTokenExchange"],
      ],
      [
        "ci-dev-github",
        "repo:contoso/durable-aks:environment:dev",
        "https://token.actions.githubusercontent.com",
        ["api://AzureADTokenExchange"],
      ],
      [
        "ci-prod-github",
        "repo:contoso/durable-aks:environment:prod",
        "https://token.actions.githubusercontent.com",
        ["api://AzureADTokenExchange"],
      ],
    ]);
  });

  it("federates with GitHub's immutable-id subjects when github.subjectPrefix says so", async () => {
    const byId = await runBootstrap({
      stack: "subscription",
      config: { github: { subjectPrefix: "repo:contoso@123456/durable-aks@456789" } },
    });
    const subjects = ofType(byId, entraTypes.federatedCredential).map((credential) => inputsOf(credential).subject as string);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) expect(subject).toMatch(/^repo:contoso@123456\/durable-aks@456789:environment:(preview|dev|prod)$/);
  });

  it("no identity trusts a subject without an environment: not main's branch, not a bare pull request", () => {
    for (const credential of ofType(run, entraTypes.federatedCredential)) {
      expect(inputsOf(credential).subject).not.toMatch(/:ref:|:pull_request$/);
    }
  });

  it("every grant says why, and none is scoped to the subscription", () => {
    const assignments = ofType(run, "azure-native:authorization:RoleAssignment").map(inputsOf);
    expect(assignments.length).toBeGreaterThan(0);
    for (const assignment of assignments) {
      expect(assignment.description, assignment.roleDefinitionId).toMatch(/\w{3,} \w{3,}/);
      expect(assignment.scope).toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/.+/);
      expect(["ServicePrincipal", "Group"]).toContain(assignment.principalType);
    }
  });

  it("grants nothing to whoever runs the bootstrap", () => {
    const principals = ofType(run, "azure-native:authorization:RoleAssignment").map((assignment) => inputsOf(assignment).principalId);
    expect(principals).not.toContain(run.mocks.deployerObjectId);
  });

  /** A trust level's grants as sorted `role @ scope` lines: the comparison says exactly what is missing or extra. */
  const grantsTo = (level: string) =>
    grantsOf(run, principalOf(run, level))
      .map(({ role, scope }) => `${role} @ ${scope}`)
      .sort();
  const lines = (grants: Array<[role: string, scope: string]>) => grants.map(([role, scope]) => `${role} @ ${scope}`).sort();

  it("preview: read-only roles on dev only, dev's state key only, state blobs read-only", () => {
    expect(grantsTo("preview")).toEqual(
      lines([
        ["reader", groupId("dev")],
        ["aksClusterUser", groupId("dev")],
        ["aksRbacReader", groupId("dev")],
        ["keyVaultCryptoUser", keyId("dev")],
        ["storageBlobDataReader", containerId()],
      ]),
    );
  });

  it("dev: deploys the dev stack within its resource group, with its own key, and pushes what it builds", () => {
    expect(grantsTo("dev")).toEqual(
      lines([
        ["acrPush", groupId("dev")],
        ["aksRbacClusterAdmin", groupId("dev")],
        ["appConfigurationDataOwner", groupId("dev")],
        ["contributor", groupId("dev")],
        ["keyVaultCryptoUser", keyId("dev")],
        ["roleBasedAccessControlAdministrator", groupId("dev")],
        ["storageBlobDataContributor", containerId()],
      ]),
    );
  });

  it("prod: deploys prod within its resource group, reads dev's registry and outputs to promote, never builds", () => {
    expect(grantsTo("prod")).toEqual(
      lines([
        ["contributor", groupId("prod")],
        ["roleBasedAccessControlAdministrator", groupId("prod")],
        ["appConfigurationDataOwner", groupId("prod")],
        ["aksRbacClusterAdmin", groupId("prod")],
        ["keyVaultCryptoUser", keyId("prod")],
        ["reader", groupId("dev")],
        ["acrPull", groupId("dev")],
        ["keyVaultCryptoUser", keyId("dev")],
        ["storageBlobDataContributor", containerId()],
        // A custom role: the readable line carries its full definition id.
        [
          `/subscriptions/${run.mocks.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${lockRole().roleDefinitionId}`,
          groupId("prod"),
        ],
      ]),
    );
  });

  it("prod may write the CanNotDelete locks the prod program creates, through a custom role with the lock actions only", () => {
    // Only Owner and User Access Administrator hold the lock actions among built-in roles; Contributor excludes
    // Microsoft.Authorization/*/Write (https://learn.microsoft.com/rest/api/resources/management-locks/create-or-update-at-resource-level).
    const locks = (programRun: ProgramRun) =>
      programRun.resources.filter((resource) => resource.type === "azure-native:authorization:ManagementLockByScope");
    expect(locks(main.prod!).length).toBeGreaterThan(0);
    const role = only("azure-native:authorization:RoleDefinition");
    expect(inputsOf(role)).toMatchObject({
      roleDefinitionId: lockOperatorGuid(run.mocks.subscriptionId),
      permissions: [
        { actions: ["Microsoft.Authorization/locks/read", "Microsoft.Authorization/locks/write", "Microsoft.Authorization/locks/delete"] },
      ],
      assignableScopes: [groupId("prod")],
    });
    expect(inputsOf(role).permissions[0].notActions ?? []).toEqual([]);
    expect(locks(main.dev!)).toEqual([]);
    expect(grantsTo("dev").some((line) => line.includes(lockRole().roleDefinitionId))).toBe(false);
  });

  it("the lock role is the subscription's own: custom role ids and names are tenant-wide, so a second subscription must not collide", async () => {
    const elsewhere = await runBootstrap({
      stack: "subscription",
      mocks: new AzureMocks({ subscriptionId: "11111111-2222-4333-8444-555555555555" }),
    });
    const other = inputsOf(elsewhere.resources.find((resource) => resource.type === "azure-native:authorization:RoleDefinition")!);
    expect(other.roleDefinitionId).not.toBe(lockRole().roleDefinitionId);
    expect(other.roleName).not.toBe(lockRole().roleName);
    expect(lockRole().roleName).toMatch(/^durable-aks resource lock operator \([a-z0-9]{6}\)$/);
  });

  it("may assign only the roles of infra/lib/roles.ts, which cover every role the main program assigns, and never one that grants access or ownership", () => {
    const conditions = ofType(run, "azure-native:authorization:RoleAssignment")
      .map(inputsOf)
      .filter((inputs) => String(inputs.roleDefinitionId).endsWith(deployerRoles.roleBasedAccessControlAdministrator));
    expect(conditions).toHaveLength(2);
    const assigned = new Set(
      Object.values(main).flatMap((programRun) =>
        programRun.resources
          .filter((resource) => resource.type === "azure-native:authorization:RoleAssignment")
          .map((resource) => String(inputsOf(resource).roleDefinitionId).split("/").pop()!),
      ),
    );
    expect(assigned.size).toBeGreaterThan(0);
    expect(Object.values(builtInRoles)).toEqual(expect.arrayContaining([...assigned]));
    for (const { condition, conditionVersion } of conditions) {
      expect(conditionVersion).toBe("2.0");
      expect(condition).toBe(programRolesOnlyCondition(Object.values(builtInRoles), ["ServicePrincipal"]));
      for (const role of assigned) expect(condition).toContain(role);
      // Owner, User Access Administrator, Role Based Access Control Administrator, Contributor.
      for (const privileged of [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
      ]) {
        expect(condition).not.toContain(privileged);
      }
    }
  });

  it("the main program assigns roles only to service principals, the one principal type the condition admits", () => {
    const types = Object.values(main).flatMap((programRun) =>
      programRun.resources
        .filter((resource) => resource.type === "azure-native:authorization:RoleAssignment")
        .map((resource) => inputsOf(resource).principalType),
    );
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(["ServicePrincipal"]));
  });

  it("the lock role's assignment waits until the new definition has replicated, and only a new definition waits again", () => {
    const sleep = only("time:index/sleep:Sleep");
    expect(sleep.name).toBe("resource-lock-operator-replicated");
    expect(sleep.options.dependsOn).toEqual(["resource-lock-operator"]);
    const definition = only("azure-native:authorization:RoleDefinition");
    expect(inputsOf(sleep).triggers).toEqual({ definition: definition.id });
    const lockGrant = run.resources.find((resource) => resource.name === "stack-prod-prod-resource-locks")!;
    expect(lockGrant.options.dependsOn).toEqual(["resource-lock-operator-replicated"]);
  });
});

describe("state blobs, by path (one container: prod reads dev's outputs through a StackReference)", () => {
  const stateGrant = (name: string) => inputsOf(run.resources.find((resource) => resource.name === name)!);
  const allows = (grant: string, operation: Parameters<typeof blobRequest>[0], path: string) =>
    evaluateCondition(String(stateGrant(grant).condition), blobRequest(operation, path));
  const stack = (name: string, file = "json") => `.pulumi/stacks/durable-aks/${name}.${file}`;
  const lock = (name: string) => `.pulumi/locks/organization/durable-aks/${name}/a1b2.json`;
  const bootstrapState = ".pulumi/stacks/durable-aks-bootstrap/subscription.json";

  it("every CI grant on the container carries a path condition", () => {
    for (const name of ["ci-dev-state-writer", "ci-prod-state-writer", "ci-preview-state-reader"]) {
      expect(stateGrant(name)).toMatchObject({ scope: containerId(), conditionVersion: "2.0" });
      expect(String(stateGrant(name).condition)).toContain("blobs:path");
    }
  });

  it("the dev deployer updates dev's state and cannot write, delete or even read prod's", () => {
    expect(allows("ci-dev-state-writer", "write", stack("dev"))).toBe(true);
    expect(allows("ci-dev-state-writer", "write", lock("dev"))).toBe(true);
    for (const operation of ["read", "write", "delete", "move"] as const) {
      expect(allows("ci-dev-state-writer", operation, stack("prod")), operation).toBe(false);
      expect(allows("ci-dev-state-writer", operation, lock("prod")), operation).toBe(false);
      expect(allows("ci-dev-state-writer", operation, bootstrapState), operation).toBe(false);
    }
  });

  it("the prod deployer updates prod's state and reads dev's stack file (the StackReference), writing nothing of dev's", () => {
    expect(allows("ci-prod-state-writer", "write", stack("prod"))).toBe(true);
    expect(allows("ci-prod-state-writer", "delete", lock("prod"))).toBe(true);
    expect(allows("ci-prod-state-writer", "read", stack("dev"))).toBe(true);
    expect(allows("ci-prod-state-writer", "list", stack("dev"))).toBe(true);
    for (const operation of ["write", "delete", "move", "add"] as const) {
      expect(allows("ci-prod-state-writer", operation, stack("dev")), operation).toBe(false);
    }
    expect(allows("ci-prod-state-writer", "read", ".pulumi/history/durable-aks/dev/dev-1.history.json")).toBe(false);
    expect(allows("ci-prod-state-writer", "read", bootstrapState)).toBe(false);
  });

  it("pull-request previews read dev's stack file only: no prod state, no history, no locks", () => {
    expect(allows("ci-preview-state-reader", "read", stack("dev"))).toBe(true);
    expect(allows("ci-preview-state-reader", "read", ".pulumi/meta.yaml")).toBe(true);
    for (const path of [
      stack("prod"),
      stack("prod", "json.bak"),
      lock("dev"),
      ".pulumi/backups/durable-aks/dev/dev.1.json",
      bootstrapState,
    ]) {
      expect(allows("ci-preview-state-reader", "read", path), path).toBe(false);
    }
    expect(allows("ci-preview-state-reader", "list", ".pulumi/stacks/durable-aks/")).toBe(false);
  });
});

describe("operators (the people who create the stacks, run the bootstrap and deploy from a workstation)", () => {
  // Owner holds no data actions: `pulumi login azblob://…` and `--secrets-provider azurekeyvault://…` need data roles.
  const operators = "22222222-3333-4444-8555-666666666666";
  it("get exactly the state container's and every key's data roles (the bootstrap's too), as a group", async () => {
    const withOperators = await runBootstrap({ stack: "subscription", config: { operatorGroups: [operators] } });
    const grants = grantsOf(withOperators, operators)
      .map(({ role, scope }) => `${role} @ ${scope}`)
      .sort();
    const idOf = (name: string) => withOperators.resources.find((resource) => resource.name === name)!.id;
    expect(grants).toEqual(
      [
        `storageBlobDataContributor @ ${withOperators.resources.find((resource) => resource.type === "azure-native:storage:BlobContainer")!.id}`,
        `keyVaultCryptoUser @ ${idOf("secrets-key-dev")}`,
        `keyVaultCryptoUser @ ${idOf("secrets-key-prod")}`,
        `keyVaultCryptoUser @ ${idOf("secrets-bootstrap-key")}`,
      ].sort(),
    );
    const assignments = withOperators.resources.filter(
      (resource) => resource.type === "azure-native:authorization:RoleAssignment" && inputsOf(resource).principalId === operators,
    );
    for (const assignment of assignments) expect(inputsOf(assignment).principalType).toBe("Group");
  });

  it("are the only people granted anything: the groups the stack file names", () => {
    const groups = ofType(run, "azure-native:authorization:RoleAssignment")
      .map(inputsOf)
      .filter((inputs) => inputs.principalType === "Group")
      .map((inputs) => inputs.principalId);
    expect(new Set(groups)).toEqual(new Set(run.settings.operatorGroups));
  });

  it("the CI identities cannot use the bootstrap's own key", () => {
    const bootstrapKey = run.resources.find((resource) => resource.name === "secrets-bootstrap-key")!.id;
    const onIt = ofType(run, "azure-native:authorization:RoleAssignment")
      .map(inputsOf)
      .filter((inputs) => inputs.scope === bootstrapKey);
    expect(onIt.map((inputs) => inputs.principalType)).toEqual(run.settings.operatorGroups.map(() => "Group"));
  });
});

describe("sign-in applications, one per trust level", () => {
  const app = (level: string) => run.resources.find((resource) => resource.name === `sign-in-${level}-app`)!;
  const principal = (level: string) => run.resources.find((resource) => resource.name === `sign-in-${level}-sp`)!;

  it("each with its own stacks' redirect URIs (OAuth2 Proxy's and App Service authentication's) and assignment required", () => {
    expect(inputsOf(app("dev")).web.redirectUris).toEqual([
      "https://durable-dev.example.com/oauth2/callback",
      "https://durable-dev.example.com/.auth/login/aad/callback",
    ]);
    expect(inputsOf(app("prod")).web.redirectUris).toEqual([
      "https://durable.example.com/oauth2/callback",
      "https://durable.example.com/.auth/login/aad/callback",
    ]);
    for (const level of ["dev", "prod"]) expect(inputsOf(principal(level)).appRoleAssignmentRequired).toBe(true);
    expect(app("dev").state.clientId).not.toBe(app("prod").state.clientId);
    expect(run.outputs.signInClientIds).toEqual({ dev: app("dev").state.clientId, prod: app("prod").state.clientId });
  });

  it("app roles: access (people and programs) and approver (people only)", () => {
    for (const level of ["dev", "prod"]) {
      expect(inputsOf(app(level)).appRoles).toEqual([
        expect.objectContaining({ value: "access", allowedMemberTypes: ["User", "Application"], enabled: true }),
        expect.objectContaining({ value: "approver", allowedMemberTypes: ["User"], enabled: true }),
      ]);
    }
  });

  it("is an API programs can get tokens for: v2 tokens, api://<client id>, a scope the Azure CLI may ask for", () => {
    // https://learn.microsoft.com/entra/identity-platform/access-tokens: v1 access tokens carry https://sts.windows.net/<tenant>/ instead.
    for (const level of ["dev", "prod"]) {
      const api = inputsOf(app(level)).api;
      expect(api.requestedAccessTokenVersion).toBe(2);
      expect(api.oauth2PermissionScopes).toEqual([expect.objectContaining({ value: "access_as_user", type: "User", enabled: true })]);
      // A separate ApplicationIdentifierUri requires the application to ignore identifierUris (azuread docs).
      expect(app(level).options.ignoreChanges).toContain("identifierUris");
      const uri = run.resources.find((resource) => resource.name === `sign-in-${level}-identifier-uri`)!;
      expect(inputsOf(uri)).toEqual({ applicationId: app(level).id, identifierUri: `api://${app(level).state.clientId}` });
      const preAuthorized = run.resources.find((resource) => resource.name === `sign-in-${level}-azure-cli`)!;
      expect(inputsOf(preAuthorized)).toEqual({
        applicationId: app(level).id,
        authorizedClientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        permissionIds: [api.oauth2PermissionScopes[0].id],
      });
    }
  });

  it("gives the configured groups access or the approver role on their own trust level's application", async () => {
    const [users, approvers] = ["33333333-4444-4555-8666-777777777777", "44444444-5555-4666-8777-888888888888"];
    const withGroups = await runBootstrap({
      stack: "subscription",
      config: { signIn: { prod: { accessGroups: [users], approverGroups: [approvers] } } },
    });
    const assignments = ofType(withGroups, "azuread:index/appRoleAssignment:AppRoleAssignment").map((resource): Record<string, any> => ({
      name: resource.name,
      ...inputsOf(resource),
    }));
    const prodApp = withGroups.resources.find((resource) => resource.name === "sign-in-prod-app")!;
    const prodPrincipal = withGroups.resources.find((resource) => resource.name === "sign-in-prod-sp")!;
    const roleId = (value: string) => inputsOf(prodApp).appRoles.find((role: { value: string }) => role.value === value).id;
    expect(assignments.filter((assignment) => [users, approvers].includes(assignment.principalObjectId))).toEqual([
      {
        name: `sign-in-prod-group-${users}`,
        appRoleId: roleId("access"),
        principalObjectId: users,
        resourceObjectId: prodPrincipal.state.objectId,
      },
      {
        name: `sign-in-prod-approver-${approvers}`,
        appRoleId: roleId("approver"),
        principalObjectId: approvers,
        resourceObjectId: prodPrincipal.state.objectId,
      },
    ]);
  });

  it("dev keeps the one application all stacks used to share (an alias: same client id); prod gets a new one", () => {
    const component = (level: string) => run.resources.find((resource) => resource.name === `sign-in-${level}`)!;
    expect(component("dev").options.aliases).toEqual([{ name: "oauth2-proxy", type: "durable-aks-bootstrap:entra:OAuth2ProxyApp" }]);
    expect(component("prod").options.aliases).toEqual([]);
  });

  it("a client secret per stack on its own trust level's application, only as a secret output", () => {
    const passwords = ofType(run, entraTypes.password).map((password) => [password.name, inputsOf(password).applicationId]);
    expect(passwords).toEqual(
      expect.arrayContaining([
        ["sign-in-dev-secret-dev", app("dev").id],
        ["sign-in-prod-secret-prod", app("prod").id],
      ]),
    );
    expect(passwords).toHaveLength(2);
    expect(run.secretOutputs).toEqual(["oauth2ProxyClientSecrets"]);
    const secrets = Object.values(run.outputs.oauth2ProxyClientSecrets as Record<string, string>);
    expect(secrets).toHaveLength(2);
    const plainOutputs = JSON.stringify(
      Object.fromEntries(Object.entries(run.outputs).filter(([name]) => !run.secretOutputs.includes(name))),
    );
    for (const secret of secrets) expect(plainOutputs).not.toContain(secret);
  });
});

describe("smoke identities, one per stack", () => {
  const smokePrincipal = (stack: string) => run.resources.find((resource) => resource.name === `smoke-${stack}-sp`)!.state.objectId;

  it("federated with the subject of the stack's GitHub environment", () => {
    const subjects = Object.fromEntries(
      ofType(run, entraTypes.federatedCredential)
        .filter((credential) => credential.name.startsWith("smoke-"))
        .map((credential) => [credential.name, inputsOf(credential).subject]),
    );
    expect(subjects).toEqual({
      "smoke-dev-github": "repo:contoso/durable-aks:environment:dev",
      "smoke-prod-github": "repo:contoso/durable-aks:environment:prod",
    });
  });

  it("hold the access role of their stack's sign-in application and nothing else: no Azure role, never approver", () => {
    for (const [stack, level] of [
      ["dev", "dev"],
      ["prod", "prod"],
    ]) {
      const principal = smokePrincipal(stack);
      expect(grantsOf(run, principal)).toEqual([]);
      const app = run.resources.find((resource) => resource.name === `sign-in-${level}-app`)!;
      const access = inputsOf(app).appRoles.find((role: { value: string }) => role.value === "access").id;
      const assignments = ofType(run, "azuread:index/appRoleAssignment:AppRoleAssignment")
        .map(inputsOf)
        .filter((inputs) => inputs.principalObjectId === principal);
      expect(assignments).toEqual([
        {
          appRoleId: access,
          principalObjectId: principal,
          resourceObjectId: run.resources.find((resource) => resource.name === `sign-in-${level}-sp`)!.state.objectId,
        },
      ]);
    }
  });

  it("are not the deploying identities, and their client ids reach the workflows of the stack's environment", () => {
    const smoke = run.outputs.smokeClientIds as Record<string, string>;
    const variables = run.outputs.githubVariables as Record<string, string>;
    expect(Object.keys(smoke).sort()).toEqual(["dev", "prod"]);
    expect(new Set(Object.values(smoke)).size).toBe(2);
    expect(Object.values(smoke)).not.toContain(variables.AZURE_CLIENT_ID_DEV);
    expect(Object.values(smoke)).not.toContain(variables.AZURE_CLIENT_ID_PROD);
    expect(variables.AZURE_CLIENT_ID_SMOKE_DEV).toBe(smoke.dev);
    expect(variables.AZURE_CLIENT_ID_SMOKE_PROD).toBe(smoke.prod);
  });
});

describe("GitHub variables", () => {
  const readByWorkflows = () => {
    const text = [...workflowFiles, ...actionFiles].map((file) => readFileSync(file, "utf8")).join("\n");
    return [...new Set([...text.matchAll(/vars\.([A-Z0-9_]+)/g)].map((match) => match[1]!))].sort();
  };

  it("are exactly the vars.* the workflows and actions read, ids and names only", () => {
    const variables = run.outputs.githubVariables as Record<string, string>;
    expect(Object.keys(variables).sort()).toEqual(readByWorkflows());
    for (const value of Object.values(variables)) expect(value).toMatch(/^[a-z0-9-]+$/);
  });

  it("a job reads an environment's variable only where it runs in that environment (elsewhere it would be empty)", () => {
    const environmentOfVariable = new Map(
      [...String(run.outputs.githubSetupScript).matchAll(/^gh variable set (\w+) --repo "\$repo" --env '([^']+)'/gm)].map((match) => [
        match[1]!,
        match[2]!,
      ]),
    );
    expect(environmentOfVariable.size).toBeGreaterThan(0);
    let checked = 0;
    for (const { file, id, job } of allJobs()) {
      const read = [...JSON.stringify(job).matchAll(/vars\.([A-Z0-9_]+)/g)].map((match) => match[1]!);
      for (const name of read.filter((variable) => environmentOfVariable.has(variable))) {
        expect(environmentOf(job), `${file} ${id} reads ${name}`).toBe(environmentOfVariable.get(name));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("each client id is set on its trust level's environment, after the environment is created", () => {
    const script = String(run.outputs.githubSetupScript);
    const line = (pattern: RegExp) => script.split("\n").findIndex((text) => pattern.test(text));
    for (const [name, environment] of [
      ["AZURE_CLIENT_ID_PREVIEW", "preview"],
      ["AZURE_CLIENT_ID_DEV", "dev"],
      ["AZURE_CLIENT_ID_PROD", "prod"],
      ["AZURE_CLIENT_ID_SMOKE_DEV", "dev"],
      ["AZURE_CLIENT_ID_SMOKE_PROD", "prod"],
    ]) {
      const set = line(new RegExp(`^gh variable set ${name} --repo "\\$repo" --env '${environment}' --body '[a-z0-9-]+'$`));
      expect(set, name).toBeGreaterThan(0);
      expect(line(new RegExp(`^put_environment '${environment}' `)), name).toBeGreaterThan(0);
      expect(line(new RegExp(`^put_environment '${environment}' `)), name).toBeLessThan(set);
    }
  });
});

describe("name suffixes", () => {
  // Globally unique Azure names (storage, Key Vault, registry, App Configuration) carry the stack's suffix: hashed from
  // project and stack alone, every clone of this template would collide. The bootstrap derives one per subscription.
  it("outputs one suffix per stack, derived from the subscription, for `pulumi config set nameSuffix`", async () => {
    const suffixes = run.outputs.nameSuffixes as Record<string, string>;
    expect(Object.keys(suffixes).sort()).toEqual(["dev", "prod"]);
    for (const [stack, suffix] of Object.entries(suffixes)) {
      expect(suffix).toMatch(/^[a-z0-9]{6}$/);
      expect(suffix).not.toBe(main[stack]!.settings.names.storageAccount.slice(-6));
    }
    const elsewhere = await runBootstrap({
      stack: "subscription",
      mocks: new AzureMocks({ subscriptionId: "11111111-2222-4333-8444-555555555555" }),
    });
    const again = await runBootstrap({ stack: "subscription" });
    expect(elsewhere.outputs.nameSuffixes).not.toEqual(suffixes);
    expect(again.outputs.nameSuffixes).toEqual(suffixes);
  });

  it("the bootstrap's own global names (state account, secrets vault) differ per subscription unless nameSuffix is set", async () => {
    const names = (bootstrap: BootstrapRun) =>
      ["azure-native:storage:StorageAccount", "azure-native:keyvault:Vault"].map(
        (type) => bootstrap.resources.find((resource) => resource.type === type)!.state.name,
      );
    const elsewhere = await runBootstrap({
      stack: "subscription",
      mocks: new AzureMocks({ subscriptionId: "11111111-2222-4333-8444-555555555555" }),
    });
    const [account, vault] = names(run);
    expect(account).toMatch(/^stpulumi[a-z0-9]{6}$/);
    expect(vault).toMatch(/^kv-pulumi-[a-z0-9]{6}$/);
    expect(names(elsewhere)).not.toEqual([account, vault]);
    const pinned = await runBootstrap({ stack: "subscription", config: { nameSuffix: "abcd12" } });
    expect(names(pinned)).toEqual(["stpulumiabcd12", "kv-pulumi-abcd12"]);
  });

  it("the main program accepts them as nameSuffix", async () => {
    const suffix = (run.outputs.nameSuffixes as Record<string, string>).dev!;
    const dev = await runProgram({ stack: "dev", config: { nameSuffix: suffix } });
    expect(dev.settings.names.storageAccount.endsWith(suffix)).toBe(true);
  });
});
