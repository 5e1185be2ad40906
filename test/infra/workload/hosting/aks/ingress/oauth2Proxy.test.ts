import { describe, expect, it } from "vitest";
import { containsSecretValue } from "../../../../../support/secretScan";
import { isSecretAt } from "../../../../../support/mockAzure/secrets";
import { programRun, sharedRun } from "../../../../../support/programRuns";
import { only } from "../../../../../support/infra";
import { runProgram } from "../../../../../../tools/render/runProgram";

describe.each(["dev", "prod"])("OAuth2 Proxy with Entra ID in stack %s", (stack) => {
  it("installs the official chart at a pinned version with a proxy image of v7.15.3 or later", async () => {
    const run = await programRun(stack);
    const release = only(run, "kubernetes:helm.sh/v3:Release").inputs;
    expect(release.chart).toBe("oauth2-proxy");
    expect(release.repositoryOpts.repo).toBe("https://oauth2-proxy.github.io/manifests");
    expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    // The tag may carry the digest it was pinned to (.github/workflows/pin-image-digests.yml): <tag>@sha256:<digest>.
    const [major, minor, patch] = /^v(\d+)\.(\d+)\.(\d+)(@sha256:[a-f0-9]{64})?$/
      .exec(release.values.image.tag)!
      .slice(1, 4)
      .map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(7_015_003);
  });

  it("signs in with the entra-id provider against the configured tenant and allowed domains", async () => {
    const run = await programRun(stack);
    const values = only(run, "kubernetes:helm.sh/v3:Release").inputs.values;
    const proxy = run.settings.oauth2Proxy!;
    expect(values.extraArgs).toMatchObject({
      provider: "entra-id",
      "oidc-issuer-url": `https://login.microsoftonline.com/${proxy.tenantId}/v2.0`,
      "redirect-url": `https://${run.settings.hostname}/oauth2/callback`,
      "reverse-proxy": true,
      "set-xauthrequest": true,
      "cookie-secure": true,
    });
    expect(values.config.configFile).toContain(`email_domains = ${JSON.stringify(proxy.allowedEmailDomains).replace(/,/g, ", ")}`);
  });

  it("keeps the client secret in a Kubernetes Secret, out of the Helm values, and the cookie secret out of Pulumi altogether", async () => {
    const run = await programRun(stack);
    const release = only(run, "kubernetes:helm.sh/v3:Release").inputs;
    const credentials = run.resources.find(
      (item) => item.type === "kubernetes:core/v1:Secret" && item.inputs.metadata.name === "oauth2-proxy-credentials",
    )!;
    expect(release.values.config.existingSecret).toBe("oauth2-proxy-credentials");
    expect(isSecretAt(credentials.inputs, "stringData")).toBe(true);
    const data = credentials.inputs.stringData.value as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(["client-id", "client-secret"]);
    expect(containsSecretValue(release, data["client-secret"]!)).toBe(false);
    // No generated secret anywhere in the program's resources: nothing Pulumi stores can sign a session.
    expect(run.resources.filter((item) => item.type.startsWith("random:"))).toEqual([]);
  });

  it("reads the cookie secret from the Secret the in-cluster Job creates, and installs only once that Job has finished", async () => {
    const run = await programRun(stack);
    const release = only(run, "kubernetes:helm.sh/v3:Release");
    // With existingSecret the chart creates no Secret and reads the keys listed here from it (oauth2-proxy/manifests
    // helm/oauth2-proxy/templates/secret.yaml, templates/deployment.yaml, chart 10.4.2).
    expect(release.inputs.values.config.requiredSecretKeys).toEqual(["client-id", "client-secret"]);
    expect(release.inputs.values.extraEnv).toEqual([
      { name: "OAUTH2_PROXY_COOKIE_SECRET", valueFrom: { secretKeyRef: { name: "oauth2-proxy-cookie", key: "cookie-secret" } } },
    ]);
    const job = only(run, "kubernetes:batch/v1:Job");
    expect(release.options.dependsOn).toContain(job.name);
    expect(job.inputs.metadata.namespace).toBe("oauth2-proxy");
  });
});

describe.each(["dev", "prod"])("the cookie-secret Job in stack %s", (stack) => {
  it("runs Node.js from the app's own image, pinned by digest, as a restricted non-root pod", async () => {
    const run = await programRun(stack);
    const job = only(run, "kubernetes:batch/v1:Job");
    const deployment = run.resources.find((item) => item.type === "kubernetes:apps/v1:Deployment")!;
    const container = job.inputs.spec.template.spec.containers[0];
    expect(container.image).toBe(deployment.inputs.spec.template.spec.containers[0].image);
    expect(container.image).toMatch(/@sha256:[a-f0-9]{64}$/);
    expect(container.command.slice(0, 2)).toEqual(["node", "-e"]);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(job.inputs.spec.template.spec.restartPolicy).toBe("Never");
    // A newer app image is no reason to run it again (a Job's template cannot change).
    expect(job.options.ignoreChanges).toEqual(["spec.template.spec.containers[0].image"]);
  });

  it("may create Secrets in the proxy's namespace and do nothing else", async () => {
    const run = await programRun(stack);
    const job = only(run, "kubernetes:batch/v1:Job");
    const role = only(run, "kubernetes:rbac.authorization.k8s.io/v1:Role");
    const binding = only(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
    expect(role.inputs.rules).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: ["create"] }]);
    expect(binding.inputs.subjects).toEqual([
      { kind: "ServiceAccount", name: job.inputs.spec.template.spec.serviceAccountName, namespace: "oauth2-proxy" },
    ]);
    expect(binding.inputs.roleRef).toMatchObject({ kind: "Role", name: role.inputs.metadata.name });
    expect(run.resources.filter((item) => item.type.includes("ClusterRole"))).toEqual([]);
  });
});

/** oauth2_proxy.cfg as the chart hands it to the proxy: `key = value`, every value written as JSON. */
function proxyConfig(run: Awaited<ReturnType<typeof programRun>>): Record<string, unknown> {
  const file = only(run, "kubernetes:helm.sh/v3:Release").inputs.values.config.configFile as string;
  return Object.fromEntries(
    file.split("\n").map((line) => [line.slice(0, line.indexOf(" = ")), JSON.parse(line.slice(line.indexOf(" = ") + 3))]),
  );
}
/** What oauth2-proxy answers a request without session or token: 401 on an api_routes match, else a sign-in redirect (oauth2-proxy oauthproxy.go). */
const withoutSession = (config: Record<string, unknown>, uri: string) =>
  (config.api_routes as string[]).some((pattern) => new RegExp(pattern).test(uri)) ? 401 : 302;

describe.each(["dev", "prod"])("OAuth2 Proxy for programs and people in stack %s", (stack) => {
  it("answers an API call without a session 401, not a redirect to the sign-in page", async () => {
    const config = proxyConfig(await programRun(stack));
    for (const uri of [
      "/api/submit/query",
      "/api/status/abc?showHistory=true",
      "/api/patterns/fan-out",
      "/api/approvals/x/approve",
      "/api/counters/c1",
    ]) {
      expect(withoutSession(config, uri), uri).toBe(401);
    }
    expect(withoutSession(config, "/oauth2/start")).toBe(302);
  });

  it("accepts Entra access tokens as bearer tokens for the API app registration (audience), and refuses bad ones with 403", async () => {
    const run = await programRun(stack);
    const config = proxyConfig(run);
    const proxy = run.settings.oauth2Proxy!;
    expect(config.skip_jwt_bearer_tokens).toBe(true);
    expect(config.bearer_token_login_fallback).toBe(false);
    expect(config.extra_jwt_issuers).toEqual([`https://login.microsoftonline.com/${proxy.tenantId}/v2.0=${proxy.clientId}`]);
  });

  it("lets a program's token without an email claim through the email check: authorization is on groups", async () => {
    // A bearer token without `email` gets its subject as email (oauth2-proxy providers/oidc.go CreateSessionFromToken), which no domain but "*" admits (validator.go).
    const config = proxyConfig(await programRun(stack));
    expect(config.email_domains).toEqual(["*"]);
  });

  it("never sets (and so never replaces) the client's Authorization header", async () => {
    const config = proxyConfig(await programRun(stack));
    expect(config.pass_authorization_header).toBe(false);
    expect(config.set_authorization_header).toBe(false);
    expect(config).not.toHaveProperty("basic_auth_password");
  });

  it("passes the signed-in person's access token for the API to the app, which checks the approver role in it", async () => {
    const run = await programRun(stack);
    const config = proxyConfig(run);
    // As reverse proxy in X-Forwarded-Access-Token; with set_xauthrequest also in /oauth2/auth's X-Auth-Request-Access-Token.
    expect(config.pass_access_token).toBe(true);
    // The API's delegated scope makes the session's access token one for the API (audience apiAudience). No
    // offline_access: the proxy's refresh sends no scope (oauth2-proxy providers/oidc.go, redeemRefreshToken), which
    // Entra is reported to refuse for an application asking for its own api:// scope, so the session ends with its token.
    expect(config.scope).toBe(`openid email profile api://${run.settings.oauth2Proxy!.apiAudience}/access_as_user`);
  });

  it("bounds sessions: refreshed hourly, over after a working day", async () => {
    const config = proxyConfig(await programRun(stack));
    expect(config.cookie_refresh).toBe("1h");
    expect(config.cookie_expire).toBe("8h");
  });

  it("reverse-proxies to the app Service (the Gateway sends everything to the proxy)", async () => {
    const run = await programRun(stack);
    expect(proxyConfig(run).upstreams).toEqual([`http://durable-app.${run.settings.app.namespace}.svc.cluster.local:80/`]);
  });
});

describe("OAuth2 Proxy configuration choices", () => {
  it("authorizes prod on the configured Entra ID groups", async () => {
    const run = await programRun("prod");
    expect(run.settings.oauth2Proxy!.allowedGroups.length).toBeGreaterThan(0);
    expect(proxyConfig(run).allowed_groups).toEqual(run.settings.oauth2Proxy!.allowedGroups);
  });

  it("takes the bearer audience and session bounds from config", async () => {
    const apiAudience = "11111111-2222-3333-4444-555555555555";
    const run = await runProgram({ stack: "dev", config: { oauth2Proxy: { apiAudience, cookieRefresh: "30m", cookieExpire: "12h" } } });
    const config = proxyConfig(run);
    expect(config.extra_jwt_issuers).toEqual([
      `https://login.microsoftonline.com/${run.settings.oauth2Proxy!.tenantId}/v2.0=${apiAudience}`,
    ]);
    expect([config.cookie_refresh, config.cookie_expire]).toEqual(["30m", "12h"]);
    expect(config.scope).toBe(`openid email profile api://${apiAudience}/access_as_user`);
  });

  it("with NGINX answers only /oauth2/auth and proxies nowhere (static 202)", async () => {
    const run = await sharedRun("dev", { ingress: { kind: "nginx" } });
    expect(proxyConfig(run).upstreams).toEqual(["static://202"]);
  });
});
