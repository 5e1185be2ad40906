import { describe, expect, it } from "vitest";
import { containsSecretValue } from "./secretScan";
import { isSecretAt } from "../../offline/secrets";
import { manifest, programRun } from "./programRuns";
import { only } from "../infra/support";

describe.each(["dev", "prod"])("OAuth2 Proxy with Entra ID in stack %s", (stack) => {
  it("installs the official chart at a pinned version with a proxy image of v7.15.3 or later", async () => {
    const run = await programRun(stack);
    const release = only(run, "kubernetes:helm.sh/v3:Release").inputs;
    expect(release.chart).toBe("oauth2-proxy");
    expect(release.repositoryOpts.repo).toBe("https://oauth2-proxy.github.io/manifests");
    expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor, patch] = /^v(\d+)\.(\d+)\.(\d+)$/.exec(release.values.image.tag)!.slice(1).map(Number) as [number, number, number];
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

  it("keeps client secret and cookie secret in a Kubernetes Secret, out of the Helm values", async () => {
    const run = await programRun(stack);
    const release = only(run, "kubernetes:helm.sh/v3:Release").inputs;
    const credentials = run.resources.find((item) => item.type === "kubernetes:core/v1:Secret" && item.inputs.metadata.name === "oauth2-proxy-credentials")!;
    expect(release.values.config.existingSecret).toBe("oauth2-proxy-credentials");
    expect(isSecretAt(credentials.inputs, "stringData")).toBe(true);
    const data = credentials.inputs.stringData.value as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(["client-id", "client-secret", "cookie-secret"]);
    expect(containsSecretValue(release, data["client-secret"]!)).toBe(false);
    expect(containsSecretValue(release, data["cookie-secret"]!)).toBe(false);
  });

  it("generates a cookie secret of 32 alphanumeric characters (decodes to 32 bytes)", async () => {
    const run = await programRun(stack);
    const password = only(run, "random:index/randomPassword:RandomPassword");
    expect(password.inputs).toMatchObject({ length: 32, special: false });
    const credentials = run.resources.find((item) => item.type === "kubernetes:core/v1:Secret" && item.inputs.metadata.name === "oauth2-proxy-credentials")!;
    expect(credentials.inputs.stringData.value["cookie-secret"]).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
