// The program's own Entra ID calls in CI (the ACR token exchange) use the token file the pulumi-azure action refreshes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deployerCredential } from "../../../../infra/workload/image/acrPushCredentials";

/** Stands in for Entra ID: records the client assertion of each token request and answers with an access token. */
function entraId() {
  const assertions: string[] = [];
  const httpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      assertions.push(new URLSearchParams(String(request.body ?? "")).get("client_assertion") ?? "");
      const body = JSON.stringify({
        token_type: "Bearer",
        access_token: `access-${assertions.length}`,
        expires_in: 3600,
        ext_expires_in: 3600,
      });
      return { request, status: 200, headers: request.headers, bodyAsText: body };
    },
  };
  return { assertions, httpClient };
}

afterEach(() => vi.useRealTimers());

describe("deployerCredential", () => {
  it("in CI signs in with the GitHub token in AZURE_FEDERATED_TOKEN_FILE and picks up the refreshed token later in the run", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "federated-")), "token");
    writeFileSync(file, "github-token-at-start");
    const env = {
      AZURE_FEDERATED_TOKEN_FILE: file,
      AZURE_CLIENT_ID: "22222222-2222-4222-8222-222222222222",
      AZURE_TENANT_ID: "11111111-1111-4111-8111-111111111111",
    };
    const { assertions, httpClient } = entraId();
    const credential = await deployerCredential(env, { httpClient, disableInstanceDiscovery: true } as never);
    expect(credential.constructor.name).toBe("WorkloadIdentityCredential");

    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T10:00:00Z") });
    await credential.getToken("https://management.azure.com/.default");
    writeFileSync(file, "github-token-ten-minutes-later");
    vi.setSystemTime(new Date("2026-01-01T10:10:00Z"));
    await credential.getToken("https://vault.azure.net/.default");
    expect(assertions).toEqual(["github-token-at-start", "github-token-ten-minutes-later"]);
  });

  it("on a workstation falls back to the default chain (az login and friends)", async () => {
    expect((await deployerCredential({})).constructor.name).toBe("DefaultAzureCredential");
  });
});
