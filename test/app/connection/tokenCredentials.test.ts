// The app's DefaultAzureCredential under the setting both hostings deliver: only production credentials, so a real
// failure of the workload or managed identity is reported instead of falling through to developer tools.
import { DefaultAzureCredential } from "@azure/identity";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appSettingNames, appSettingValues } from "../../../app/src/contract/settingNames";

/** Credential classes in the chain, in order. `_sources` is ChainedTokenCredential's list (@azure/identity 4.14.1, pinned). */
function chain(): string[] {
  const credential = new DefaultAzureCredential({ managedIdentityClientId: "00000000-0000-0000-0000-000000000001" });
  return (credential as unknown as { _sources: object[] })._sources.map((source) => source.constructor.name);
}

const developerCredentials = [
  "AzureCliCredential",
  "AzurePowerShellCredential",
  "AzureDeveloperCliCredential",
  "VisualStudioCodeCredential",
];

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("AZURE_TOKEN_CREDENTIALS", () => {
  it("without it, the chain walks developer credentials after the identities (what production must not do)", () => {
    vi.stubEnv(appSettingNames.azureTokenCredentials, "");
    expect(chain()).toEqual(expect.arrayContaining(developerCredentials));
  });

  it("the value the settings map delivers keeps environment, workload and managed identity only", () => {
    vi.stubEnv(appSettingNames.azureTokenCredentials, appSettingValues[appSettingNames.azureTokenCredentials]);
    // What the AKS workload identity webhook injects; the token file is read only when a token is requested.
    vi.stubEnv("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000002");
    vi.stubEnv("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token");
    expect(chain()).toEqual(["EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential"]);
  });
});
