import { describe, expect, it } from "vitest";
import { containerPort } from "../../../../../app/src/contract";
import { kubernetesManifests, type KubernetesManifest } from "../../../../../tools/render/kubernetesManifests";
import { runProgram, type ProgramRun } from "../../../../../tools/render/runProgram";
import { validateManifests } from "../../../../../tools/render/validateManifests";
import { programRun } from "../../../../support/programRuns";

const metadataEndpoint = "169.254.169.254/32";
// AKS's Azure CNI Overlay defaults, which the program keeps (MicrosoftDocs/azure-aks-docs articles/aks/azure-cni-overlay.md).
const podCidr = "10.244.0.0/16";
const serviceCidr = "10.0.0.0/16";

const egressPolicies = (run: ProgramRun, namespace: string) =>
  kubernetesManifests(run.resources).filter(
    (item) => item.kind === "NetworkPolicy" && item.metadata.namespace === namespace && (item.spec as any).policyTypes.includes("Egress"),
  );
const rules = (policies: KubernetesManifest[]) => policies.flatMap((item) => (item.spec as any).egress ?? []);

/** Whether any egress rule of the namespace lets its pods reach an address outside the cluster on a port. */
function allowsAddress(policies: KubernetesManifest[], address: string, port: number): boolean {
  const toNumber = (ip: string) => ip.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
  const inBlock = (cidr: string, ip: string) => {
    const [base, bits] = cidr.split("/");
    const size = 2 ** (32 - Number(bits));
    return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base!) / size);
  };
  const ip = address.split("/")[0]!;
  return rules(policies).some(
    (rule: any) =>
      (!rule.ports || rule.ports.some((item: any) => item.port === port)) &&
      (rule.to ?? []).some(
        (peer: any) =>
          peer.ipBlock && inBlock(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((cidr: string) => inBlock(cidr, ip)),
      ),
  );
}

describe.each(["dev", "prod"])("egress of the namespaces stack %s creates", (stack) => {
  it.each(["durable-app", "oauth2-proxy"])("%s: everything denied by default", async (namespace) => {
    const policies = egressPolicies(await programRun(stack), namespace);
    const deny = policies.find((item) => item.metadata.name === "default-deny-egress")!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Egress"], egress: [] });
  });

  it.each(["durable-app", "oauth2-proxy"])("%s: DNS to kube-dns only, UDP and TCP 53", async (namespace) => {
    const dns = egressPolicies(await programRun(stack), namespace).find((item) => item.metadata.name === "allow-dns-egress")!;
    expect((dns.spec as any).egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ]);
  });

  it.each(["durable-app", "oauth2-proxy"])(
    "%s: HTTPS to Azure and Entra ID (workload identity's token exchange), never to the metadata endpoint or the cluster's ranges",
    async (namespace) => {
      const policies = egressPolicies(await programRun(stack), namespace);
      expect(allowsAddress(policies, "20.190.160.1", 443)).toBe(true); // login.microsoftonline.com's range
      expect(allowsAddress(policies, "52.239.1.1", 443)).toBe(true); // a storage endpoint
      expect(allowsAddress(policies, "52.239.1.1", 80)).toBe(false);
      for (const blocked of [metadataEndpoint, "10.244.3.7", "10.0.0.10"]) {
        for (const port of [80, 443]) expect(allowsAddress(policies, blocked, port), `${blocked}:${port}`).toBe(false);
      }
      const https = policies.find((item) => item.metadata.name === "allow-https-egress-outside-cluster")!;
      expect((https.spec as any).egress[0].to[0].ipBlock.except).toEqual([metadataEndpoint, podCidr, serviceCidr]);
    },
  );

  it("the app's pods get nothing else", async () => {
    const names = egressPolicies(await programRun(stack), "durable-app").map((item) => item.metadata.name);
    expect(names.sort()).toEqual(["allow-dns-egress", "allow-https-egress-outside-cluster", "default-deny-egress"]);
  });

  it("OAuth2 Proxy may also reach the app's pods on their container port (it reverse-proxies behind the Gateway)", async () => {
    const toApp = egressPolicies(await programRun(stack), "oauth2-proxy").find((item) => item.metadata.name === "allow-app-egress")!;
    expect((toApp.spec as any).egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "durable-app" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "durable-app" } },
          },
        ],
        ports: [{ protocol: "TCP", port: containerPort }],
      },
    ]);
  });

  it("the gateway's namespace (Istio's pods) is kept from the metadata endpoint and nothing else", async () => {
    const policies = egressPolicies(await programRun(stack), "app-gateway");
    expect(policies.map((item) => item.metadata.name)).toEqual(["deny-metadata-egress"]);
    expect(allowsAddress(policies, metadataEndpoint, 80)).toBe(false);
    expect(allowsAddress(policies, "52.239.1.1", 15012)).toBe(true);
    expect((policies[0]!.spec as any).egress[0].to).toContainEqual({ namespaceSelector: {} });
  });

  it("every NetworkPolicy is valid against the Kubernetes schema", async () => {
    const policies = kubernetesManifests((await programRun(stack)).resources).filter((item) => item.kind === "NetworkPolicy");
    expect(policies.length).toBeGreaterThanOrEqual(9);
    expect(await validateManifests(policies)).toEqual([]);
  });
});

describe("egress with the NGINX variant", () => {
  it("OAuth2 Proxy only answers NGINX's auth requests: no egress to the app", async () => {
    const run = await runProgram({ stack: "dev", config: { ingress: { kind: "nginx" } } });
    expect(
      egressPolicies(run, "oauth2-proxy")
        .map((item) => item.metadata.name)
        .sort(),
    ).toEqual(["allow-dns-egress", "allow-https-egress-outside-cluster", "default-deny-egress"]);
  });
});

describe("the test's own address check", () => {
  it("tells a blocked address from an allowed one", () => {
    const policy = {
      spec: { egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ port: 443 }] }] },
    } as any;
    expect(allowsAddress([policy], "10.1.2.3", 443)).toBe(false);
    expect(allowsAddress([policy], "11.1.2.3", 443)).toBe(true);
    expect(allowsAddress([policy], "11.1.2.3", 80)).toBe(false);
  });
});
