import { beforeAll, describe, expect, it } from "vitest";
import { hostSettingNames } from "../../../app/src/contract/settingNames";
import { kubernetesManifests } from "../../../tools/render/kubernetesManifests";
import { evaluatePolicies } from "../../../policy/evaluate";
import { runProgram, type ProgramRun } from "../../../tools/render/runProgram";
import { appIdentity, grantsTo, only, plainInputs, stackVariants, types } from "../../support/infra";
import { sharedRun } from "../../support/programRuns";

// No shared key anywhere by default; identities for the host, KEDA and the audit query.
const variants = stackVariants;
const listKeys = "azure-native:storage:listStorageAccountKeys";
const federation = "azure-native:managedidentity:FederatedIdentityCredential";

const runs = new Map<string, ProgramRun>();
beforeAll(async () => {
  for (const variant of variants) runs.set(`${variant.stack}/${variant.hosting}`, await sharedRun(variant.stack, variant.config));
});

/** Every setting the Functions host receives, whichever hosting delivers it. */
function hostSettings(run: ProgramRun): Record<string, string> {
  if (run.settings.hosting === "aks") {
    const manifests = kubernetesManifests(run.resources);
    const configMap = manifests.find((item) => item.kind === "ConfigMap")!;
    const secret = run.resources.find(
      (item) => item.type === "kubernetes:core/v1:Secret" && item.inputs.metadata.name === "durable-app-secrets",
    )!;
    return { ...(configMap.data as Record<string, string>), ...plainInputs(secret).stringData };
  }
  const appSettings: Array<{ name: string; value: string }> = plainInputs(only(run, "azure-native:web:WebApp")).siteConfig.appSettings;
  return Object.fromEntries(appSettings.map(({ name, value }) => [name, value]));
}

describe.each(variants)("$stack stack, hosting $hosting: keyless by default", ({ stack, hosting }) => {
  const run = () => runs.get(`${stack}/${hosting}`)!;

  it("never reads the account keys", () => {
    expect(run().calls.map((call) => call.token)).not.toContain(listKeys);
  });

  it("turns shared-key access off and makes Entra ID the portal's default data-plane auth", () => {
    expect(plainInputs(only(run(), types.storageAccount))).toMatchObject({
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
    });
  });

  it("gives the host its storage by account name and the app identity, with the credential of the hosting", () => {
    const settings = hostSettings(run());
    const clientId = appIdentity(run()).state.clientId;
    expect(settings).toMatchObject({
      [hostSettingNames.webJobsStorageAccountName]: run().settings.names.storageAccount,
      [hostSettingNames.webJobsStorageCredential]: hosting === "aks" ? "workloadidentity" : "managedidentity",
      [hostSettingNames.webJobsStorageClientId]: clientId,
    });
    expect(settings).not.toHaveProperty(hostSettingNames.webJobsStorage);
  });

  it("no Secret, ConfigMap, app setting or Key Vault secret carries an account key", () => {
    const carriers = run().resources.filter((resource) =>
      ["kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap", "azure-native:web:WebApp", types.vaultSecret, types.keyValue].includes(
        resource.type,
      ),
    );
    expect(carriers.length).toBeGreaterThan(0);
    for (const carrier of carriers)
      expect(JSON.stringify(plainInputs(carrier)), `${carrier.type} ${carrier.name}`).not.toMatch(/AccountKey=|SharedAccessSignature=/);
  });

  it("the audit query's Key Vault secret names the table service and holds no key", () => {
    const value = plainInputs(only(run(), types.vaultSecret)).properties.value;
    expect(value).toBe(`TableEndpoint=https://${run().settings.names.storageAccount}.table.core.windows.net/`);
  });

  it("grants the app identity exactly Durable's storage roles on the account", () => {
    const identity = appIdentity(run());
    const account = only(run(), types.storageAccount).id;
    const storageGrants = grantsTo(run(), identity.state.principalId).filter((grant) => grant.scope.includes("/Microsoft.Storage/"));
    expect(storageGrants.sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { role: "storageBlobDataOwner", scope: account },
      { role: "storageQueueDataContributor", scope: account },
      { role: "storageTableDataContributor", scope: account },
    ]);
  });
});

describe.each(["dev", "prod"] as const)("KEDA on the %s stack scales by workload identity", (stack) => {
  const run = () => runs.get(`${stack}/aks`)!;
  const manifest = (kind: string) => kubernetesManifests(run().resources).find((item) => item.kind === kind)!;

  const kedaIdentity = () => run().resources.find((resource) => resource.type === types.identity && resource.name === "app-keda-identity")!;

  it("a TriggerAuthentication with the azure-workload provider and an identity of KEDA's own, not the app's", () => {
    const auth = manifest("TriggerAuthentication");
    expect(auth.apiVersion).toBe("keda.sh/v1alpha1");
    expect(auth.metadata.namespace).toBe(run().settings.app.namespace);
    expect((auth.spec as any).podIdentity).toEqual({ provider: "azure-workload", identityId: kedaIdentity().state.clientId });
    expect(kedaIdentity().state.clientId).not.toBe(appIdentity(run()).state.clientId);
  });

  it("KEDA's identity may only read the account's queues: whatever TriggerAuthentication names it gets no more", () => {
    expect(grantsTo(run(), kedaIdentity().state.principalId)).toEqual([
      { role: "storageQueueDataReader", scope: only(run(), types.storageAccount).id },
    ]);
  });

  it("every queue trigger names the account and the TriggerAuthentication, no connection string", () => {
    const auth = manifest("TriggerAuthentication");
    const triggers: any[] = (manifest("ScaledObject").spec as any).triggers;
    expect(triggers.length).toBeGreaterThan(0);
    for (const trigger of triggers) {
      expect(trigger.authenticationRef).toEqual({ name: auth.metadata.name });
      expect(trigger.metadata.accountName).toBe(run().settings.names.storageAccount);
      expect(trigger.metadata).not.toHaveProperty("connectionFromEnv");
      expect(trigger.metadata).not.toHaveProperty("connection");
    }
  });

  it("federates the add-on's keda-operator service account with KEDA's identity only", () => {
    const credentials = run().resources.filter((resource) => resource.type === federation);
    const keda = credentials.filter((credential) => credential.inputs.subject === "system:serviceaccount:kube-system:keda-operator");
    expect(keda).toHaveLength(1);
    expect(plainInputs(keda[0]!)).toMatchObject({ resourceName: kedaIdentity().state.name, audiences: ["api://AzureADTokenExchange"] });
    const appCredentials = credentials.filter((credential) => plainInputs(credential).resourceName === appIdentity(run()).state.name);
    expect(appCredentials.map((credential) => credential.inputs.subject)).not.toContain("system:serviceaccount:kube-system:keda-operator");
  });
});

describe("storage.sharedKeyAccess: true, the fallback", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await sharedRun("dev", { storage: { sharedKeyAccess: true } });
  });

  it("allows shared keys and hands the host a keyed connection string, as a secret only", () => {
    expect(plainInputs(only(run, types.storageAccount)).allowSharedKeyAccess).toBe(true);
    expect(run.calls.map((call) => call.token)).toContain(listKeys);
    const settings = hostSettings(run);
    expect(settings[hostSettingNames.webJobsStorage]).toMatch(/^DefaultEndpointsProtocol=https;AccountName=[a-z0-9]+;AccountKey=/);
    expect(settings).not.toHaveProperty(hostSettingNames.webJobsStorageAccountName);
    const configMap = kubernetesManifests(run.resources).find((item) => item.kind === "ConfigMap")!;
    expect(JSON.stringify(configMap)).not.toContain("AccountKey=");
  });

  it("KEDA still scales by identity", () => {
    const triggers: any[] = (kubernetesManifests(run.resources).find((item) => item.kind === "ScaledObject")!.spec as any).triggers;
    expect(triggers.every((trigger) => trigger.authenticationRef && !trigger.metadata.connectionFromEnv)).toBe(true);
  });
});

describe("the policy pack on the real program", () => {
  const violationsOf = (run: ProgramRun) =>
    evaluatePolicies(
      run.resources.map((resource) => ({ type: resource.type, name: resource.name, urn: resource.urn, props: resource.inputs })),
      { stack: run.settings.stack, project: run.settings.project },
    ).filter((violation) => violation.policy === "storage-account-no-shared-key-in-prod");

  it("passes prod as configured and refuses prod with the fallback switched on", async () => {
    expect(violationsOf(runs.get("prod/aks")!)).toEqual([]);
    const fallback = await runProgram({ stack: "prod", config: { storage: { sharedKeyAccess: true } } });
    expect(violationsOf(fallback).map((violation) => violation.message)).toEqual([
      expect.stringContaining("set allowSharedKeyAccess: false"),
    ]);
  });
});
