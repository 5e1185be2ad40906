import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../../../infra/config";
import { nginxBlockedWords } from "../../../../../../infra/config/rules";
import { runProgram, type ProgramRun } from "../../../../../../tools/render/runProgram";
import { manifest, sharedRun } from "../../../../../support/programRuns";

const nginx = { ingress: { kind: "nginx" } };
const nginxRun = (stack: string) => sharedRun(stack, nginx);
const annotations = (run: ProgramRun, name: string) =>
  (manifest(run, "Ingress", name).metadata.annotations ?? {}) as Record<string, string>;

describe.each(["dev", "prod"])("NGINX variant in stack %s", (stack) => {
  it("serves the sign-in callback with the app's buffer size (Entra cookies overflow NGINX's 4k default: 502)", async () => {
    const run = await nginxRun(stack);
    const app = annotations(run, "durable-app");
    const proxy = annotations(run, "oauth2-proxy");
    expect(app["nginx.ingress.kubernetes.io/proxy-buffer-size"]).toBe("16k");
    expect(proxy["nginx.ingress.kubernetes.io/proxy-buffer-size"]).toBe(app["nginx.ingress.kubernetes.io/proxy-buffer-size"]);
  });

  it("authenticates every request to the app through OAuth2 Proxy (auth_request); without a session programs get its 401, no sign-in redirect", async () => {
    const run = await nginxRun(stack);
    const app = manifest(run, "Ingress", "durable-app");
    const host = run.settings.hostname;
    // Every path of this Ingress is an API route: without auth-signin NGINX passes on the proxy's 401, as the Gateway
    // variant's api_routes do; people sign in at https://<host>/oauth2/start?rd=<path>.
    expect(annotations(run, "durable-app")["nginx.ingress.kubernetes.io/auth-url"]).toBe(
      "http://oauth2-proxy.oauth2-proxy.svc.cluster.local/oauth2/auth",
    );
    expect(annotations(run, "durable-app")).not.toHaveProperty("nginx.ingress.kubernetes.io/auth-signin");
    expect((app.spec as any).ingressClassName).toBe("webapprouting.kubernetes.azure.com");
    expect((app.spec as any).tls[0].hosts).toEqual([host]);
    const paths: string[] = (app.spec as any).rules[0].http.paths.map((item: { path: string }) => item.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect("/api/health".startsWith(path)).toBe(false);
  });

  it("admits NGINX's namespace to the app and to the proxy, nothing else", async () => {
    const run = await nginxRun(stack);
    for (const name of ["durable-app-ingress-only", "oauth2-proxy-ingress-only"]) {
      const policy = manifest(run, "NetworkPolicy", name).spec as any;
      expect(
        policy.ingress.flatMap((rule: any) =>
          rule.from.map((from: any) => from.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]),
        ),
      ).toEqual(["app-routing-system"]);
    }
  });

  it("serves /oauth2 on the app's host through the same ingress class", async () => {
    const run = await nginxRun(stack);
    const ingress = manifest(run, "Ingress", "oauth2-proxy").spec as any;
    expect(ingress.ingressClassName).toBe("webapprouting.kubernetes.azure.com");
    expect(ingress.rules[0].host).toBe(run.settings.hostname);
    expect(ingress.rules[0].http.paths).toEqual([
      { path: "/oauth2", pathType: "Prefix", backend: { service: { name: "oauth2-proxy", port: { number: 80 } } } },
    ]);
  });

  it("puts no word the managed NGINX refuses into any annotation value", async () => {
    const run = await nginxRun(stack);
    const values = [...Object.values(annotations(run, "durable-app")), ...Object.values(annotations(run, "oauth2-proxy"))];
    expect(values.length).toBeGreaterThanOrEqual(4);
    for (const value of values) expect(nginxBlockedWords(value), value).toEqual([]);
  });

  it("renders no Gateway API object", async () => {
    const run = await nginxRun(stack);
    expect(run.resources.filter((resource) => resource.type.includes("gateway.networking.k8s.io"))).toEqual([]);
  });

  it("checks every request against the in-cluster OAuth2 Proxy Service, not through the public load balancer", async () => {
    const run = await nginxRun(stack);
    // The chart's Service listens on port 80 (oauth2-proxy/manifests helm/oauth2-proxy/values.yaml service.portNumber).
    expect(annotations(run, "durable-app")["nginx.ingress.kubernetes.io/auth-url"]).toBe(
      "http://oauth2-proxy.oauth2-proxy.svc.cluster.local/oauth2/auth",
    );
  });

  it("leaves the client's own Authorization header to the app (programs send bearer tokens)", async () => {
    const run = await nginxRun(stack);
    const headers = annotations(run, "durable-app")["nginx.ingress.kubernetes.io/auth-response-headers"]!.split(",");
    expect(headers).toContain("X-Auth-Request-User");
    expect(headers.map((header) => header.toLowerCase())).not.toContain("authorization");
  });

  it("copies the signed-in person's access token from OAuth2 Proxy's answer to the app (approvals check it there)", async () => {
    const run = await nginxRun(stack);
    const headers = annotations(run, "durable-app")["nginx.ingress.kubernetes.io/auth-response-headers"]!.split(",");
    expect(headers).toEqual(["X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Access-Token"]);
  });
});

describe("hostnames the managed NGINX refuses", () => {
  it("are fine with Gateway API, which has no such list", async () => {
    const run = await runProgram({ stack: "dev", config: { hostname: "allocation.example.com" } });
    expect(run.settings.ingress.kind).toBe("gatewayApi");
  });

  it("are refused while NGINX runs beside the Gateway during a migration", async () => {
    const error = await runProgram({ stack: "dev", config: { hostname: "allocation.example.com", ingress: { keepNginx: true } } }).catch(
      (thrown: unknown) => thrown,
    );
    expect((error as ConfigError).issues.map((issue) => issue.key)).toContain("durable-aks:hostname");
  });

  it.each([
    ["allocation.example.com", "location"],
    ["root.example.com", "root"],
    ["myserviceaccount.example.com", "serviceaccount"],
  ])("refuses %s before any resource (contains %s)", async (hostname, word) => {
    const error = await runProgram({ stack: "dev", config: { ...nginx, hostname } }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((candidate) => candidate.key === "durable-aks:hostname");
    expect(issue?.value).toBe(JSON.stringify(hostname));
    expect(issue?.rule).toContain(`"${word}"`);
    expect(issue?.rule).toMatch(/annotation-value-word-blocklist/);
  });
});
