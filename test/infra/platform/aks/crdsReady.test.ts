import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crdWaitScript, gatewayApiCrds, kedaCrds, minimumKubectlMinor } from "../../../../infra/platform/aks/crdsReady";
import { runProgram } from "../../../../tools/render/runProgram";
import { isSecretEnvelope } from "../../../support/mockAzure/secrets";
import { programRun } from "../../../support/programRuns";

/** Runs the script with a fake kubectl that logs each call with the kubeconfig it was given, and fails `wait` if told to. */
function runWithFakeKubectl(script: string, { minor = `${minimumKubectlMinor + 1}+`, failWait = false, loginMethod = "" } = {}) {
  const bin = mkdtempSync(join(tmpdir(), "fake-kubectl-"));
  const log = join(bin, "calls.log");
  writeFileSync(log, "");
  writeFileSync(
    join(bin, "kubectl"),
    `#!/bin/sh
if [ "$1" = version ]; then printf '{\\n  "clientVersion": {\\n    "major": "1",\\n    "minor": "${minor}"\\n  }\\n}\\n'; exit 0; fi
echo "$* | KUBECONFIG=$KUBECONFIG | $(base64 -w0 < "$KUBECONFIG") | $(stat -c %a "$KUBECONFIG") | AAD_LOGIN_METHOD=$AAD_LOGIN_METHOD" >> "${log}"
${failWait ? "exit 1" : "exit 0"}
`,
    { mode: 0o755 },
  );
  const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, CLUSTER_KUBECONFIG: "apiVersion: v1\nkind: Config" };
  if (loginMethod) env.AAD_LOGIN_METHOD = loginMethod;
  const result = spawnSync("/bin/sh", ["-c", script], { env, encoding: "utf8" });
  const calls = readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
  return { status: result.status, stderr: result.stderr, calls };
}

describe("the CRD wait script", () => {
  const keda = crdWaitScript({ crds: kedaCrds });
  const gateway = crdWaitScript({ crds: gatewayApiCrds, accepted: { kind: "gatewayclass", name: "approuting-istio" } });

  it("waits for the CRDs to exist, then to be Established, then for the GatewayClass to be Accepted", () => {
    const { status, calls } = runWithFakeKubectl(gateway);
    expect(status).toBe(0);
    const crds = gatewayApiCrds.map((crd) => `crd/${crd}`).join(" ");
    expect(calls.map((call) => call.split(" | ")[0])).toEqual([
      `wait --for=create --timeout=10m ${crds}`,
      `wait --for=condition=Established --timeout=5m ${crds}`,
      "wait --for=create --timeout=10m gatewayclass/approuting-istio",
      "wait --for=condition=Accepted --timeout=10m gatewayclass/approuting-istio",
    ]);
  });

  it("names KEDA's ScaledObject and TriggerAuthentication CRDs and the Gateway API's Gateway, HTTPRoute, ReferenceGrant and GatewayClass", () => {
    expect(keda).toContain("crd/scaledobjects.keda.sh crd/triggerauthentications.keda.sh");
    for (const kind of ["gatewayclasses", "gateways", "httproutes", "referencegrants"]) {
      expect(gateway).toContain(`crd/${kind}.gateway.networking.k8s.io`);
    }
  });

  it("hands kubectl the cluster's kubeconfig in a file only the user can read, removed afterwards", () => {
    const { calls } = runWithFakeKubectl(keda);
    const [, kubeconfigPath, content, mode] = calls[0]!.split(" | ");
    expect(Buffer.from(content!, "base64").toString("utf8")).toBe("apiVersion: v1\nkind: Config");
    expect(mode).toBe("600");
    expect(existsSync(kubeconfigPath!.replace("KUBECONFIG=", ""))).toBe(false);
  });

  it("lets kubelogin sign in with the Azure CLI unless the environment chose a login method (CI: workloadidentity)", () => {
    expect(runWithFakeKubectl(keda).calls[0]).toMatch(/AAD_LOGIN_METHOD=azurecli$/);
    expect(runWithFakeKubectl(keda, { loginMethod: "workloadidentity" }).calls[0]).toMatch(/AAD_LOGIN_METHOD=workloadidentity$/);
  });

  it("fails when a wait times out", () => {
    const { status, calls } = runWithFakeKubectl(keda, { failWait: true });
    expect(status).not.toBe(0);
    expect(calls).toHaveLength(1);
  });

  it.each(["30", "29"])("stops with a clear error on kubectl 1.%s, which has no --for=create", (minor) => {
    const { status, stderr, calls } = runWithFakeKubectl(keda, { minor });
    expect(status).not.toBe(0);
    expect(stderr).toContain(`kubectl 1.${minor} is older than 1.${minimumKubectlMinor}`);
    expect(calls).toEqual([]);
  });

  it("parses a real kubectl's version output, where there is one", () => {
    const real = spawnSync("kubectl", ["version", "--client", "--output", "json"], { encoding: "utf8" });
    if (real.status !== 0) return;
    const script = `${crdWaitScript({ crds: kedaCrds }).split("\n").slice(0, 2).join("\n")}\necho "$kubectl_minor"`;
    const minor = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" }).stdout.trim();
    expect(minor).toBe(String(Number.parseInt(JSON.parse(real.stdout).clientVersion.minor, 10)));
  });

  it("is statically valid sh", () => {
    for (const script of [keda, gateway]) expect(spawnSync("/bin/sh", ["-n", "-c", script]).status).toBe(0);
  });
});

describe("custom resources wait for their CRDs", () => {
  const resource = (run: Awaited<ReturnType<typeof programRun>>, type: string) => run.resources.filter((item) => item.type === type);

  it.each(["dev", "prod"])("%s: the ScaledObject and TriggerAuthentication depend on KEDA's CRD wait", async (stack) => {
    const run = await programRun(stack);
    const wait = run.resources.find((item) => item.name === "aks-keda-crds")!;
    expect(wait.type).toBe("command:local:Command");
    expect(wait.inputs.create).toBe(crdWaitScript({ crds: kedaCrds }));
    expect(isSecretEnvelope(wait.inputs.environment.CLUSTER_KUBECONFIG) || isSecretEnvelope(wait.inputs.environment)).toBe(true);
    const kedaObjects = resource(run, "kubernetes:keda.sh/v1alpha1:ScaledObject").concat(
      resource(run, "kubernetes:keda.sh/v1alpha1:TriggerAuthentication"),
    );
    expect(kedaObjects).toHaveLength(2);
    for (const item of kedaObjects) expect(item.options.dependsOn, item.name).toContain("aks-keda-crds");
  });

  it.each(["dev", "prod"])(
    "%s: the Gateway, HTTPRoutes and ReferenceGrant depend on the Gateway API's wait, after the enablement",
    async (stack) => {
      const run = await programRun(stack);
      const wait = run.resources.find((item) => item.name === "aks-gateway-api-crds")!;
      expect(wait.inputs.create).toBe(
        crdWaitScript({ crds: gatewayApiCrds, accepted: { kind: "gatewayclass", name: "approuting-istio" } }),
      );
      expect(wait.options.dependsOn).toContain("aks-gateway-api");
      const gatewayObjects = run.resources.filter((item) => item.type.startsWith("kubernetes:gateway.networking.k8s.io/"));
      expect(gatewayObjects.map((item) => item.type.split(":").pop()).sort()).toEqual([
        "Gateway",
        "HTTPRoute",
        "HTTPRoute",
        "ReferenceGrant",
      ]);
      for (const item of gatewayObjects) expect(item.options.dependsOn, item.name).toContain("aks-gateway-api-crds");
    },
  );

  it("no Gateway API wait when the stack uses NGINX", async () => {
    const run = await runProgram({ stack: "dev", config: { ingress: { kind: "nginx" } } });
    expect(run.resources.filter((item) => item.name === "aks-gateway-api-crds")).toEqual([]);
    expect(run.resources.filter((item) => item.name === "aks-keda-crds")).toHaveLength(1);
  });
});
