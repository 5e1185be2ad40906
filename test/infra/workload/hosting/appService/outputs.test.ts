// What the smoke test and the deploy command read from the stack: where the API is (production and, with the slot,
// staging) and the audience to request a token for (`api://<apiAudience>/.default`).
import { describe, expect, it } from "vitest";
import { programRun } from "../../../../support/programRuns";

describe.each(["dev", "prod"])("stack outputs of stack %s on App Service", (stack) => {
  it("name the production URL and the API audience, the trust level's application", async () => {
    const run = await programRun(stack, "appService");
    expect(run.outputs.url).toBe(`https://${run.settings.hostname}/api`);
    expect(run.outputs.apiAudience).toBe(run.settings.auth!.clientId);
    expect(run.secretOutputs).not.toContain("apiAudience");
  });

  it("name the staging URL exactly when there is a slot", async () => {
    const run = await programRun(stack, "appService");
    if (run.settings.appService.stagingSlot)
      expect(run.outputs.stagingUrl).toMatch(/^https:\/\/func-[a-z0-9-]+-staging\.azurewebsites\.net\/api$/);
    else expect(run.outputs).not.toHaveProperty("stagingUrl");
    expect(Boolean(run.settings.appService.stagingSlot)).toBe(stack === "prod");
  });
});

it("on AKS the API audience is the one OAuth2 Proxy accepts bearer tokens for", async () => {
  const run = await programRun("dev");
  expect(run.outputs.apiAudience).toBe(run.settings.oauth2Proxy!.apiAudience);
});
