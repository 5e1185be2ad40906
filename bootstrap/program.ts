import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { subscriptionNameSuffix } from "../infra/config/naming";
import type { BootstrapSettings, Deployer, StackAccess as StackSettings } from "./config";
import { DeployIdentity, githubSubjects, type TrustLevel } from "./deployIdentity";
import { githubEnvironments, githubSetupScriptOutput, type GitHubVariable } from "./githubSetup";
import { defineResourceLockOperator, grantRole } from "./roles";
import { SecretsVault } from "./secretsVault";
import { formerSharedApp, SignInApp } from "./signInApp";
import { SmokeIdentity } from "./smokeIdentity";
import { StackAccess } from "./stackAccess";
import { stackStatePrefixes, stateBlobCondition, updatePrefixes } from "./stateBlobConditions";
import { StateStorage } from "./stateStorage";

export interface BootstrapOutputs {
  stateBackendUrl: pulumi.Output<string>;
  /** `--secrets-provider` of each stack. */
  secretsProviders: Record<string, pulumi.Output<string>>;
  /** The bootstrap's own secrets provider, once its state moves into the container (bootstrap/scripts/move-state-to-backend.sh). */
  bootstrapSecretsProvider: pulumi.Output<string>;
  resourceGroups: Record<string, pulumi.Output<string>>;
  /** By stack: `pulumi config set nameSuffix` of that stack, so its global names are its own in this subscription. */
  nameSuffixes: pulumi.Output<Record<string, string>>;
  /** Exactly the `vars.*` the workflows read, by name. */
  githubVariables: pulumi.Output<Record<string, string>>;
  /** The bash script a repository admin runs once: environments with their protection, then the variables, then a read-back. */
  githubSetupScript: pulumi.Output<string>;
  /** By stack: the client id of its trust level's sign-in application (`oauth2Proxy.clientId` of that stack). */
  signInClientIds: pulumi.Output<Record<string, string>>;
  /** By stack: the client id of its smoke identity (the `access` role only). */
  smokeClientIds: pulumi.Output<Record<string, string>>;
  tenantId: pulumi.Output<string>;
  /** By stack, a Pulumi secret: `pulumi config set --secret oauth2ProxyClientSecret` of that stack. */
  oauth2ProxyClientSecrets: pulumi.Output<Record<string, string>>;
}

const trustLevels: TrustLevel[] = ["preview", "dev", "prod"];
const deployerLevels: Deployer[] = ["dev", "prod"];

/** `AZURE_CLIENT_ID_SMOKE_<STACK>`: the workflows' variable for a stack's smoke identity. */
export const smokeVariableName = (stack: string) => `AZURE_CLIENT_ID_SMOKE_${stack.toUpperCase().replace(/-/g, "_")}`;

/** What each CI identity may do to the state blobs: its own stacks' prefixes, and the stack files its stacks promote from. */
function stateAccessOf(settings: BootstrapSettings, level: TrustLevel) {
  const project = settings.mainProject.name;
  const deployed = (deployer: Deployer) => settings.stacks.filter((stack) => stack.deployer === deployer);
  const stackFile = (stack: string) => stackStatePrefixes(project, stack).stackFile;
  // diyBackend.Preview runs without Lock, unlike Update (pulumi/pulumi pkg/backend/diy/backend.go): reading the stack files is enough.
  if (level === "preview") return { read: deployed("dev").map((stack) => stackFile(stack.name)), write: [] };
  const own = deployed(level);
  return {
    read: own.flatMap((stack: StackSettings) => (stack.promotesFrom ? [stackFile(stack.promotesFrom)] : [])),
    write: own.flatMap((stack) => updatePrefixes(project, stack.name)),
  };
}

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

  const subjects = githubSubjects(settings.github);
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

  // State blobs, by path: each deployer writes only its own stacks' state, history, backups and locks and reads the
  // stack files its stacks promote from; pull-request previews read only the stack files of the stacks main deploys.
  const deployingLevels = deployerLevels.filter((level) => settings.stacks.some((stack) => stack.deployer === level));
  for (const level of deployingLevels) {
    grantRole(
      `ci-${level}-state-writer`,
      {
        role: "storageBlobDataContributor",
        scope: state.containerId,
        principalId: identities[level].principalId,
        why: `reads and writes the state, history, backups and locks of the stacks ${level} deploys, and no other blob`,
        condition: stateBlobCondition(stateAccessOf(settings, level)),
      },
      {},
    );
  }
  if (deployingLevels.includes("dev")) {
    grantRole(
      `ci-preview-state-reader`,
      {
        role: "storageBlobDataReader",
        scope: state.containerId,
        principalId: identities.preview.principalId,
        why: "pulumi preview reads the stack files of the stacks main deploys (a preview writes no lock)",
        condition: stateBlobCondition(stateAccessOf(settings, "preview")),
      },
      {},
    );
  }

  // People: Owner holds no data actions, and `pulumi login azblob://…` / `--secrets-provider azurekeyvault://…` need them.
  for (const group of settings.operatorGroups) {
    const why = "people who create the stacks, run the bootstrap and deploy from a workstation read and write the state";
    grantRole(
      `operators-${group}-state`,
      { role: "storageBlobDataContributor", scope: state.containerId, principalId: group, principalType: "Group", why },
      {},
    );
    const keys: Array<[string, pulumi.Input<string>, string]> = [
      ...settings.stacks.map((stack): [string, pulumi.Input<string>, string] => [
        stack.name,
        vault.keyIds[stack.name]!,
        `people who create and deploy stack ${stack.name} encrypt and decrypt its secrets`,
      ]),
      ["bootstrap", vault.bootstrapKeyId, "people who run the bootstrap decrypt its own state (the sign-in apps' client secrets)"],
    ];
    for (const [part, scope, keyWhy] of keys) {
      grantRole(
        `operators-${group}-key-${part}`,
        { role: "keyVaultCryptoUser", scope, principalId: group, principalType: "Group", why: keyWhy },
        {},
      );
    }
  }

  const stacksOf = (level: Deployer) => settings.stacks.filter((stack) => stack.deployer === level);
  const signInApps = Object.fromEntries(
    deployingLevels.map((level) => [
      level,
      new SignInApp(
        `sign-in-${level}`,
        { mainProject: settings.mainProject.name, level, app: settings.signIn[level], stacks: stacksOf(level) },
        // Dev keeps the application every stack used to share (and its client id); prod gets one of its own.
        level === "dev" ? { aliases: [formerSharedApp] } : {},
      ),
    ]),
  ) as Partial<Record<Deployer, SignInApp>>;
  const signInAppOf = (stack: StackSettings) => signInApps[stack.deployer]!;

  const smokeIdentities = Object.fromEntries(
    settings.stacks.map((stack) => [
      stack.name,
      new SmokeIdentity(`smoke-${stack.name}`, {
        displayName: `${settings.mainProject.name}-${stack.name}-smoke`,
        subject: subjects[stack.deployer],
        signInApp: signInAppOf(stack),
      }),
    ]),
  );

  const { environments } = settings.github;
  const variables: GitHubVariable[] = [
    { name: "AZURE_TENANT_ID", value: client.tenantId },
    { name: "AZURE_SUBSCRIPTION_ID", value: client.subscriptionId },
    { name: "PULUMI_STATE_STORAGE_ACCOUNT", value: state.accountName },
    { name: "PULUMI_STATE_CONTAINER", value: state.containerName },
    { name: "PULUMI_SECRETS_VAULT", value: vault.vaultName },
    // Each identity's client id only where its environment's jobs (behind its reviewers or branch policy) read it.
    { name: "AZURE_CLIENT_ID_PREVIEW", value: identities.preview.clientId, environment: environments.preview },
    { name: "AZURE_CLIENT_ID_DEV", value: identities.dev.clientId, environment: environments.dev },
    { name: "AZURE_CLIENT_ID_PROD", value: identities.prod.clientId, environment: environments.prod },
    ...settings.stacks.map((stack) => ({
      name: smokeVariableName(stack.name),
      value: smokeIdentities[stack.name]!.clientId,
      environment: environments[stack.deployer],
    })),
  ];

  const byStack = (value: (stack: StackSettings) => pulumi.Input<string>) =>
    pulumi.all(Object.fromEntries(settings.stacks.map((stack) => [stack.name, value(stack)])));
  const clientSecrets = Object.assign({}, ...Object.values(signInApps).map((app) => app!.clientSecrets)) as Record<
    string,
    pulumi.Output<string>
  >;

  return {
    stateBackendUrl: state.backendUrl,
    secretsProviders: vault.secretsProviders,
    bootstrapSecretsProvider: vault.bootstrapSecretsProvider,
    resourceGroups: Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, group.name])),
    nameSuffixes: client.subscriptionId.apply((subscriptionId) =>
      Object.fromEntries(
        settings.stacks.map((stack) => [stack.name, subscriptionNameSuffix(subscriptionId, settings.mainProject.name, stack.name)]),
      ),
    ),
    githubVariables: pulumi.all(Object.fromEntries(variables.map((variable) => [variable.name, variable.value]))),
    githubSetupScript: githubSetupScriptOutput({
      repository: settings.github.repository,
      reviewers: settings.github.reviewers,
      environments: githubEnvironments(settings.github),
      variables,
    }),
    signInClientIds: byStack((stack) => signInAppOf(stack).clientId),
    smokeClientIds: byStack((stack) => smokeIdentities[stack.name]!.clientId),
    tenantId: client.tenantId,
    oauth2ProxyClientSecrets: pulumi.secret(pulumi.all(clientSecrets)),
  };
}
