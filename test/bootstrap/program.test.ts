import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { lockOperatorGuid, programRolesOnlyCondition } from "../../bootstrap/roles";
import { builtInRoles } from "../../infra/lib/roles";
import { AzureMocks } from "../support/mockAzure/mocks";
import { runBootstrap, type BootstrapRun } from "../../tools/render/runBootstrap";
import { runProgram, type ProgramRun } from "../../tools/render/runProgram";
import { workflowFiles, actionFiles } from "../workflows/workflow-files";
import { entraTypes, grantsOf, inputsOf, ofType, principalOf } from "./support";
import { sharedBootstrapRun, sharedRun } from "../support/programRuns";

// The one-time setup (issue 9), run for the sample stack file bootstrap/Pulumi.subscription.yaml under the offline mocks.
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

  it("secrets vault: RBAC, purge protection, one key per stack named as the workflows expect", () => {
    expect(inputsOf(only("azure-native:keyvault:Vault")).properties).toMatchObject({
      enableRbacAuthorization: true,
      enablePurgeProtection: true,
      enableSoftDelete: true,
    });
    const keys = ofType(run, "azure-native:keyvault:Key").map((key) => inputsOf(key).keyName);
    expect(keys.sort()).toEqual(["durable-aks-dev", "durable-aks-prod"]);
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
  it("one application per trust level, each federated to exactly its GitHub subject", () => {
    const subjects = ofType(run, entraTypes.federatedCredential).map((credential) => [
      credential.name,
      inputsOf(credential).subject,
      inputsOf(credential).issuer,
      inputsOf(credential).audiences,
    ]);
    expect(subjects).toEqual([
      [
        "ci-preview-github",
        "repo:contoso/durable-aks:pull_request",
        "https://token.actions.githubusercontent.com",
        ["api://AzureADTokenExchange"],
      ],
      [
        "ci-dev-github",
        "repo:contoso/durable-aks:ref:refs/heads/main",
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

  it("may assign only the roles of infra/roles.ts, which cover every role the main program assigns, and never one that grants access or ownership", () => {
    const conditions = ofType(run, "azure-native:authorization:RoleAssignment").flatMap((assignment) =>
      inputsOf(assignment).condition ? [inputsOf(assignment)] : [],
    );
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
      expect(condition).toBe(programRolesOnlyCondition(Object.values(builtInRoles)));
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
});

describe("operators (the people who run step 4 and deploy from a workstation)", () => {
  // Owner holds no data actions: `pulumi login azblob://…` and `--secrets-provider azurekeyvault://…` need data roles.
  const operators = "22222222-3333-4444-8555-666666666666";
  it("get exactly the state container's and the stacks' keys' data roles, as a group", async () => {
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
      ].sort(),
    );
    const assignments = withOperators.resources.filter(
      (resource) => resource.type === "azure-native:authorization:RoleAssignment" && inputsOf(resource).principalId === operators,
    );
    for (const assignment of assignments) expect(inputsOf(assignment).principalType).toBe("Group");
  });

  it("are nobody unless configured: the sample grants no person anything", () => {
    const principals = ofType(run, "azure-native:authorization:RoleAssignment").map((assignment) => inputsOf(assignment).principalType);
    expect(principals).not.toContain("Group");
  });
});

describe("OAuth2 Proxy application", () => {
  const app = () => run.resources.find((resource) => resource.name === "oauth2-proxy-app")!;

  it("a redirect URI per stack hostname and an app role users must be assigned to sign in", () => {
    expect(inputsOf(app()).web.redirectUris).toEqual([
      "https://durable-dev.example.com/oauth2/callback",
      "https://durable.example.com/oauth2/callback",
    ]);
    expect(inputsOf(app()).appRoles).toEqual([
      expect.objectContaining({ value: "access", allowedMemberTypes: ["User", "Application"], enabled: true }),
    ]);
    const principal = run.resources.find((resource) => resource.name === "oauth2-proxy-sp")!;
    expect(inputsOf(principal).appRoleAssignmentRequired).toBe(true);
  });

  it("is an API programs can get tokens for: v2 tokens (the issuer the proxy trusts), api://<client id>, a scope the Azure CLI may ask for", () => {
    // oauth2-proxy trusts https://login.microsoftonline.com/<tenant>/v2.0 only (infra/hosting/aks/ingress/oauth2ProxyConfig.ts);
    // v1 access tokens carry https://sts.windows.net/<tenant>/ instead (https://learn.microsoft.com/entra/identity-platform/access-tokens).
    const api = inputsOf(app()).api;
    expect(api.requestedAccessTokenVersion).toBe(2);
    expect(api.oauth2PermissionScopes).toEqual([expect.objectContaining({ value: "access_as_user", type: "User", enabled: true })]);
    // A separate ApplicationIdentifierUri requires the application to ignore identifierUris (azuread docs).
    expect(app().options.ignoreChanges).toContain("identifierUris");
    const uri = only("azuread:index/applicationIdentifierUri:ApplicationIdentifierUri");
    expect(inputsOf(uri)).toEqual({ applicationId: app().id, identifierUri: `api://${app().state.clientId}` });
    const preAuthorized = only("azuread:index/applicationPreAuthorized:ApplicationPreAuthorized");
    // The Azure CLI's well-known client id: `az account get-access-token --scope api://<client id>/.default` needs no consent prompt.
    expect(inputsOf(preAuthorized)).toEqual({
      applicationId: app().id,
      authorizedClientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      permissionIds: [api.oauth2PermissionScopes[0].id],
    });
  });

  it("a client secret per stack, only as a secret output", () => {
    expect(run.secretOutputs).toEqual(["oauth2ProxyClientSecrets"]);
    const secrets = Object.values(run.outputs.oauth2ProxyClientSecrets as Record<string, string>);
    expect(secrets).toHaveLength(2);
    const plainOutputs = JSON.stringify(
      Object.fromEntries(Object.entries(run.outputs).filter(([name]) => !run.secretOutputs.includes(name))),
    );
    for (const secret of secrets) expect(plainOutputs).not.toContain(secret);
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

  it("come as ready gh variable set lines, the prod client id on the production environment", () => {
    const lines = String(run.outputs.githubVariableCommands).split("\n");
    expect(lines).toHaveLength(readByWorkflows().length);
    for (const line of lines)
      expect(line).toMatch(/^gh variable set [A-Z0-9_]+ --repo contoso\/durable-aks( --env prod)? --body '[a-z0-9-]+'$/);
    expect(lines.find((line) => line.includes("AZURE_CLIENT_ID_PROD"))).toContain("--env prod");
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
