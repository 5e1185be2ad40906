import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { subscriptionNameSuffix } from "../infra/config/naming";
import type { BootstrapSettings } from "./config";
import { DeployIdentity, githubSubjects, type TrustLevel } from "./deployIdentity";
import { ghVariableSetCommands, type GitHubVariable } from "./githubVariables";
import { OAuth2ProxyApp } from "./oauth2ProxyApp";
import { defineResourceLockOperator, grantRole } from "./roles";
import { SecretsVault } from "./secretsVault";
import { StackAccess } from "./stackAccess";
import { StateStorage } from "./stateStorage";

export interface BootstrapOutputs {
  stateBackendUrl: pulumi.Output<string>;
  /** `--secrets-provider` of each stack. */
  secretsProviders: Record<string, pulumi.Output<string>>;
  resourceGroups: Record<string, pulumi.Output<string>>;
  /** By stack: `pulumi config set nameSuffix` of that stack, so its global names are its own in this subscription. */
  nameSuffixes: pulumi.Output<Record<string, string>>;
  /** Exactly the `vars.*` the workflows read, by name. */
  githubVariables: pulumi.Output<Record<string, string>>;
  /** The same as `gh variable set` lines. */
  githubVariableCommands: pulumi.Output<string>;
  oauth2ProxyClientId: pulumi.Output<string>;
  tenantId: pulumi.Output<string>;
  /** By stack, a Pulumi secret: `pulumi config set --secret oauth2ProxyClientSecret` of that stack. */
  oauth2ProxyClientSecrets: pulumi.Output<Record<string, string>>;
}

const trustLevels: TrustLevel[] = ["preview", "dev", "prod"];

/** The whole bootstrap for one subscription; `settings` comes from loadBootstrapSettings(), validated before anything is created. */
export function createBootstrap(settings: BootstrapSettings): BootstrapOutputs {
  // Only the ids for the outputs and the vault's tenant: the bootstrap grants nothing to whoever runs it.
  const client = authorization.getClientConfigOutput();

  const stateGroup = new resources.ResourceGroup(
    "state-group",
    { resourceGroupName: settings.names.stateResourceGroup, location: settings.location, tags: settings.tags },
    { protect: true },
  );
  // Global names: every clone of this project shares the sample config, so the default suffix comes from the subscription.
  const suffix =
    settings.nameSuffix ??
    client.subscriptionId.apply((subscriptionId) => subscriptionNameSuffix(subscriptionId, settings.project, settings.stack));
  const accountName = settings.names.stateStorageAccount ?? pulumi.interpolate`stpulumi${suffix}`;
  const vaultName = settings.names.secretsVault ?? pulumi.interpolate`kv-pulumi-${suffix}`;
  const state = new StateStorage("state", { settings, resourceGroupName: stateGroup.name, accountName });
  const vault = new SecretsVault("secrets", { settings, resourceGroupName: stateGroup.name, tenantId: client.tenantId, vaultName });

  const subjects = githubSubjects(settings.github.repository, settings.github.productionEnvironment);
  const identities = Object.fromEntries(
    trustLevels.map((level) => [
      level,
      new DeployIdentity(`ci-${level}`, { displayName: `${settings.mainProject.name}-${level}`, subject: subjects[level] }),
    ]),
  ) as Record<TrustLevel, DeployIdentity>;

  // One group per stack, named as the main program looks it up: every deploying grant is scoped to it, not the subscription.
  const groups = Object.fromEntries(
    settings.stacks.map((stack) => [
      stack.name,
      new resources.ResourceGroup(
        `stack-group-${stack.name}`,
        {
          resourceGroupName: stack.resourceGroup,
          location: stack.location,
          tags: { ...settings.tags, purpose: "stack", stack: stack.name },
        },
        { protect: true },
      ),
    ]),
  );
  const groupIds = Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, group.id]));
  const lockedGroups = settings.stacks.filter((stack) => stack.deployer === "prod").map((stack) => groupIds[stack.name]!);
  const resourceLockOperator = lockedGroups.length
    ? defineResourceLockOperator("resource-lock-operator", {
        subscriptionId: client.subscriptionId,
        roleName: pulumi.interpolate`${settings.mainProject.name} resource lock operator (${suffix})`,
        assignableScopes: lockedGroups,
      })
    : undefined;
  for (const stack of settings.stacks) {
    new StackAccess(`stack-${stack.name}`, { stack, resourceGroupIds: groupIds, keyIds: vault.keyIds, identities, resourceLockOperator });
  }

  // State blobs: deployers write (state, history, lock); the preview identity only reads (a preview takes no lock).
  const deployingLevels = [...new Set(settings.stacks.map((stack) => stack.deployer))];
  for (const level of deployingLevels) {
    grantRole(
      `ci-${level}-state-writer`,
      {
        role: "storageBlobDataContributor",
        scope: state.containerId,
        principalId: identities[level].principalId,
        why: "reads and writes the stacks' state and locks in the backend container",
      },
      {},
    );
  }
  // diyBackend.Preview runs without Lock, unlike Update (pulumi/pulumi pkg/backend/diy/backend.go): reading is enough.
  if (settings.stacks.some((stack) => stack.deployer === "dev")) {
    grantRole(
      `ci-preview-state-reader`,
      {
        role: "storageBlobDataReader",
        scope: state.containerId,
        principalId: identities.preview.principalId,
        why: "pulumi preview reads the stack's state (a preview writes no lock)",
      },
      {},
    );
  }

  // People: Owner holds no data actions, and `pulumi login azblob://…` / `--secrets-provider azurekeyvault://…` need them.
  for (const group of settings.operatorGroups) {
    const why = "people who create the stacks and deploy from a workstation read and write the state";
    grantRole(
      `operators-${group}-state`,
      { role: "storageBlobDataContributor", scope: state.containerId, principalId: group, principalType: "Group", why },
      {},
    );
    for (const stack of settings.stacks) {
      const keyWhy = `people who create and deploy stack ${stack.name} encrypt and decrypt its secrets`;
      grantRole(
        `operators-${group}-key-${stack.name}`,
        { role: "keyVaultCryptoUser", scope: vault.keyIds[stack.name]!, principalId: group, principalType: "Group", why: keyWhy },
        {},
      );
    }
  }

  const oauth2Proxy = new OAuth2ProxyApp("oauth2-proxy", { settings });

  const variables: GitHubVariable[] = [
    { name: "AZURE_TENANT_ID", value: client.tenantId },
    { name: "AZURE_SUBSCRIPTION_ID", value: client.subscriptionId },
    { name: "AZURE_CLIENT_ID_PREVIEW", value: identities.preview.clientId },
    { name: "AZURE_CLIENT_ID_DEV", value: identities.dev.clientId },
    // Only jobs of the protected environment read it (and only they present the subject prod's identity trusts).
    { name: "AZURE_CLIENT_ID_PROD", value: identities.prod.clientId, environment: settings.github.productionEnvironment },
    { name: "PULUMI_STATE_STORAGE_ACCOUNT", value: state.accountName },
    { name: "PULUMI_STATE_CONTAINER", value: state.containerName },
    { name: "PULUMI_SECRETS_VAULT", value: vault.vaultName },
  ];

  return {
    stateBackendUrl: state.backendUrl,
    secretsProviders: vault.secretsProviders,
    resourceGroups: Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, group.name])),
    nameSuffixes: client.subscriptionId.apply((subscriptionId) =>
      Object.fromEntries(
        settings.stacks.map((stack) => [stack.name, subscriptionNameSuffix(subscriptionId, settings.mainProject.name, stack.name)]),
      ),
    ),
    githubVariables: pulumi.all(Object.fromEntries(variables.map((variable) => [variable.name, variable.value]))),
    githubVariableCommands: ghVariableSetCommands(settings.github.repository, variables),
    oauth2ProxyClientId: oauth2Proxy.clientId,
    tenantId: client.tenantId,
    oauth2ProxyClientSecrets: pulumi.secret(pulumi.all(oauth2Proxy.clientSecrets)),
  };
}
