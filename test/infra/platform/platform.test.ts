import { beforeAll, describe, expect, it } from "vitest";
import { keyVaultReferenceContentType } from "../../../infra/platform/appConfiguration";
import { criticalAddonsOnlyTaint } from "../../../infra/platform/aks/cluster";
import { connectionStringSecretName } from "../../../infra/platform/keyVault";
import type { ProgramRun } from "../../../tools/render/runProgram";
import { appIdentity, grantsTo, only, plainInputs, stackVariants, types } from "../../support/infra";
import { sharedRun } from "../../support/programRuns";

// The security properties of the platform, per stack and per hosting value, on the real stack files.
const variants = stackVariants;

const runs = new Map<string, ProgramRun>();
beforeAll(async () => {
  for (const variant of variants) runs.set(`${variant.stack}/${variant.hosting}`, await sharedRun(variant.stack, variant.config));
});

describe.each(variants)("$stack stack, hosting $hosting", ({ stack, hosting }) => {
  const run = () => runs.get(`${stack}/${hosting}`)!;

  it("runs on the stack's own settings", () => {
    expect(run().settings.stack).toBe(stack);
    expect(run().settings.environment).toBe(stack);
    expect(run().settings.hosting).toBe(hosting);
  });

  it("storage: StorageV2, TLS 1.2, HTTPS only, no public blob access", () => {
    const account = plainInputs(only(run(), types.storageAccount));
    expect(account).toMatchObject({
      kind: "StorageV2",
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
    });
    expect(account.accountName).toBe(run().settings.names.storageAccount);
  });

  it("storage: blob and container soft delete on", () => {
    const blobService = plainInputs(only(run(), types.blobService));
    const days = run().settings.storage.blobSoftDeleteDays;
    expect(blobService.deleteRetentionPolicy).toEqual({ enabled: true, days });
    expect(blobService.containerDeleteRetentionPolicy).toEqual({ enabled: true, days });
    expect(days).toBeGreaterThanOrEqual(stack === "prod" ? 30 : 1);
  });

  it("storage: the audit table the app queries", () => {
    expect(plainInputs(only(run(), types.table)).tableName).toBe("audit");
  });

  it("key vault: RBAC authorization and soft delete; purge protection in prod, never an explicit false", () => {
    const { properties } = plainInputs(only(run(), types.vault));
    expect(properties.enableRbacAuthorization).toBe(true);
    expect(properties.enableSoftDelete).toBe(true);
    expect(properties.accessPolicies).toBeUndefined();
    expect(properties.enablePurgeProtection).toBe(stack === "prod" ? true : undefined);
    expect(properties.tenantId).toBe(run().mocks.tenantId);
  });

  it("key vault: the storage connection string is stored by ARM, with no data-plane grant to anyone but the app", () => {
    const secret = only(run(), types.vaultSecret);
    expect(plainInputs(secret).secretName).toBe(connectionStringSecretName);
    expect(secret.options.dependsOn).toEqual([]);
  });

  it("key vault: the secret is left to the vault on destroy (azure-native deletes secrets through the data plane, which no deployer may reach)", () => {
    expect(only(run(), types.vaultSecret).options.retainOnDelete).toBe(true);
  });

  it("resource group: looked up (bootstrap/ creates it), never created", () => {
    expect(run().resources.filter((resource) => resource.type === types.resourceGroup)).toEqual([]);
    const lookup = run().calls.find((call) => call.token === "azure-native:resources:getResourceGroup");
    expect(lookup?.inputs).toEqual({ resourceGroupName: run().settings.names.resourceGroup });
  });

  it("app configuration: local auth off, ARM writes through data plane pass-through", () => {
    const store = plainInputs(only(run(), types.configurationStore));
    expect(store.disableLocalAuth).toBe(true);
    expect(store.dataPlaneProxy.authenticationMode).toBe("Pass-through");
  });

  it("app configuration: a Key Vault reference to the connection-string secret under the app's default key and label", () => {
    const keyValue = only(run(), types.keyValue);
    const vaultName = run().settings.names.keyVault;
    expect(plainInputs(keyValue)).toMatchObject({
      keyValueName: "storage-account-connection-string$async-http-api",
      contentType: keyVaultReferenceContentType,
      value: JSON.stringify({ uri: `https://${vaultName}.vault.azure.net/secrets/${connectionStringSecretName}` }),
    });
    expect(keyVaultReferenceContentType).toBe("application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8");
  });

  it("registry: admin user disabled", () => {
    expect(plainInputs(only(run(), types.registry)).adminUserEnabled).toBe(false);
  });

  it("identity: the app's identity holds exactly the least-privilege grants", () => {
    const identity = appIdentity(run());
    const grants = grantsTo(run(), identity.state.principalId);
    expect(grants).toEqual(
      expect.arrayContaining([
        { role: "keyVaultSecretsUser", scope: only(run(), types.vault).id },
        { role: "appConfigurationDataReader", scope: only(run(), types.configurationStore).id },
        { role: "acrPull", scope: only(run(), types.registry).id },
        // Durable's storage roles on the account also cover the audit query (test/infra/program/keyless.test.ts).
        { role: "storageBlobDataOwner", scope: only(run(), types.storageAccount).id },
        { role: "storageQueueDataContributor", scope: only(run(), types.storageAccount).id },
        { role: "storageTableDataContributor", scope: only(run(), types.storageAccount).id },
        { role: "monitoringMetricsPublisher", scope: only(run(), types.appInsights).id },
      ]),
    );
    expect(grants).toHaveLength(7);
    expect(only(run(), types.table).id).toMatch(/\/tableServices\/default\/tables\/audit$/);
  });

  it("role assignments: deterministic GUID names and subscription-scoped built-in role ids", () => {
    for (const assignment of run().resources.filter((resource) => resource.type === types.roleAssignment)) {
      const inputs = plainInputs(assignment);
      expect(inputs.roleAssignmentName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(inputs.roleDefinitionId).toMatch(
        new RegExp(`^/subscriptions/${run().mocks.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/[0-9a-f-]{36}$`),
      );
    }
  });

  it("creates AKS and its Kubernetes provider only when hosting is aks", () => {
    const aksTypes = [types.cluster, types.agentPool, types.kubernetesProvider];
    const created = run().resources.filter((resource) => (aksTypes as readonly string[]).includes(resource.type));
    const credentialCalls = run().calls.filter((call) => call.token === "azure-native:containerservice:listManagedClusterUserCredentials");
    if (hosting === "aks") {
      expect(created.map((resource) => resource.type).sort()).toEqual([...aksTypes].sort());
    } else {
      expect(created).toEqual([]);
      expect(credentialCalls).toEqual([]);
    }
  });
});

describe.each(["dev", "prod"] as const)("AKS of the %s stack", (stack) => {
  const run = () => runs.get(`${stack}/aks`)!;
  const cluster = () => only(run(), types.cluster);

  it("system pool only runs critical add-ons", () => {
    const [systemPool, ...others] = plainInputs(cluster()).agentPoolProfiles;
    expect(others).toEqual([]);
    expect(systemPool).toMatchObject({ mode: "System", nodeTaints: [criticalAddonsOnlyTaint], count: run().settings.aks.systemPool.count });
    expect(criticalAddonsOnlyTaint).toBe("CriticalAddonsOnly=true:NoSchedule");
  });

  it("user pool is a separate autoscaled AgentPool", () => {
    const { userPool } = run().settings.aks;
    const pool = only(run(), types.agentPool);
    expect(plainInputs(pool)).toMatchObject({
      mode: "User",
      resourceName: run().settings.names.aksCluster,
      enableAutoScaling: true,
      minCount: userPool.minCount,
      maxCount: userPool.maxCount,
    });
    expect(pool.options.ignoreChanges).toContain("count");
  });

  it("Entra ID only: managed AAD with Azure RBAC, local accounts disabled", () => {
    expect(plainInputs(cluster())).toMatchObject({
      aadProfile: { managed: true, enableAzureRBAC: true },
      disableLocalAccounts: true,
      enableRBAC: true,
      identity: { type: "SystemAssigned" },
    });
  });

  it("OIDC issuer, workload identity, KEDA, application routing, auto-upgrade channels", () => {
    const { aks } = run().settings;
    expect(plainInputs(cluster())).toMatchObject({
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      workloadAutoScalerProfile: { keda: { enabled: true } },
      ingressProfile: { webAppRouting: { enabled: true } },
      autoUpgradeProfile: { upgradeChannel: aks.upgradeChannel, nodeOSUpgradeChannel: aks.nodeOsUpgradeChannel },
    });
    expect(aks.upgradeChannel).not.toBe("none");
  });

  it("Azure CNI overlay with Cilium", () => {
    expect(plainInputs(cluster()).networkProfile).toMatchObject({
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkDataplane: "cilium",
      networkPolicy: "cilium",
    });
  });

  it("the kubelet identity may pull from the registry", () => {
    const kubeletObjectId = cluster().state.identityProfile.kubeletidentity.objectId;
    expect(grantsTo(run(), kubeletObjectId)).toEqual([{ role: "acrPull", scope: only(run(), types.registry).id }]);
  });

  it("the Kubernetes provider uses the exec (kubelogin) user kubeconfig, pinned to the cluster", () => {
    const provider = only(run(), types.kubernetesProvider);
    const inputs = plainInputs(provider);
    expect(inputs.clusterIdentifier).toBe(cluster().id);
    expect(inputs.kubeconfig).toContain("command: kubelogin");
    // With deleteUnreachable, one failed token fetch during a refresh drops every Kubernetes resource from state.
    expect(inputs.deleteUnreachable).toBeUndefined();
    const call = run().calls.find((c) => c.token === "azure-native:containerservice:listManagedClusterUserCredentials");
    expect(call?.inputs).toMatchObject({ format: "exec", resourceName: run().settings.names.aksCluster });
  });
});

describe("dev is small and cheap", () => {
  const run = () => runs.get("dev/aks")!;

  it("uses small SKUs, one node per pool, no zones", () => {
    expect(plainInputs(only(run(), types.storageAccount)).sku).toEqual({ name: "Standard_LRS" });
    expect(plainInputs(only(run(), types.registry)).sku).toEqual({ name: "Basic" });
    // The free tier allows one store per subscription: a second dev-like stack would fail on it.
    expect(plainInputs(only(run(), types.configurationStore)).sku).toEqual({ name: "developer" });
    expect(plainInputs(only(run(), types.cluster)).sku).toMatchObject({ tier: "Free" });
    expect(plainInputs(only(run(), types.cluster)).agentPoolProfiles[0]).toMatchObject({ count: 1 });
    expect(plainInputs(only(run(), types.cluster)).agentPoolProfiles[0].availabilityZones).toBeUndefined();
    expect(plainInputs(only(run(), types.agentPool)).availabilityZones).toBeUndefined();
  });
});

describe("prod is production-grade", () => {
  const run = () => runs.get("prod/aks")!;
  const zones = ["1", "2", "3"];

  it("spreads both pools over three zones with at least two nodes each", () => {
    const [systemPool] = plainInputs(only(run(), types.cluster)).agentPoolProfiles;
    const userPool = plainInputs(only(run(), types.agentPool));
    expect(systemPool.availabilityZones).toEqual(zones);
    expect(userPool.availabilityZones).toEqual(zones);
    expect(systemPool.count).toBeGreaterThanOrEqual(2);
    expect(userPool.minCount).toBeGreaterThanOrEqual(2);
    expect(userPool.count).toBeGreaterThanOrEqual(2);
  });

  it("uses standard SKUs, zone-redundant storage and a 90-day recoverable vault", () => {
    expect(plainInputs(only(run(), types.storageAccount)).sku).toEqual({ name: "Standard_ZRS" });
    expect(plainInputs(only(run(), types.registry)).sku).toEqual({ name: "Standard" });
    expect(plainInputs(only(run(), types.configurationStore)).sku).toEqual({ name: "standard" });
    expect(plainInputs(only(run(), types.cluster)).sku).toMatchObject({ tier: "Standard" });
    expect(plainInputs(only(run(), types.vault)).properties).toMatchObject({ enablePurgeProtection: true, softDeleteRetentionInDays: 90 });
  });

  it("runs at least two replicas or instances", () => {
    expect(run().settings.app.minReplicas).toBeGreaterThanOrEqual(2);
    expect(runs.get("prod/appService")!.settings.appService.minimumInstances).toBeGreaterThanOrEqual(2);
  });
});
