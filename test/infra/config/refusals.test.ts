// Values Azure, AKS or the upstream tools refuse (or that make no sense) are refused at start-up, each with the key,
// the value and the rule; the program-level tests in config.test.ts show that nothing is registered then.
import { describe, expect, it } from "vitest";
import { minimumKubernetesMinor, newestKubernetesMinor } from "../../../infra/config/platformLimits";
import { refusalOf, resolveStack } from "./resolveStack";

interface Refused {
  why: string;
  stack?: "dev" | "prod";
  config: Record<string, unknown>;
  /** The key the error must name, without the project namespace. */
  key: string;
}

const restricted = { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24"] };
const premium = { registry: { sku: "Premium" } };

const refusedRange = (range: string, why: string): Refused => ({
  why: `an allowed range that ${why} (${range})`,
  config: { ...premium, network: { ...restricted, allowedIpRanges: [range] } },
  key: "network.allowedIpRanges.0",
});
const refusedRanges: Refused[] = [
  refusedRange("0.0.0.0/0", "opens the firewall to everyone"),
  refusedRange("8.0.0.0/0", "is a /0 by another name"),
  refusedRange("64.0.0.0/7", "is broader than /8"),
  refusedRange("100.64.0.0/10", "is carrier-grade NAT"),
  refusedRange("100.100.7.1", "lies inside carrier-grade NAT"),
  refusedRange("169.254.169.254", "is link-local"),
  refusedRange("127.0.0.1", "is loopback"),
  refusedRange("172.16.0.0/12", "is private"),
  refusedRange("192.168.10.0/24", "is private"),
  refusedRange("0.1.2.3", "is 'this network'"),
  refusedRange("224.0.0.1", "is multicast"),
  refusedRange("255.255.255.255", "is reserved"),
  refusedRange("203.0.113.0/31", "is a /31, which Storage refuses"),
];

const refusedNamespaces: Refused[] = [
  "kube-flannel",
  "aks-command",
  "aks-istio-system",
  "aks-istio-ingress",
  "istio-system",
  "gatekeeper-system",
  "calico-system",
  "tigera-operator",
].map((namespace) => ({ why: `the app in ${namespace}`, config: { app: { namespace } }, key: "app.namespace" }));

const refusedTag = (tags: Record<string, string>, why: string, key: string): Refused => ({ why, config: { tags }, key });
const refusedTags: Refused[] = [
  refusedTag({ "cost/center": "x" }, "a tag name with a slash", "tags.cost/center"),
  refusedTag({ "a<b": "x" }, "a tag name with <", "tags.a<b"),
  refusedTag({ "b>a": "x" }, "a tag name with >", "tags.b>a"),
  refusedTag({ "50%": "x" }, "a tag name with %", "tags.50%"),
  refusedTag({ "r&d": "x" }, "a tag name with &", "tags.r&d"),
  refusedTag({ "why?": "x" }, "a tag name with ?", "tags.why?"),
  refusedTag({ "a\\b": "x" }, "a tag name with a backslash", "tags.a\\b"),
  refusedTag({ ["n".repeat(129)]: "x" }, "a tag name longer than a storage account takes", `tags.${"n".repeat(129)}`),
  refusedTag({ owner: "v".repeat(257) }, "a tag value longer than 256", "tags.owner"),
  refusedTag({ environment: "dev" }, "the reserved environment tag (production policies read it)", "tags.environment"),
  refusedTag({ Environment: "dev" }, "the reserved environment tag in other case (ARM tag names ignore case)", "tags.Environment"),
  refusedTag({ stack: "other" }, "the reserved stack tag", "tags.stack"),
  refusedTag({ project: "other" }, "the reserved project tag", "tags.project"),
  refusedTag({ "MANAGED-BY": "me" }, "the reserved managed-by tag", "tags.MANAGED-BY"),
  refusedTag(
    Object.fromEntries(Array.from({ length: 47 }, (_, index) => [`t${index}`, "x"])),
    "more tags than ARM takes beside the four the program sets",
    "tags",
  ),
];

const others: Refused[] = [
  {
    why: "more activity functions per worker than the ceiling",
    config: { durable: { maxConcurrentActivityFunctions: 101 } },
    key: "durable.maxConcurrentActivityFunctions",
  },
  {
    why: "more orchestrator functions per worker than the ceiling",
    config: { durable: { maxConcurrentOrchestratorFunctions: 101 } },
    key: "durable.maxConcurrentOrchestratorFunctions",
  },
  { why: "more replicas than the ceiling", config: { app: { maxReplicas: 101 } }, key: "app.maxReplicas" },
  { why: "a zone listed twice", stack: "prod", config: { aks: { zones: ["1", "1", "2"] } }, key: "aks.zones" },
  { why: "a Kubernetes minor that does not exist yet", config: { aks: { kubernetesVersion: "1.99" } }, key: "aks.kubernetesVersion" },
  { why: "a Kubernetes major that does not exist", config: { aks: { kubernetesVersion: "2.34" } }, key: "aks.kubernetesVersion" },
  { why: "a CPU limit that is a negative number", config: { app: { cpuLimit: -1 } }, key: "app.cpuLimit" },
  { why: "a memory limit that is true", config: { app: { memoryLimit: true } }, key: "app.memoryLimit" },
  {
    why: "an allowed email domain that is an address",
    config: { oauth2Proxy: { allowedEmailDomains: ["someone@example.com"] } },
    key: "oauth2Proxy.allowedEmailDomains.0",
  },
  {
    why: "an allowed email domain that is free text",
    config: { oauth2Proxy: { allowedEmailDomains: ["our company"] } },
    key: "oauth2Proxy.allowedEmailDomains.0",
  },
  { why: "a build context outside the repository", config: { image: { build: { context: "../outside" } } }, key: "image.build.context" },
  { why: "a build context given as an absolute path", config: { image: { build: { context: "/etc" } } }, key: "image.build.context" },
  {
    why: "a Dockerfile outside the repository",
    config: { image: { build: { dockerfile: "../../etc/passwd" } } },
    key: "image.build.dockerfile",
  },
  {
    why: "a Dockerfile that does not exist",
    config: { image: { build: { dockerfile: "app/Missing.Dockerfile" } } },
    key: "image.build.dockerfile",
  },
  { why: "a build context that does not exist", config: { image: { build: { context: "no-such-folder" } } }, key: "image.build.context" },
];

describe("refused before any resource, naming key, value and rule", () => {
  it.each([...refusedRanges, ...refusedNamespaces, ...refusedTags, ...others])(
    "$why → durable-aks:$key",
    ({ stack = "dev", config, key }) => {
      const error = refusalOf(stack, config);
      expect(error, "the config must be refused").toBeDefined();
      const issue = error!.issues.find((candidate) => candidate.key === `durable-aks:${key}`);
      expect(issue, `no issue for durable-aks:${key} in:\n${error!.message}`).toBeDefined();
      expect(issue!.rule.length).toBeGreaterThan(10);
      expect(error!.message).toContain(`durable-aks:${key} = ${issue!.value}: ${issue!.rule}`);
    },
  );
});

describe("accepted", () => {
  it("CPU and memory given as numbers, as `pulumi config set --path app.cpuLimit 2` stores them", () => {
    const settings = resolveStack("dev", { app: { cpuRequest: 0.5, cpuLimit: 2, memoryRequest: 536870912, memoryLimit: 1073741824 } });
    expect(settings.app).toMatchObject({ cpuRequest: "0.5", cpuLimit: "2", memoryRequest: "536870912", memoryLimit: "1073741824" });
  });

  it("the newest Kubernetes minor AKS lists, email domains in oauth2-proxy's forms, public and documentation ranges", () => {
    const settings = resolveStack("dev", {
      ...premium,
      aks: { kubernetesVersion: `1.${newestKubernetesMinor}.1` },
      oauth2Proxy: { allowedEmailDomains: ["example.com", ".example.org", "*.example.net", "*"] },
      network: { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24", "198.51.100.7", "20.0.0.0/8", "203.0.113.9/32"] },
    });
    expect(settings.aks.kubernetesVersion).toBe(`1.${newestKubernetesMinor}.1`);
    expect(settings.oauth2Proxy?.allowedEmailDomains).toEqual(["example.com", ".example.org", "*.example.net", "*"]);
    expect(settings.network.allowedIpRanges).toHaveLength(4);
  });

  it("ceilings themselves, user tags ARM takes", () => {
    const settings = resolveStack("dev", {
      durable: { maxConcurrentActivityFunctions: 100, maxConcurrentOrchestratorFunctions: 100 },
      app: { maxReplicas: 100 },
      tags: { "cost-center": "4711", owner: "v".repeat(256), ["n".repeat(128)]: "" },
      hosting: "aks",
    });
    expect(settings.app.maxReplicas).toBe(100);
    expect(settings.tags["cost-center"]).toBe("4711");
  });
});

describe("reserved tags", () => {
  it("on prod, tags.environment: dev is refused naming the key, before any policy would see it", () => {
    const error = refusalOf("prod", { tags: { environment: "dev" } });
    expect(error?.message).toContain('durable-aks:tags.environment = "dev": is set by the program');
  });

  it("the program's four always carry the stack's own values", () => {
    const settings = resolveStack("prod", { tags: { owner: "team-a" } });
    expect(settings.tags).toEqual({ owner: "team-a", project: "durable-aks", stack: "prod", environment: "prod", "managed-by": "pulumi" });
  });
});

describe("messages", () => {
  it("the Kubernetes version's example is the floor itself", () => {
    expect(refusalOf("dev", { aks: { kubernetesVersion: "latest" } })?.message).toContain(
      `such as 1.${minimumKubernetesMinor} or 1.${minimumKubernetesMinor}.2`,
    );
  });

  it("a build path outside the repository: a config error, no stack trace, nothing read", () => {
    const error = refusalOf("dev", { image: { build: { dockerfile: "/etc/passwd" } } });
    expect(error?.message).toContain('durable-aks:image.build.dockerfile = "/etc/passwd": must be a path inside the repository');
    expect(error?.message).not.toMatch(/root:|\n\s+at /);
  });
});

describe("hosting appService refuses what only AKS reads", () => {
  const appService = { hosting: "appService" };
  it.each([
    ["ingress.kind", { ingress: { kind: "nginx" } }],
    ["ingress.keepNginx", { ingress: { keepNginx: true } }],
    ["aks.skuTier", { aks: { skuTier: "Standard" } }],
    ["aks.userPool", { aks: { userPool: { maxCount: 4 } } }],
    ["app.minReplicas", { app: { minReplicas: 2 } }],
    ["app.maxReplicas", { app: { maxReplicas: 4 } }],
    ["app.cpuRequest", { app: { cpuRequest: "250m" } }],
    ["app.cpuLimit", { app: { cpuLimit: "1" } }],
    ["app.memoryRequest", { app: { memoryRequest: "512Mi" } }],
    ["app.memoryLimit", { app: { memoryLimit: "1Gi" } }],
    ["app.namespace", { app: { namespace: "my-app" } }],
    ["app.terminationGracePeriodSeconds", { app: { terminationGracePeriodSeconds: 90 } }],
    ["oauth2Proxy.cookieRefresh", { oauth2Proxy: { cookieRefresh: "30m" } }],
    ["oauth2Proxy.cookieExpire", { oauth2Proxy: { cookieExpire: "4h" } }],
    ["oauth2Proxy.chartVersion", { oauth2Proxy: { chartVersion: "10.4.2" } }],
    ["oauth2Proxy.imageTag", { oauth2Proxy: { imageTag: "v7.15.3" } }],
    ["oauth2Proxy.allowedEmailDomains", { oauth2Proxy: { allowedEmailDomains: ["example.com"] } }],
    ["tlsCertificateKeyVaultUri", { tlsCertificateKeyVaultUri: "https://kv-certs.vault.azure.net/certificates/app" }],
  ])("%s", (key, config) => {
    const error = refusalOf("dev", { ...appService, ...config });
    const issue = error?.issues.find((candidate) => candidate.key === `durable-aks:${key}`);
    expect(issue, error?.message ?? "accepted").toBeDefined();
    expect(issue!.rule).toMatch(/^applies only with hosting aks: /);
  });

  it("keeps what the App Service sign-in uses: the Entra app, its tenant, the allowed groups, the API audience", () => {
    const settings = resolveStack("prod", {
      ...appService,
      oauth2Proxy: {
        clientId: "00000000-0000-0000-0000-000000000001",
        tenantId: "00000000-0000-0000-0000-000000000002",
        allowedGroups: ["00000000-0000-0000-0000-000000000003"],
        apiAudience: "00000000-0000-0000-0000-000000000004",
      },
    });
    expect(settings.hosting).toBe("appService");
  });

  it("takes hostname as a custom domain", () => {
    expect(resolveStack("dev", { ...appService, hostname: "api.example.com" }).appService.customDomain).toBe("api.example.com");
    expect(resolveStack("dev", { ...appService, hostname: undefined }).appService.customDomain).toBeUndefined();
  });

  it("refuses the site's own azurewebsites.net name as hostname, saying what hostname means there", () => {
    const error = refusalOf("dev", { ...appService, hostname: "func-durable-aks-dev.azurewebsites.net" });
    expect(error?.message).toMatch(
      /durable-aks:hostname = "func-durable-aks-dev\.azurewebsites\.net": is a custom domain on App Service .*leave it unset/,
    );
  });
});
