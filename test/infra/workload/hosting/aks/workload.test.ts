import { describe, expect, it } from "vitest";
import { appSettingNames, hostSettingNames } from "../../../../../app/src/contract/settingNames";
import { kubernetesManifests } from "../../../../../tools/render/kubernetesManifests";
import { isSecretAt, isSecretEnvelope } from "../../../../support/mockAzure/secrets";
import { validateManifests } from "../../../../../tools/render/validateManifests";
import { digestRef, manifest, ofType, programRun } from "../../../../support/programRuns";
import { only } from "../../../../support/infra";

type Container = {
  image: string;
  env?: unknown[];
  envFrom: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  startupProbe: { httpGet: { path: string } };
  securityContext: Record<string, unknown>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
};

const podSpec = (run: Awaited<ReturnType<typeof programRun>>) => (manifest(run, "Deployment").spec as any).template.spec;
const container = (run: Awaited<ReturnType<typeof programRun>>): Container => podSpec(run).containers[0];
const configData = (run: Awaited<ReturnType<typeof programRun>>) => manifest(run, "ConfigMap").data as Record<string, string>;

describe.each(["dev", "prod"])("AKS workload of stack %s (the container checklist)", (stack) => {
  it("sets WEBSITE_HOSTNAME to the public host the routes serve", async () => {
    const run = await programRun(stack);
    const hostnames = (manifest(run, "HTTPRoute", "durable-app-app").spec as any).hostnames;
    expect(hostnames).toEqual([run.settings.hostname]);
    expect(configData(run)[appSettingNames.websiteHostname]).toBe(run.settings.hostname);
  });

  it("pins a valid host id and its own task hub name", async () => {
    const run = await programRun(stack);
    expect(configData(run)[hostSettingNames.hostId]).toMatch(/^[a-z0-9](?:[a-z0-9]|-(?!-)){0,30}[a-z0-9]$|^[a-z0-9]$/);
    expect(configData(run)[hostSettingNames.taskHubName]).toMatch(/^[a-zA-Z][a-zA-Z0-9]{2,44}$/);
    expect(configData(run)[hostSettingNames.taskHubName]).not.toBe("DurableFunctionsHub");
  });

  it("runs the app anonymously only behind OAuth2 Proxy: every public route ends at the proxy, never at the app", async () => {
    const run = await programRun(stack);
    const rules = (manifest(run, "HTTPRoute", "durable-app-app").spec as any).rules;
    expect(rules.flatMap((rule: any) => rule.backendRefs)).toEqual([
      { name: "oauth2-proxy", namespace: "oauth2-proxy", port: 80 },
      { name: "oauth2-proxy", namespace: "oauth2-proxy", port: 80 },
    ]);
    // Only there is the app anonymous: by the explicit setting (its default is function keys, which containers cannot serve).
    expect(configData(run)[appSettingNames.httpAuthLevel]).toBe("anonymous");
  });

  it("delivers settings only through the ConfigMap and the Secret", async () => {
    const run = await programRun(stack);
    const app = container(run);
    expect(app.env ?? []).toEqual([]);
    expect(app.envFrom).toEqual([{ configMapRef: { name: "durable-app-settings" } }, { secretRef: { name: "durable-app-secrets" } }]);
  });

  it("keeps secrets only in the Secret, as Pulumi secrets, never in the ConfigMap; the host's storage needs none", async () => {
    const run = await programRun(stack);
    const data = configData(run);
    expect(data).not.toHaveProperty(hostSettingNames.webJobsStorage);
    expect(data[hostSettingNames.webJobsStorageAccountName]).toBe(run.settings.names.storageAccount);
    expect(Object.values(data).join("\n")).not.toMatch(/AccountKey=|SharedAccessSignature|client-secret/i);
    const secret = ofType(run, "kubernetes:core/v1:Secret").find((item) => item.inputs.metadata.name === "durable-app-secrets")!;
    expect(isSecretAt(secret.inputs, "stringData")).toBe(true);
    expect((secret.inputs.stringData as { value: Record<string, string> }).value).not.toHaveProperty(hostSettingNames.webJobsStorage);
    const configMap = only(run, "kubernetes:core/v1:ConfigMap");
    expect(isSecretEnvelope(configMap.inputs.data)).toBe(false);
  });

  it("probes /api/health for liveness, readiness and startup", async () => {
    const run = await programRun(stack);
    const app = container(run);
    for (const probe of [app.livenessProbe, app.readinessProbe, app.startupProbe]) expect(probe.httpGet.path).toBe("/api/health");
  });

  it("deploys the image by digest", async () => {
    const run = await programRun(stack);
    expect(container(run).image).toMatch(digestRef);
    expect(container(run).image).toBe(run.outputs.imageRef);
    expect(container(run).image.startsWith(`${String(run.outputs.registryLoginServer)}/`)).toBe(true);
  });

  it("meets the restricted pod security profile, enforced by the namespace", async () => {
    const run = await programRun(stack);
    const spec = podSpec(run);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container(run).securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    const namespace = manifest(run, "Namespace", run.settings.app.namespace);
    expect(namespace.metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
  });

  it("sets requests and limits, and federates the service account to the app identity", async () => {
    const run = await programRun(stack);
    expect(container(run).resources.requests).toEqual({ cpu: run.settings.app.cpuRequest, memory: run.settings.app.memoryRequest });
    expect(container(run).resources.limits).toEqual({ cpu: run.settings.app.cpuLimit, memory: run.settings.app.memoryLimit });
    const serviceAccount = manifest(run, "ServiceAccount", "durable-app");
    expect((serviceAccount.metadata.annotations as Record<string, string>)["azure.workload.identity/client-id"]).toBe(
      run.outputs.identityClientId,
    );
    expect((manifest(run, "Deployment").spec as any).template.metadata.labels["azure.workload.identity/use"]).toBe("true");
    const subject = `system:serviceaccount:${run.settings.app.namespace}:durable-app`;
    const federation = ofType(run, "azure-native:managedidentity:FederatedIdentityCredential").find(
      (item) => item.inputs.subject === subject,
    )!;
    expect(federation).toBeDefined();
    expect(federation.inputs.audiences).toEqual(["api://AzureADTokenExchange"]);
    expect(federation.inputs.issuer).toMatch(/^https:\/\//);
  });

  it("admits traffic to the app only from OAuth2 Proxy's namespace", async () => {
    const run = await programRun(stack);
    const policy = manifest(run, "NetworkPolicy", "durable-app-ingress-only").spec as any;
    expect(policy.policyTypes).toEqual(["Ingress"]);
    const sources = policy.ingress.flatMap((rule: any) =>
      rule.from.map((from: any) => from.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]),
    );
    expect(sources).toEqual(["oauth2-proxy"]);
  });

  it("scales with KEDA on the task hub's work-item and control queues, within the configured replica range", async () => {
    const run = await programRun(stack);
    const scaler = manifest(run, "ScaledObject").spec as any;
    const hub = run.settings.durable.taskHubName.toLowerCase();
    expect(scaler.minReplicaCount).toBe(run.settings.app.minReplicas);
    expect(scaler.maxReplicaCount).toBe(run.settings.app.maxReplicas);
    expect(scaler.scaleTargetRef.name).toBe("durable-app");
    expect(scaler.triggers.map((trigger: any) => trigger.metadata.queueName)).toEqual([
      `${hub}-workitems`,
      `${hub}-control-00`,
      `${hub}-control-01`,
      `${hub}-control-02`,
      `${hub}-control-03`,
    ]);
    const accountName = run.settings.names.storageAccount;
    expect(scaler.triggers.every((trigger: any) => trigger.type === "azure-queue" && trigger.metadata.accountName === accountName)).toBe(
      true,
    );
    expect((manifest(run, "Deployment").spec as any).replicas).toBeUndefined();
  });

  it("renders only schema-valid Kubernetes manifests", async () => {
    const run = await programRun(stack);
    const manifests = kubernetesManifests(run.resources);
    expect(manifests.map((item) => item.kind).sort()).toEqual(
      [
        ...[
          "ConfigMap",
          "Deployment",
          "Namespace",
          "Namespace",
          "Namespace",
          // Ingress: the app and the proxy; egress: deny, DNS and HTTPS in each, the proxy to the app, the gateway's (egress.test.ts).
          ...Array<string>(10).fill("NetworkPolicy"),
          "PodDisruptionBudget",
          "ScaledObject",
          "Secret",
          "Secret",
          "Service",
          "ServiceAccount",
          "TriggerAuthentication",
        ],
        ...["Gateway", "HTTPRoute", "HTTPRoute", "ReferenceGrant"],
        // OAuth2 Proxy's cookie secret, created in the cluster (ingress/oauth2ProxyCookieSecret.ts).
        ...["Job", "Role", "RoleBinding", "ServiceAccount"],
      ].sort(),
    );
    expect(await validateManifests(manifests)).toEqual([]);
  });
});

describe("AKS workload differences between stacks", () => {
  it("gives each stack its own task hub name and host id", async () => {
    const [dev, prod] = await Promise.all([programRun("dev"), programRun("prod")]);
    expect(configData(dev)[hostSettingNames.taskHubName]).not.toBe(configData(prod)[hostSettingNames.taskHubName]);
    expect(configData(dev)[hostSettingNames.hostId]).not.toBe(configData(prod)[hostSettingNames.hostId]);
  });

  it("spreads prod replicas across zones (hard) and nodes; dev only across nodes", async () => {
    const [dev, prod] = await Promise.all([programRun("dev"), programRun("prod")]);
    const keys = (run: typeof dev) =>
      podSpec(run).topologySpreadConstraints.map((item: any) => `${item.topologyKey}:${item.whenUnsatisfiable}`);
    expect(keys(prod)).toEqual(["topology.kubernetes.io/zone:DoNotSchedule", "kubernetes.io/hostname:ScheduleAnyway"]);
    expect(keys(dev)).toEqual(["kubernetes.io/hostname:ScheduleAnyway"]);
    // Tainted system nodes must not count as zone domains (nodeTaintsPolicy defaults to Ignore), and old and new
    // ReplicaSets are spread on their own so a surge pod is not held back by the pods it replaces.
    const [zone] = podSpec(prod).topologySpreadConstraints;
    expect(zone).toMatchObject({ nodeTaintsPolicy: "Honor", nodeAffinityPolicy: "Honor", matchLabelKeys: ["pod-template-hash"] });
    expect(manifest(prod, "ScaledObject").spec).toMatchObject({ minReplicaCount: 2 });
  });
});
