import type { TokenCredential, TokenCredentialOptions } from "@azure/identity";
import * as pulumi from "@pulumi/pulumi";

// The registry's admin user stays off. The runner's own Entra ID login is exchanged for an ACR refresh token, exactly
// what `az acr login --expose-token` does; docker-build keeps it in state (encrypted) and ignores a changed password
// in its diff (pulumi-docker-build provider/internal/image.go Diff), so a new token each run rebuilds nothing.
const acrTokenUser = "00000000-0000-0000-0000-000000000000";
/** A preview pushes nothing (its cache export may fail: the Image ignores that error), so it asks Azure for no token. */
export const previewPassword = "no-token-in-preview";

export interface RegistryLogin {
  address: pulumi.Output<string>;
  username: string;
  password: pulumi.Output<string>;
}

/** In CI the credential is the workload identity fed by the refreshed GitHub token file; on a workstation, `az login`. */
export async function deployerCredential(
  env: NodeJS.ProcessEnv = process.env,
  options: TokenCredentialOptions = {},
): Promise<TokenCredential> {
  const identity = await import("@azure/identity");
  if (env.AZURE_FEDERATED_TOKEN_FILE) {
    // It re-reads the token file once its copy is 5 minutes old (@azure/identity dist/commonjs/credentials/workloadIdentityCredential.js readFileContents).
    return new identity.WorkloadIdentityCredential({
      ...options,
      tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE,
      clientId: env.AZURE_CLIENT_ID,
      tenantId: env.AZURE_TENANT_ID,
    });
  }
  return new identity.DefaultAzureCredential(options);
}

async function exchangeForAcrToken(loginServer: string): Promise<string> {
  const aad = await (await deployerCredential()).getToken("https://management.azure.com/.default");
  if (!aad)
    throw new Error("no Entra ID token for the deploying identity: sign in with az login (CI: the pulumi-azure action's token file)");
  const response = await fetch(`https://${loginServer}/oauth2/exchange`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "access_token", service: loginServer, access_token: aad.token }),
  });
  if (!response.ok) {
    throw new Error(
      `ACR token exchange with ${loginServer} failed (${response.status}): the deploying identity needs AcrPush on the registry`,
    );
  }
  const { refresh_token: refreshToken } = (await response.json()) as { refresh_token?: string };
  if (!refreshToken) throw new Error(`ACR token exchange with ${loginServer} returned no refresh token`);
  return refreshToken;
}

/** Push credentials for the docker-build Image: a token only when `pulumi up` pushes. */
export function acrPushCredentials(loginServer: pulumi.Output<string>): RegistryLogin {
  const password = loginServer.apply((server) =>
    pulumi.runtime.isDryRun() ? Promise.resolve(previewPassword) : exchangeForAcrToken(server),
  );
  return { address: loginServer, username: acrTokenUser, password: pulumi.secret(password) };
}
