import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayApiCommands } from "../../../../../../infra/platform/aks/gatewayApi";
import { publicPaths } from "../../../../../../infra/workload/hosting/aks/publicPaths";
import { kubernetesManifests } from "../../../../../../tools/render/kubernetesManifests";
import { runProgram, type ProgramRun } from "../../../../../../tools/render/runProgram";
import { validateManifests } from "../../../../../../tools/render/validateManifests";
import { manifest, programRun, sharedRun } from "../../../../../support/programRuns";
import { only } from "../../../../../support/infra";

const httpRoute = (run: ProgramRun, name: string) => manifest(run, "HTTPRoute", name).spec as any;
const sourcesOf = (run: ProgramRun, name: string) =>
  (manifest(run, "NetworkPolicy", name).spec as any).ingress.flatMap((rule: any) =>
    rule.from.map((from: any) => from.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]),
  );

/** Gateway API PathPrefix: a match on whole path elements, a trailing slash ignored (gateway-api apis/v1/httproute_types.go PathMatchPathPrefix). */
function prefixMatches(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, "");
  return trimmed === "" || path === trimmed || path.startsWith(`${trimmed}/`);
}
const routedPaths = (run: ProgramRun) =>
  httpRoute(run, "durable-app-app").rules.flatMap((rule: any) => rule.matches.map((match: any) => match.path.value as string)) as string[];

describe.each(["dev", "prod"])("Gateway API ingress (default) in stack %s", (stack) => {
  it("defaults to Gateway API: a Gateway of class approuting-istio and no NGINX Ingress", async () => {
    const run = await programRun(stack);
    expect(run.settings.ingress).toEqual({ kind: "gatewayApi", keepNginx: false });
    expect(kubernetesManifests(run.resources).filter((item) => item.kind === "Ingress")).toEqual([]);
    expect((manifest(run, "Gateway").spec as any).gatewayClassName).toBe("approuting-istio");
  });

  it("listens on 443 for the stack's hostname with TLS from a Secret, and on 80 only to redirect to 443", async () => {
    const run = await programRun(stack);
    const gateway = manifest(run, "Gateway");
    const [https, http] = (gateway.spec as any).listeners;
    expect(https).toMatchObject({
      name: "https",
      port: 443,
      protocol: "HTTPS",
      hostname: run.settings.hostname,
      tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "durable-app-tls" }] },
    });
    expect(http).toMatchObject({ name: "http", port: 80, protocol: "HTTP", hostname: run.settings.hostname });
    const redirect = httpRoute(run, "durable-app-https-redirect");
    expect(redirect.parentRefs).toEqual([{ name: gateway.metadata.name, sectionName: "http" }]);
    expect(redirect.rules).toEqual([{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }]);
    expect(httpRoute(run, "durable-app-app").parentRefs).toEqual([{ name: gateway.metadata.name, sectionName: "https" }]);
  });

  it("routes the app's public paths and /oauth2/ to OAuth2 Proxy, and nothing else", async () => {
    const run = await programRun(stack);
    expect(routedPaths(run).sort()).toEqual([...publicPaths, "/oauth2/"].sort());
    for (const path of ["/api/submit/query", "/api/status/abc", "/oauth2/callback"])
      expect(
        routedPaths(run).some((prefix) => prefixMatches(prefix, path)),
        path,
      ).toBe(true);
  });

  it.each(["/api/health", "/runtime/webhooks/durabletask/instances", "/admin/host/status", "/admin/functions/x", "/", "/api"])(
    "never routes %s publicly",
    async (path) => {
      const run = await programRun(stack);
      expect(routedPaths(run).filter((prefix) => prefixMatches(prefix, path))).toEqual([]);
    },
  );

  it("lets the routes reach the proxy's Service in its namespace only through a ReferenceGrant", async () => {
    const run = await programRun(stack);
    const grant = manifest(run, "ReferenceGrant");
    expect(grant.metadata.namespace).toBe("oauth2-proxy");
    expect(grant.spec).toEqual({
      from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "app-gateway" }],
      to: [{ group: "", kind: "Service", name: "oauth2-proxy" }],
    });
    expect(manifest(run, "HTTPRoute", "durable-app-app").metadata.namespace).toBe("app-gateway");
  });

  it("admits the gateway's pods to the proxy (container port 4180) and the proxy to the app, nothing else", async () => {
    const run = await programRun(stack);
    expect(sourcesOf(run, "oauth2-proxy-ingress-only")).toEqual(["app-gateway"]);
    const proxyPolicy = manifest(run, "NetworkPolicy", "oauth2-proxy-ingress-only").spec as any;
    expect(proxyPolicy.ingress[0].ports).toEqual([{ protocol: "TCP", port: 4180 }]);
    expect(proxyPolicy.podSelector.matchLabels).toEqual({
      "app.kubernetes.io/name": "oauth2-proxy",
      "app.kubernetes.io/instance": "oauth2-proxy",
    });
    expect(sourcesOf(run, "durable-app-ingress-only")).toEqual(["oauth2-proxy"]);
  });

  it("creates the Gateway API objects only after the cluster has the CRDs and the GatewayClass", async () => {
    const run = await programRun(stack);
    const gateway = run.resources.find((resource) => resource.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway")!;
    expect(gateway.options.dependsOn).toContain("aks-gateway-api");
  });

  it("validates the Gateway API objects against their schemas", async () => {
    const run = await programRun(stack);
    const gatewayObjects = kubernetesManifests(run.resources).filter((item) => item.apiVersion.startsWith("gateway.networking.k8s.io/"));
    expect(gatewayObjects.map((item) => item.kind).sort()).toEqual(["Gateway", "HTTPRoute", "HTTPRoute", "ReferenceGrant"]);
    expect(await validateManifests(gatewayObjects)).toEqual([]);
  });
});

describe("Gateway API schema validation", () => {
  it("reports a Gateway the Gateway API schema refuses", async () => {
    const problems = await validateManifests([
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "x" },
        spec: { gatewayClassName: "approuting-istio", listeners: [{ name: "https", port: "443", protocol: "HTTPS" }] },
      },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toMatch(/port/);
  });
});

describe("cluster side: the application routing Gateway API implementation", () => {
  it("enables managed Gateway API CRDs and approuting-istio with az aks update, only when not yet enabled", () => {
    expect(gatewayApiCommands.enable).toContain(
      'az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --enable-gateway-api --enable-app-routing-istio',
    );
    expect(gatewayApiCommands.enable).toContain("--api-version 2026-01-02-preview");
    expect(gatewayApiCommands.enable).toContain("properties.ingressProfile.gatewayAPI.installation");
    expect(gatewayApiCommands.enable).toContain("properties.ingressProfile.webAppRouting.gatewayAPIImplementations.appRoutingIstio.mode");
    expect(gatewayApiCommands.enable).toMatch(/if \[ "\$state" != "Standard,Enabled" \]; then/);
    expect(gatewayApiCommands.disable).toContain(
      'az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --disable-app-routing-istio --disable-gateway-api',
    );
  });

  it("runs it as a command resource on the cluster, with a matching delete, and keeps NGINX's controller off", async () => {
    const run = await programRun("dev");
    const enablement = run.resources.find((resource) => resource.name === "aks-gateway-api")!;
    expect(enablement.type).toBe("command:local:Command");
    expect(enablement.inputs).toMatchObject({
      create: gatewayApiCommands.enable,
      update: gatewayApiCommands.enable,
      delete: gatewayApiCommands.disable,
    });
    expect(Object.keys(enablement.inputs.environment).sort()).toEqual(["CLUSTER_ID", "CLUSTER_NAME", "RESOURCE_GROUP"]);
    expect(only(run, "azure-native:containerservice:ManagedCluster").inputs.ingressProfile).toEqual({
      webAppRouting: { enabled: true, nginx: { defaultIngressControllerType: "None" } },
    });
  });

  it("waits for the user pool: AKS refuses a second operation on the cluster while the pool's is in progress", async () => {
    const run = await programRun("dev");
    const enablement = run.resources.find((resource) => resource.name === "aks-gateway-api")!;
    expect(enablement.options.dependsOn).toContain("aks-user-pool");
  });

  it("runs again whenever a setting that the cluster's PUT carries changes (the PUT may drop what the provider does not know)", async () => {
    const triggersOf = async (config: Record<string, unknown>) =>
      JSON.stringify((await sharedRun("dev", config)).resources.find((resource) => resource.name === "aks-gateway-api")!.inputs.triggers);
    const base = await triggersOf({});
    for (const change of [
      { tags: { team: "x" } },
      { network: { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24"] }, registry: { sku: "Premium" } },
      { monitoring: { logRetentionDays: 60 } },
    ]) {
      expect(await triggersOf(change), JSON.stringify(change)).not.toBe(base);
    }
  });

  it("signs the Azure CLI in again from the refreshed token file before it calls az, as the image import does", () => {
    const bin = mkdtempSync(join(tmpdir(), "fake-az-"));
    const log = join(bin, "calls.log");
    writeFileSync(join(bin, "az"), `#!/bin/sh\necho "AZURE_CONFIG_DIR=$AZURE_CONFIG_DIR $*" >> "${log}"\necho Disabled,Disabled\n`, {
      mode: 0o755,
    });
    const tokenFile = join(bin, "federated-token");
    writeFileSync(tokenFile, "fresh-github-token");
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      RESOURCE_GROUP: "rg",
      CLUSTER_NAME: "aks",
      CLUSTER_ID: "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      AZURE_CLIENT_ID: "client-id",
      AZURE_TENANT_ID: "tenant-id",
    };
    execFileSync("/bin/sh", ["-c", gatewayApiCommands.enable], { env });
    const calls = readFileSync(log, "utf8").trim().split("\n");
    expect(calls[0]).toContain("login --service-principal --username client-id --tenant tenant-id --federated-token fresh-github-token");
    expect(calls[1]).toContain("resource show --ids /subscriptions/sub-1/");
    expect(calls[2]).toContain(
      "aks update --subscription sub-1 --resource-group rg --name aks --enable-gateway-api --enable-app-routing-istio",
    );
    expect(new Set(calls.map((call) => call.split(" ")[0])).size).toBe(1);
  });

  it("is not there when the stack uses NGINX, whose default controller stays on", async () => {
    const run = await sharedRun("dev", { ingress: { kind: "nginx" } });
    expect(run.resources.filter((resource) => resource.type === "command:local:Command" && resource.name === "aks-gateway-api")).toEqual(
      [],
    );
    expect(only(run, "azure-native:containerservice:ManagedCluster").inputs.ingressProfile).toEqual({ webAppRouting: { enabled: true } });
  });
});

describe("migration: NGINX beside the Gateway (ingress.keepNginx)", () => {
  it("renders both data planes behind the one OAuth2 Proxy, and admits both to it", async () => {
    const run = await runProgram({ stack: "dev", config: { ingress: { kind: "gatewayApi", keepNginx: true } } });
    const kinds = kubernetesManifests(run.resources).map((item) => item.kind);
    expect(kinds.filter((kind) => kind === "Ingress")).toHaveLength(2);
    expect(kinds.filter((kind) => kind === "Gateway")).toHaveLength(1);
    expect(run.resources.filter((resource) => resource.type === "kubernetes:helm.sh/v3:Release")).toHaveLength(1);
    expect(sourcesOf(run, "oauth2-proxy-ingress-only").sort()).toEqual(["app-gateway", "app-routing-system"]);
    expect(sourcesOf(run, "durable-app-ingress-only").sort()).toEqual(["app-routing-system", "oauth2-proxy"]);
    expect(only(run, "azure-native:containerservice:ManagedCluster").inputs.ingressProfile).toEqual({ webAppRouting: { enabled: true } });
  });
});
